// The browser scenarios type the admin password and webhook URLs into the console. Playwright names
// a `fill` step after its value, so a careless fill puts them into the HTML report: scan it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { startLab } from '../../mocks/lab.ts';
import { SecretScanner } from './secret-scan.ts';

const browser = chooseChromium();

test('the console scenarios leave no password or webhook secret in any report', {
  skip: browser.available ? false : browser.reason,
  timeout: 180_000,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'console-leak-'));
  const lab = await startLab({ dir: join(dir, 'lab') });
  t.after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });
  const reports = join(dir, 'reports');
  const results = join(dir, 'test-results');
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '--project=console', `--output=${results}`],
      { env: { ...process.env, ...lab.env, TARGET: 'cluster', REPORTS_DIR: reports }, stdio: 'ignore' },
    );
    child.on('close', resolve);
  });
  assert.equal(code, 0, 'the console scenarios pass');
  assert.ok(existsSync(join(reports, 'html', 'index.html')), 'the HTML report was written');

  const secretPart = (url: string) => url.split(/sig=|\//).pop() ?? '';
  const scanner = new SecretScanner([
    { label: 'ROX_ADMIN_PASSWORD', value: lab.env.ROX_ADMIN_PASSWORD ?? '' },
    { label: 'ROX_API_TOKEN', value: lab.env.ROX_API_TOKEN ?? '' },
    { label: 'Slack hook secret', value: secretPart(lab.env.SLACK_WEBHOOK_URL ?? '') },
    { label: 'Teams sig', value: secretPart(lab.env.TEAMS_WEBHOOK_URL ?? '') },
  ]);
  scanner.scanTree('reports', reports);
  scanner.scanTree('test-results', results);
  assert.deepEqual(scanner.hits, []);
});
