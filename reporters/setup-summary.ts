// The summary reporter never runs when global setup stops the run, so setup writes summary.md/.json
// itself: the reports say why nothing ran instead of keeping an earlier run's verdict.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeError, isHarnessError } from '../src/errors.ts';
import { RUN_IN_PROGRESS_EXIT_CODE } from '../src/kube/run-lease.ts';
import { redact } from '../src/redact.ts';
import type { RunSummary } from './summary-model.ts';

export function writeSetupSummary(
  errors: unknown[],
  secrets: string[],
  exitCode: number,
  startedAt: Date,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const setupErrors = errors.map((e) =>
    isHarnessError(e)
      ? { code: e.code, what: e.what, cause: e.cause, fix: e.fix, message: describeError(e, secrets) }
      : { code: 'UNEXPECTED', message: describeError(e, secrets) },
  );
  const summary: RunSummary & { setupErrors: typeof setupErrors } = {
    runId: env.RUN_ID ?? '',
    target: env.HARNESS_TARGET ?? 'unknown',
    targetReason: env.HARNESS_TARGET_REASON ?? '',
    profile: env.LAB_PROFILE || 'default',
    status: 'failed',
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    totals: { passed: 0, failed: 0, skipped: 0, timedOut: 0, interrupted: 0 },
    scenarios: [],
    findings: [],
    advisories: [],
    setupErrors,
  };
  const markdown = [
    '# Notifications module: FAILED',
    '',
    `- Target: **${summary.target}**${summary.targetReason ? ` (${summary.targetReason})` : ''}`,
    exitCode === RUN_IN_PROGRESS_EXIT_CODE
      ? `- Stopped before any scenario ran: another run holds this cluster (exit code ${exitCode})`
      : `- Stopped before any scenario ran: the settings or the target cannot be used (exit code ${exitCode})`,
    '',
    '## Why',
    '',
    ...setupErrors.map((e) => `- ${e.message}`),
    '',
  ].join('\n');
  try {
    const dir = env.REPORTS_DIR ?? 'reports';
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), `${redact(JSON.stringify(summary, null, 2), secrets)}\n`);
    writeFileSync(join(dir, 'summary.md'), redact(markdown, secrets));
  } catch (e) {
    console.error(`Could not write the summary: ${describeError(e, secrets)}`);
  }
}
