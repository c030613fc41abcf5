// A Playwright project run as a child process (runProject) with the JSON reporter, read back as
// each spec's outcome: its status, its skip reason, its steps' titles and its errors.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { runProject } from '../verify-bad-input/run-verify.ts';

interface ReportStep {
  title: string;
  steps?: ReportStep[];
}
interface ReportSpec {
  title: string;
  file: string;
  tests: {
    status: string;
    annotations: { type: string; description?: string }[];
    results: { steps?: ReportStep[]; errors?: { message?: string }[] }[];
  }[];
}
interface ReportSuite {
  specs: ReportSpec[];
  suites?: ReportSuite[];
}

export interface SpecOutcome {
  /** The spec's file as the report names it, relative to the config's folder. */
  file: string;
  title: string;
  /** expected, unexpected, skipped, flaky; 'none' when it has no test. */
  status: string;
  /** The skip annotation's description, '' when there is none. */
  skip: string;
  /** Every step's title, nested steps flattened in order. */
  steps: string[];
  /** Every error message of every result, a line each. */
  errors: string;
}

export interface JsonRun {
  code: number | null;
  /** stdout and stderr of the run. */
  output: string;
  specs: SpecOutcome[];
  /** For assertion messages: each spec's status and skip reason, every error, then the output. */
  detail: string;
}

const specsOf = (suite: ReportSuite): ReportSpec[] => [
  ...suite.specs,
  ...(suite.suites ?? []).flatMap(specsOf),
];
const stepTitles = (steps: ReportStep[] = []): string[] =>
  steps.flatMap((s) => [s.title, ...stepTitles(s.steps)]);

function outcomeOf(spec: ReportSpec): SpecOutcome {
  const result = spec.tests[0];
  const results = result?.results ?? [];
  return {
    file: spec.file,
    title: spec.title,
    status: result?.status ?? 'none',
    skip: result?.annotations.find((a) => a.type === 'skip')?.description ?? '',
    steps: results.flatMap((r) => stepTitles(r.steps)),
    errors: results
      .flatMap((r) => r.errors ?? [])
      .map((e) => e.message ?? '')
      .join('\n'),
  };
}

/**
 * `playwright test --project=<project> --reporter=json [args]` with only `env` set, its report and
 * everything else it writes in `dir` (created if missing).
 */
export async function runJson(
  dir: string,
  project: string,
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 240_000,
): Promise<JsonRun> {
  await mkdir(dir, { recursive: true });
  const jsonFile = join(dir, 'report.json');
  const run = await runProject(
    dir,
    project,
    { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile },
    ['--reporter=json', ...args],
    timeoutMs,
  );
  assert.ok(existsSync(jsonFile), `the run wrote its JSON report\n${run.output}`);
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { suites: ReportSuite[] };
  const specs = report.suites.flatMap(specsOf).map(outcomeOf);
  const brief = specs.map((s) => ({ file: s.file, title: s.title, status: s.status, skip: s.skip }));
  const errors = specs
    .map((s) => s.errors)
    .filter((e) => e !== '')
    .join('\n');
  return {
    code: run.exitCode,
    output: run.output,
    specs,
    detail: `${JSON.stringify(brief, null, 2)}\n${errors}\n${run.output}`,
  };
}
