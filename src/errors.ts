import { redact } from './redact.ts';

export interface HarnessErrorInit {
  /** Short machine-readable code, e.g. 'STRICT_DECODING', 'CENTRAL_UNAUTHENTICATED'. */
  code: string;
  /** What the harness was doing, e.g. "Applying SecurityPolicy stackrox/no-bash-allowed". */
  what: string;
  /** Why it failed, in the user's terms. */
  cause: string;
  /** What to do about it. */
  fix: string;
  details?: Record<string, unknown>;
}

/**
 * The only error type the harness raises. Its message always reads
 * "<what failed>: <cause>. Fix: <fix>" so a report line is self-explanatory.
 */
export class HarnessError extends Error {
  // Declared as a plain string (not Error's `cause?: unknown`) so every consumer can print it.
  override cause: string;
  fix: string;
  code: string;
  what: string;
  details?: Record<string, unknown>;

  constructor(init: HarnessErrorInit) {
    // Causes often quote a server (Central's Go errors repeat the webhook URL): mask every known
    // secret shape before the text can reach a report, a trace or the console.
    const what = redact(init.what);
    const cause = redact(init.cause);
    const fix = redact(init.fix);
    super(`${what}: ${stripPeriod(cause)}. Fix: ${fix}`);
    this.name = 'HarnessError';
    this.code = init.code;
    this.what = what;
    this.cause = cause;
    this.fix = fix;
    if (init.details !== undefined) this.details = init.details;
  }
}

function stripPeriod(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

export function isHarnessError(e: unknown): e is HarnessError {
  return e instanceof HarnessError;
}

/** One printable, redacted paragraph for any thrown value; never a stack trace for HarnessErrors. */
export function describeError(e: unknown, secrets: string[] = []): string {
  if (e instanceof HarnessError) return redact(`[${e.code}] ${e.message}`, secrets);
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const prefix = typeof code === 'string' ? `[${code}] ` : '';
    return redact(`${prefix}${e.name}: ${e.message}`, secrets);
  }
  return redact(`Unexpected error: ${String(e)}`, secrets);
}

/** Wraps an unexpected low-level error so nothing reaches the user as a bare stack trace. */
export function toHarnessError(
  e: unknown,
  what: string,
  fix = 'Re-run with the details below; if it persists, report it with the HTML report attached',
): HarnessError {
  if (e instanceof HarnessError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new HarnessError({ code: 'UNEXPECTED', what, cause: message, fix });
}
