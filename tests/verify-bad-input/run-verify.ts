// Runs the real entry point (`playwright test --project=scenarios`) as a child process with a
// chosen environment, and reads back what a person would: the console, reports/summary.md and the
// attachments of the HTML report.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { readZip } from '../security/zip-entries.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');

export interface VerifyRun {
  exitCode: number | null;
  /** stdout and stderr, as a console shows them. */
  output: string;
  ms: number;
  /** When each console line arrived, in ms from the start. */
  lineTimes: { line: string; ms: number }[];
  reportsDir: string;
  /** reports/summary.md, or '' when the run wrote none. */
  summary: string;
}

/** A scratch directory, removed when the test ends. */
export async function scratch(
  t: { after: (fn: () => Promise<void>) => void },
  prefix: string,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `bad-input-${prefix}-`));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An embedded lab with its state in <scratch>/lab, closed when the test ends. */
export async function scratchLab(
  t: { after: (fn: () => Promise<void>) => void },
  prefix: string,
): Promise<{ dir: string; lab: Lab }> {
  const dir = await scratch(t, prefix);
  const lab = await startLab({ dir: join(dir, 'lab') });
  t.after(() => lab.close());
  return { dir, lab };
}

/**
 * `playwright test --project=scenarios [args]` in the repository with only `env` set (plus PATH);
 * REPORTS_DIR, --output, HOME and TMPDIR point into `dir`, so nothing from this machine leaks in.
 */
export function runVerify(
  dir: string,
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 90_000,
): Promise<VerifyRun> {
  return runProject(dir, 'scenarios', env, args, timeoutMs);
}

/** `playwright test --project=<project> [args]`, set up as runVerify sets up the scenarios. */
export function runProject(
  dir: string,
  project: string,
  env: Record<string, string>,
  args: string[],
  timeoutMs: number,
): Promise<VerifyRun> {
  const reportsDir = join(dir, 'reports');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TMPDIR: dir,
    REPORTS_DIR: reportsDir,
    ...env,
  };
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PLAYWRIGHT_CLI, 'test', `--project=${project}`, `--output=${join(dir, 'test-results')}`, ...args],
      { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const lineTimes: { line: string; ms: number }[] = [];
    const take = (c: Buffer) => {
      const ms = Date.now() - started;
      const text = c.toString('utf8');
      for (const line of text.split('\n')) if (line.trim() !== '') lineTimes.push({ line, ms });
      output += text;
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      const summaryPath = join(reportsDir, 'summary.md');
      resolve({
        exitCode,
        output,
        ms: Date.now() - started,
        lineTimes,
        reportsDir,
        summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
      });
    });
  });
}

export interface Attachment {
  test: string;
  name: string;
  body: string;
}

/** Every inline attachment of the HTML report (it embeds its data as a base64 zip). */
export function reportAttachments(reportsDir: string): Attachment[] {
  const html = readFileSync(join(reportsDir, 'html', 'index.html'), 'utf8');
  const data = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/.exec(html)?.[1];
  assert.ok(data, 'the HTML report embeds its data');
  const out: Attachment[] = [];
  for (const entry of readZip(Buffer.from(data, 'base64'))) {
    if (entry.name === 'report.json') continue;
    const file = JSON.parse(entry.data.toString('utf8')) as {
      tests?: { title: string; results: { attachments: { name: string; body?: string }[] }[] }[];
    };
    for (const test of file.tests ?? [])
      for (const result of test.results)
        for (const a of result.attachments)
          if (a.body !== undefined) out.push({ test: test.title, name: a.name, body: a.body });
  }
  return out;
}

const ERROR_HEADLINE = /^\s*(?:\[[A-Z_]+\] |\w*Error: )/;

/**
 * Error headlines (a console line starting with "[CODE] " or "SomeError: ") that do not carry a
 * "Fix:": a failure explained only by a stack trace or a bare expect() diff.
 */
export function unexplainedErrors(output: string): string[] {
  return output.split('\n').filter((line) => ERROR_HEADLINE.test(line) && !line.includes('Fix: '));
}

/** The console and summary.md both carry `texts`, every failure is explained, and it did fail. */
export function assertExplainedFailure(run: VerifyRun, texts: string[]): void {
  assert.notEqual(run.exitCode, 0, `the run must fail\n${run.output}`);
  for (const text of texts) {
    assert.ok(
      run.output.includes(text),
      `the console says ${JSON.stringify(text)}\n--- console:\n${run.output}`,
    );
    assert.ok(
      run.summary.includes(text),
      `summary.md says ${JSON.stringify(text)}\n--- summary.md:\n${run.summary}`,
    );
  }
  assert.deepEqual(unexplainedErrors(run.output), [], 'every error line names its fix');
  assert.match(run.summary, /^# Notifications module: FAILED/);
}

// Playwright's own start (loading the config and transpiling it) before global setup runs; on a
// loaded machine it alone can take seconds, which the harness does not control.
const NORMAL_STARTUP_MS = 5_000;
const SETUP_BUDGET_MS = 10_000;

/**
 * A configuration-level failure: global setup stops the run with its message, no test runs, no
 * stack, within 15 s. Global setup's own part (from its first line to the exit) must take under
 * 10 s; the 15 s overall holds whenever Playwright itself started in normal time.
 */
export function assertSetupFailure(
  run: VerifyRun,
  texts: string[],
  note: (message: string) => void = () => {},
  maxMs = 15_000,
): void {
  assertExplainedFailure(run, texts);
  assert.equal(run.exitCode, 2, run.output);
  const setupStart = run.lineTimes[0]?.ms ?? 0;
  const setupMs = run.ms - setupStart;
  assert.ok(
    setupMs < SETUP_BUDGET_MS,
    `global setup stopped the run within ${SETUP_BUDGET_MS} ms (took ${setupMs} ms)`,
  );
  if (setupStart <= NORMAL_STARTUP_MS)
    assert.ok(run.ms < maxMs, `stopped within ${maxMs} ms (took ${run.ms} ms)`);
  else
    note(
      `Playwright took ${setupStart} ms to start (machine busy): total ${run.ms} ms, global setup ${setupMs} ms`,
    );
  assert.doesNotMatch(run.output, /Running \d+ tests?/, 'no scenario ran');
  assert.doesNotMatch(run.output, /^\s+at /m, 'no stack trace');
  assert.match(run.summary, /Stopped before any scenario ran/);
}

/** Secret values must not appear in the console or the summary. */
export function assertNoSecrets(run: VerifyRun, secrets: string[]): void {
  for (const s of secrets) {
    assert.ok(!run.output.includes(s), 'a secret leaked into the console');
    assert.ok(!run.summary.includes(s), 'a secret leaked into summary.md');
  }
}
