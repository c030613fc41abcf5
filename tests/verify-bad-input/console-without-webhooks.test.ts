// Issue 9 item 8: the console steps against a cluster without real Slack/Teams webhooks (TARGET=cluster,
// SLACK_WEBHOOK_URL and TEAMS_WEBHOOK_URL unset, as when the harness provides its own receivers for
// the API scenarios). The steps that need a webhook are skipped with the reason, none fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { startLab } from '../../mocks/lab.ts';
import { ROOT, scratch } from './run-verify.ts';

const browser = chooseChromium();

interface Spec {
  title: string;
  tests: { status: string; annotations: { type: string; description?: string }[] }[];
}
interface Suite {
  specs: Spec[];
  suites?: Suite[];
}

const specsOf = (suite: Suite): Spec[] => [...suite.specs, ...(suite.suites ?? []).flatMap(specsOf)];

test('console steps that need a webhook skip with the reason on a cluster without webhooks', {
  skip: browser.available ? false : browser.reason,
  timeout: 180_000,
}, async (t) => {
  const dir = await scratch(t, 'console-no-webhooks');
  const lab = await startLab({ dir: join(dir, 'lab') });
  t.after(() => lab.close());
  const { SLACK_WEBHOOK_URL: _s, TEAMS_WEBHOOK_URL: _t, ...env } = lab.env;
  const jsonFile = join(dir, 'report.json');
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        'node_modules/@playwright/test/cli.js',
        'test',
        '--project=console',
        '--reporter=json',
        `--output=${join(dir, 'test-results')}`,
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: dir,
          ...env,
          TARGET: 'cluster',
          RECEIVER_MODE: 'in-cluster',
          REPORTS_DIR: join(dir, 'reports'),
          PLAYWRIGHT_JSON_OUTPUT_NAME: jsonFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('close', resolve);
  });
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { suites: Suite[] };
  const outcome = Object.fromEntries(
    report.suites.flatMap(specsOf).map((s) => {
      const result = s.tests[0];
      const skip = result?.annotations.find((a) => a.type === 'skip')?.description ?? '';
      return [s.title, { status: result?.status ?? 'none', skip }];
    }),
  );
  const detail = `${JSON.stringify(outcome, null, 2)}\n${output}`;
  assert.equal(code, 0, `no console step fails\n${detail}`);
  assert.equal(outcome['log into the RHACS console']?.status, 'expected', detail);
  const webhookSteps: [string, RegExp][] = [
    ['Slack: create slack-alerts, Test it, Save', /^SLACK_WEBHOOK_URL is not set: /],
    ['Teams: create teams-alerts, Test it, Save', /^TEAMS_WEBHOOK_URL is not set: /],
    [
      'Configure Notifications: attach both notifiers to "No bash allowed"',
      /slack-alerts and teams-alerts\b.*SLACK_WEBHOOK_URL, TEAMS_WEBHOOK_URL not set/,
    ],
    [
      'an externally managed policy warns, accepts the notifiers, then loses them at reconcile',
      /slack-alerts and teams-alerts\b.*SLACK_WEBHOOK_URL, TEAMS_WEBHOOK_URL not set/,
    ],
  ];
  for (const [title, reason] of webhookSteps) {
    assert.equal(outcome[title]?.status, 'skipped', `${title}\n${detail}`);
    assert.match(outcome[title]?.skip ?? '', reason, title);
    // The reason says why the harness's own receivers do not help here.
    assert.match(outcome[title]?.skip ?? '', /RECEIVER_MODE.*API scenarios/, title);
  }
});
