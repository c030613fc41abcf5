// What the as-written run must show: the module as written fails on the embedded lab, and the
// reports explain F1, F3 and F5 (what happened, why, how to fix).
import type { RunSummary } from '../reporters/summary-model.ts';

export const EXPECTED_FINDINGS = ['F1', 'F3', 'F5'] as const;

/** Problems with the as-written run's outcome; empty when it failed the expected way. */
export function asWrittenProblems(
  exitCode: number | null,
  summary: RunSummary | undefined,
  markdown: string,
): string[] {
  const problems: string[] = [];
  if (exitCode === 0) problems.push('the as-written run passed; it must fail');
  if (!summary) return [...problems, 'no summary.json was written'];
  if (summary.profile !== 'as-written') problems.push(`the run used profile "${summary.profile}"`);
  if (summary.totals.failed + summary.totals.timedOut === 0) problems.push('no scenario failed');
  for (const id of EXPECTED_FINDINGS) {
    const f = summary.findings.find((x) => x.id === id);
    if (!f) {
      problems.push(`finding ${id} is missing from summary.json`);
      continue;
    }
    for (const key of ['happened', 'why', 'fix'] as const) {
      if (f[key].trim() === '') problems.push(`finding ${id} has no "${key}"`);
    }
    if (!markdown.includes(`### ${id}:`)) problems.push(`finding ${id} is missing from summary.md`);
  }
  return problems;
}
