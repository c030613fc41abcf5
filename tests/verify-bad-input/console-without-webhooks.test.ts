// Issue 9 item 8: the console steps against a cluster without real Slack/Teams webhooks (TARGET=cluster,
// SLACK_WEBHOOK_URL and TEAMS_WEBHOOK_URL unset, as when the harness provides its own receivers for
// the API scenarios). The steps that need a webhook are skipped with the reason, none fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { runJson } from '../support/playwright-json.ts';
import { scratchLab } from './run-verify.ts';

const browser = chooseChromium();

test('console steps that need a webhook skip with the reason on a cluster without webhooks', {
  skip: browser.available ? false : browser.reason,
  timeout: 180_000,
}, async (t) => {
  const { dir, lab } = await scratchLab(t, 'console-no-webhooks');
  const { SLACK_WEBHOOK_URL: _s, TEAMS_WEBHOOK_URL: _t, ...env } = lab.env;
  const { code, specs, detail } = await runJson(dir, 'console', {
    ...env,
    TARGET: 'cluster',
    RECEIVER_MODE: 'in-cluster',
  });
  const outcome = Object.fromEntries(specs.map((s) => [s.title, s]));
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
