// Issue 9 item 4: the receivers belong to the run, not to a Playwright worker. A real Playwright run
// (the harness's global setup, fixtures and teardown; worker-restart/) against the embedded lab
// reached as a cluster: the first worker creates notifiers pointing at the harness's receivers, a
// test fails on purpose (Playwright discards the worker: playwright.dev/docs/test-retries), and a
// later test in the new worker still reads what the kept notifiers post. In public mode and in-cluster.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { ROOT } from '../verify-bad-input/run-verify.ts';

const CONFIG = 'tests/receivers-cluster/worker-restart/playwright.config.ts';
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');

interface Outcome {
  title: string;
  status: string;
  workerIndex: number;
  error: string;
}

interface JsonReport {
  suites: {
    specs: {
      title: string;
      tests: { results: { status: string; workerIndex: number; error?: { message?: string } }[] }[];
    }[];
  }[];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

function runRestartSpecs(
  dir: string,
  env: Record<string, string>,
): Promise<{ output: string; outcomes: Outcome[] }> {
  const jsonFile = join(dir, 'report.json');
  const childEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    TMPDIR: dir,
    REPORTS_DIR: join(dir, 'reports'),
    PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
    ...env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [PLAYWRIGHT_CLI, 'test', '-c', CONFIG, `--output=${join(dir, 'out')}`],
      {
        cwd: ROOT,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      let report: JsonReport;
      try {
        report = JSON.parse(readFileSync(jsonFile, 'utf8')) as JsonReport;
      } catch {
        reject(new Error(`no JSON report:\n${output}`));
        return;
      }
      const outcomes = report.suites.flatMap((suite) =>
        suite.specs.map((spec) => {
          const result = spec.tests[0]?.results[0];
          return {
            title: spec.title,
            status: result?.status ?? 'not run',
            workerIndex: result?.workerIndex ?? -1,
            error: result?.error?.message ?? '',
          };
        }),
      );
      resolve({ output, outcomes });
    });
  });
}

async function assertLaterScenarioReads(lab: Lab, env: Record<string, string>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'worker-restart-'));
  try {
    const { output, outcomes } = await runRestartSpecs(dir, { ...lab.env, TARGET: 'cluster', ...env });
    assert.deepEqual(
      outcomes.map((o) => [o.title, o.status]),
      [
        ['notifiers created by the first worker reach the receivers', 'passed'],
        ['a step that fails on purpose', 'failed'],
        ['a later scenario in a new worker reads what the kept notifiers post', 'passed'],
      ],
      `${outcomes.map((o) => o.error).join('\n')}\n--- console:\n${output}`,
    );
    const [first, , last] = outcomes;
    assert.notEqual(last?.workerIndex, first?.workerIndex, 'the last test ran in a new worker');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('receivers survive a worker restart (a real Playwright run)', { timeout: 400_000 }, () => {
  let lab: Lab;
  let labDir = '';
  before(async () => {
    labDir = await mkdtemp(join(tmpdir(), 'worker-restart-lab-'));
    lab = await startLab({ dir: labDir });
  });
  after(async () => {
    await lab?.close();
    await rm(labDir, { recursive: true, force: true });
  });

  it('public mode: the receiver process started by global setup outlives the worker', async () => {
    const port = await freePort();
    await assertLaterScenarioReads(lab, {
      RECEIVER_MODE: 'public',
      RECEIVER_PORT: String(port),
      RECEIVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
  });

  it('in-cluster mode: the new worker attaches to the receiver the first one deployed', async () => {
    await assertLaterScenarioReads(lab, { RECEIVER_MODE: 'in-cluster' });
  });
});
