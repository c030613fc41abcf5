// `npm run test:as-written`: runs the scenarios against the embedded lab in the as-written profile
// and succeeds only if they fail with F1, F3 and F5 explained in the reports.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../reporters/summary-model.ts';
import { asWrittenProblems, EXPECTED_FINDINGS } from './as-written-check.ts';

const reportsDir = join('reports', 'as-written');
rmSync(reportsDir, { recursive: true, force: true });

const run = spawnSync(process.execPath, ['node_modules/@playwright/test/cli.js', 'test'], {
  env: { ...process.env, TARGET: 'embedded', LAB_PROFILE: 'as-written', REPORTS_DIR: reportsDir },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  timeout: 10 * 60_000,
});

const summaryPath = join(reportsDir, 'summary.json');
const summary = existsSync(summaryPath)
  ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary)
  : undefined;
const mdPath = join(reportsDir, 'summary.md');
const markdown = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
const problems = asWrittenProblems(run.status, summary, markdown);

if (problems.length > 0) {
  console.error(`${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n').slice(-60).join('\n'));
  console.error(`\nThe as-written run did not fail as expected:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
const t = summary!.totals;
console.log(
  `as-written profile: failed as expected (${t.passed} passed, ${t.failed + t.timedOut} failed); ` +
    `${EXPECTED_FINDINGS.join(', ')} explained in ${mdPath}`,
);
