// Where a module step reports what it saw besides its result: findings, notes for the reader, hop
// times and evidence. Verify's fixtures write them to the Playwright report; the step's code stays
// free of Playwright.

import type { Finding } from '../diagnose/finding.ts';
import { HarnessError } from '../errors.ts';

export interface StepSink {
  finding(f: Finding): void;
  /** A line for the reader (a report annotation and the console). */
  note(text: string): void;
  hop(name: string, ms: number): void;
  evidence(key: string, value: unknown): void;
}

/** Records the finding and returns the step's error made from it (its cause and fix), to throw. */
export function failWith(
  sink: Pick<StepSink, 'finding'>,
  f: Finding,
  error: { code: string; what: string; details?: Record<string, unknown> },
): HarnessError {
  sink.finding(f);
  return new HarnessError({
    code: error.code,
    what: error.what,
    cause: f.happened,
    fix: f.fix,
    details: { ...error.details, finding: f.id },
  });
}
