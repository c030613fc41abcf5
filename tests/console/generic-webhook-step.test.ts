// The console's Generic Webhook step on a cluster (TARGET=cluster, against the embedded lab): it runs
// only for a text that creates a Generic Webhook, and only with GENERIC_WEBHOOK_URL, else it is
// skipped saying which of the two is missing; with both it creates the notifier through the form.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { startLab } from '../../mocks/lab.ts';
import { ROOT, scratch } from '../verify-bad-input/run-verify.ts';

const browser = chooseChromium();
const STEP = "Generic Webhook: create the text's integration, Test it, Save";
const GUIDE = 'tests/module/guides/generic-first.adoc';

interface Result {
  status: string;
  annotations: { type: string; description?: string }[];
}
interface Suite {
  specs: { title: string; tests: Result[] }[];
  suites?: Suite[];
}

const specsOf = (suite: Suite): Suite['specs'] => [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];

async function runStep(dir: string, env: Record<string, string | undefined>) {
  mkdirSync(dir, { recursive: true });
  const jsonFile = join(dir, 'report.json');
  let output = '';
  await new Promise<void>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/@playwright/test/cli.js',
        'test',
        '--project=console',
        '--reporter=json',
        '-g',
        'Generic Webhook',
        `--output=${join(dir, 'test-results')}`,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: dir,
          ...env,
          TARGET: 'cluster',
          REPORTS_DIR: join(dir, 'reports'),
          PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('close', () => resolve());
  });
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { suites: Suite[] };
  const spec = report.suites.flatMap(specsOf).find((s) => s.title === STEP);
  const result = spec?.tests[0];
  const skip = result?.annotations.find((a) => a.type === 'skip')?.description ?? '';
  return { status: result?.status ?? 'none', skip, detail: `${JSON.stringify(spec)}\n${output}` };
}

test('the Generic Webhook console step: skipped without the text or the URL, else it creates the notifier', {
  skip: browser.available ? false : browser.reason,
  timeout: 240_000,
}, async (t) => {
  const dir = await scratch(t, 'console-generic-step');
  const lab = await startLab({ dir: join(dir, 'lab') });
  t.after(() => lab.close());
  const { MODULE_GUIDE: _guide, ...env } = lab.env;

  const builtIn = await runStep(join(dir, 'built-in'), env);
  assert.equal(builtIn.status, 'skipped', builtIn.detail);
  assert.match(
    builtIn.skip,
    /^no Generic Webhook integration in the text verified \(the built-in corrected copy/,
  );

  const { GENERIC_WEBHOOK_URL: _url, ...withoutUrl } = env;
  const noUrl = await runStep(join(dir, 'no-url'), { ...withoutUrl, MODULE_GUIDE: GUIDE });
  assert.equal(noUrl.status, 'skipped', noUrl.detail);
  assert.match(
    noUrl.skip,
    /^GENERIC_WEBHOOK_URL is not set: .*Set GENERIC_WEBHOOK_URL to a webhook Central can reach$/,
  );

  const full = await runStep(join(dir, 'full'), { ...env, MODULE_GUIDE: GUIDE });
  assert.equal(full.status, 'expected', full.detail);
  const made = [...lab.central.store.notifiers.values()].find((n) => n.name === 'webhook-alerts');
  assert.equal(made, undefined, 'the run deletes the notifier it made when it ends');
});
