// `npx playwright test --project=scenarios` against the embedded lab attaches the inbox screenshot to 04,
// read back from the JSON report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chooseChromium, SHOT_CONTEXT, SYSTEM_CHROMIUM } from '../../fixtures/browser-launch.ts';
import { INBOX_ATTACHMENT } from '../../fixtures/inbox-screenshot.ts';
import { embeddedEnv, pngSize } from './png.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const choice = chooseChromium();

interface JsonAttachment {
  name: string;
  contentType: string;
  body?: string;
  path?: string;
}
interface JsonResult {
  status: string;
  attachments: JsonAttachment[];
  steps: { title: string; error?: unknown }[];
}
interface JsonSuite {
  file?: string;
  specs?: { file: string; title: string; tests: { results: JsonResult[] }[] }[];
  suites?: JsonSuite[];
}

function resultsOf(suite: JsonSuite, file: string): JsonResult[] {
  const own = (suite.specs ?? [])
    .filter((s) => s.file === file)
    .flatMap((s) => s.tests.flatMap((t) => t.results));
  return [...own, ...(suite.suites ?? []).flatMap((s) => resultsOf(s, file))];
}

test("scenario 04 attaches the inbox screenshot with this run's alert", {
  skip:
    choice.available && choice.executablePath === SYSTEM_CHROMIUM
      ? false
      : `${SYSTEM_CHROMIUM} is not installed`,
  timeout: 300_000,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'scenario-shot-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const report = join(dir, 'report.json');
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/@playwright/test/cli.js',
      'test',
      '--project=scenarios',
      '--reporter=json',
      '--output',
      join(dir, 'results'),
    ],
    {
      cwd: root,
      env: embeddedEnv({ PLAYWRIGHT_JSON_OUTPUT_FILE: report, REPORTS_DIR: join(dir, 'reports') }),
      encoding: 'utf8',
      timeout: 280_000,
    },
  );
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(await readFile(report, 'utf8')) as { suites: JsonSuite[] };
  const results = json.suites.flatMap((s) => resultsOf(s, '04-runtime-alert.spec.ts'));
  assert.equal(results.length, 1);
  const result = results[0]!;
  assert.equal(result.status, 'passed');
  const step = result.steps.find((s) => s.title.startsWith('Screenshot: the lab inbox'));
  assert.ok(step, `steps: ${result.steps.map((s) => s.title).join(' | ')}`);
  assert.equal(step.error, undefined);

  const shots = result.attachments.filter((a) => a.name === INBOX_ATTACHMENT);
  assert.equal(shots.length, 1, `attachments: ${result.attachments.map((a) => a.name).join(', ')}`);
  const shot = shots[0]!;
  assert.equal(shot.contentType, 'image/png');
  const bytes = shot.body ? Buffer.from(shot.body, 'base64') : await readFile(shot.path ?? '');
  const size = pngSize(bytes);
  assert.equal(size.width, SHOT_CONTEXT.viewport.width);
  assert.ok(bytes.length > 20_000, `${bytes.length} bytes`);
});
