import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type CheckState,
  evaluateGoals,
  exitCodeFor,
  type GoalId,
  type GoalResult,
} from '../../src/check/index.ts';
import {
  ALERT_ID,
  alert,
  cr,
  message,
  NOW,
  notifier,
  passingState,
  policy,
  proc,
  SLACK_TRIGGER_URL,
  SLACK_URL,
  TEAMS_URL,
} from './fixtures.ts';

function goalOf(state: CheckState, id: GoalId): GoalResult {
  const r = evaluateGoals(state).find((g) => g.id === id);
  assert.ok(r, `goal ${id} is evaluated`);
  return r;
}

function expectFail(r: GoalResult, hintPattern: RegExp, finding?: string): void {
  assert.equal(r.status, 'fail', `${r.id}: ${r.detail}`);
  assert.match(r.hint ?? '', hintPattern);
  if (finding !== undefined) assert.equal(r.finding, finding);
}

describe('a state that meets every goal', () => {
  test('passes all seven goals, in the module order, and exits 0', () => {
    const results = evaluateGoals(passingState());
    assert.deepEqual(
      results.map((r) => [r.id, r.status]),
      [
        ['slack-notifier', 'ok'],
        ['teams-notifier', 'ok'],
        ['policy', 'ok'],
        ['policy-notifiers', 'ok'],
        ['alert', 'ok'],
        ['slack-delivery', 'ok'],
        ['teams-delivery', 'ok'],
      ],
    );
    assert.equal(exitCodeFor(results), 0);
  });

  test('an imperative (console) policy with both notifiers passes without a CR', () => {
    const s = passingState();
    s.policy = policy({ source: 'IMPERATIVE' });
    s.cr = { found: false };
    assert.equal(goalOf(s, 'policy-notifiers').status, 'ok');
  });

  test('a Workflows webhook passes with the F5 caution', () => {
    const r = goalOf(passingState(), 'teams-notifier');
    assert.equal(r.status, 'ok');
    assert.equal(r.finding, 'F5');
    assert.match(r.hint ?? '', /Adaptive Card/);
  });
});

describe('slack-alerts', () => {
  test('missing: create it', () => {
    const s = passingState();
    s.notifiers = s.notifiers.filter((n) => n.name !== 'slack-alerts');
    expectFail(goalOf(s, 'slack-notifier'), /Create it in Platform Configuration -> Integrations/);
  });

  test('named almost right: rename it to the exact name', () => {
    const s = passingState();
    s.notifiers = [notifier('Slack-Alert', 'slack', SLACK_URL), notifier('teams-alerts', 'teams', TEAMS_URL)];
    const r = goalOf(s, 'slack-notifier');
    expectFail(r, /Rename the Slack integration to exactly slack-alerts/);
    assert.match(r.detail, /"Slack-Alert"/);
  });

  test('of another type', () => {
    const s = passingState();
    s.notifiers[0] = notifier('slack-alerts', 'teams', TEAMS_URL);
    expectFail(goalOf(s, 'slack-notifier'), /Delete it and create slack-alerts/);
  });

  test('a workflow trigger (/triggers/) explains F3', () => {
    const s = passingState();
    s.notifiers[0] = notifier('slack-alerts', 'slack', SLACK_TRIGGER_URL, 'id-slack-alerts');
    const r = goalOf(s, 'slack-notifier');
    expectFail(r, /Incoming Webhook/, 'F3');
    assert.match(r.hint ?? '', /drops RHACS's alert attachments/);
  });

  test('a host that is not Slack', () => {
    const s = passingState();
    s.notifiers[0] = notifier('slack-alerts', 'slack', 'https://example.com/hook/123');
    const r = goalOf(s, 'slack-notifier');
    expectFail(r, /hooks\.slack\.com\/services/);
    assert.match(r.detail, /example\.com, which is not Slack/);
  });

  test('no URL', () => {
    const s = passingState();
    s.notifiers[0] = notifier('slack-alerts', 'slack', '');
    expectFail(goalOf(s, 'slack-notifier'), /paste the Slack webhook URL/);
  });

  test('a failed Test (only with --send-test)', () => {
    const s = passingState();
    s.notifierTests = {
      'slack-alerts': { ok: false, message: 'send test message failed: invalid arguments' },
    };
    const r = goalOf(s, 'slack-notifier');
    expectFail(r, /revoked/);
    assert.match(r.detail, /send test message failed/);
  });

  test('a lab receiver URL is judged by its path', () => {
    const s = passingState();
    s.labInboxUrl = 'http://127.0.0.1:4000/inbox';
    s.notifiers[0] = notifier('slack-alerts', 'slack', 'http://127.0.0.1:4000/services/T0LAB/B0LAB/xyz');
    assert.equal(goalOf(s, 'slack-notifier').status, 'ok');
    s.notifiers[0] = notifier('slack-alerts', 'slack', 'http://127.0.0.1:4000/triggers/T0LAB/123/abc');
    assert.equal(goalOf(s, 'slack-notifier').finding, 'F3');
  });
});

describe('teams-alerts', () => {
  test('missing: create it', () => {
    const s = passingState();
    s.notifiers = s.notifiers.filter((n) => n.name !== 'teams-alerts');
    expectFail(goalOf(s, 'teams-notifier'), /Microsoft Teams -> New integration/);
  });

  test('a retired webhook.office.com connector is dead since May 2026', () => {
    const s = passingState();
    s.notifiers[1] = notifier(
      'teams-alerts',
      'teams',
      'https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/abc/def/V2xyz',
    );
    expectFail(goalOf(s, 'teams-notifier'), /switched off in May 2026/);
  });

  test('a Workflows URL without its sig', () => {
    const s = passingState();
    s.notifiers[1] = notifier('teams-alerts', 'teams', TEAMS_URL.replace(/&sig=.*$/, ''));
    expectFail(goalOf(s, 'teams-notifier'), /sig/);
  });

  test('another host', () => {
    const s = passingState();
    s.notifiers[1] = notifier('teams-alerts', 'teams', 'https://example.org/teams');
    const r = goalOf(s, 'teams-notifier');
    expectFail(r, /workflow generated/);
    assert.match(r.detail, /example\.org, which is not a Teams Workflows host/);
  });
});

describe('the policy', () => {
  test('missing: apply the corrected CR', () => {
    const s = passingState();
    delete s.policy;
    expectFail(goalOf(s, 'policy'), /oc apply -n stackrox .*without the SORTName/);
  });

  test('only a prefix match such as a copy does not count', () => {
    const s = passingState();
    delete s.policy;
    s.policies = [
      {
        id: 'copy',
        name: 'No bash allowed (COPY)',
        description: '',
        severity: 'HIGH_SEVERITY',
        disabled: false,
        lifecycleStages: ['RUNTIME'],
        notifiers: [],
        lastUpdated: null,
        eventSource: 'DEPLOYMENT_EVENT',
        isDefault: false,
        source: 'IMPERATIVE',
      },
    ];
    const r = goalOf(s, 'policy');
    expectFail(r, /named exactly "No bash allowed"/);
    assert.match(r.detail, /No bash allowed \(COPY\)/);
  });

  test('disabled, deploy-time, wrong event source, wrong scope: each named', () => {
    const s = passingState();
    s.policy = policy({
      disabled: true,
      lifecycleStages: ['DEPLOY'],
      eventSource: 'NOT_APPLICABLE',
      scope: [{ cluster: '', namespace: 'frontend', label: null }],
    });
    const r = goalOf(s, 'policy');
    expectFail(r, /Enable it/);
    for (const part of [/disabled/, /DEPLOY/, /NOT_APPLICABLE/, /frontend/]) assert.match(r.detail, part);
    assert.match(r.hint ?? '', /scope it to namespace payments/);
  });

  test('is marked as a prerequisite from module 3', () => {
    assert.equal(goalOf(passingState(), 'policy').prerequisite, true);
    assert.equal(goalOf(passingState(), 'alert').prerequisite, undefined);
  });
});

describe('the policy notifiers', () => {
  test('a console policy without them: edit it in Policy behavior -> Actions', () => {
    const s = passingState();
    s.policy = policy({ source: 'IMPERATIVE', notifiers: [] });
    s.cr = { found: false };
    expectFail(goalOf(s, 'policy-notifiers'), /Policy behavior -> Actions/);
  });

  test('a CR-managed policy without them: put spec.notifiers in the CR (F2)', () => {
    const s = passingState();
    s.policy = policy({ notifiers: ['id-slack-alerts'] });
    s.cr = { found: true, object: cr(null) };
    const r = goalOf(s, 'policy-notifiers');
    expectFail(r, /spec\.notifiers: \[slack-alerts, teams-alerts\]/, 'F2');
    assert.match(r.detail, /does not notify teams-alerts/);
  });

  test('added in the console only: the policy has them, the CR does not (F2)', () => {
    const s = passingState();
    s.cr = { found: true, object: cr(['slack-alerts']) };
    const r = goalOf(s, 'policy-notifiers');
    expectFail(r, /restores the CR's spec and drops them/, 'F2');
    assert.match(r.detail, /does not list teams-alerts/);
  });

  test('a CR refused before its notifiers existed, which exist now: restart the config-controller', () => {
    const s = passingState();
    s.policy = policy({ source: 'IMPERATIVE', notifiers: [] });
    const refused = cr();
    refused.status = {
      policyId: '',
      conditions: [
        {
          type: 'PolicyValidated',
          status: 'False',
          message: "Unable to convert given spec to protobuf: Notifier 'slack-alerts' does not exist",
          lastTransitionTime: '',
        },
      ],
    };
    s.cr = { found: true, object: refused };
    const r = goalOf(s, 'policy-notifiers');
    expectFail(r, /rollout restart deployment\/config-controller/);
    assert.match(r.detail, /Central has the notifier slack-alerts now/);
  });

  test('CR entries may be notifier ids', () => {
    const s = passingState();
    s.cr = { found: true, object: cr(['id-slack-alerts', 'id-teams-alerts']) };
    assert.equal(goalOf(s, 'policy-notifiers').status, 'ok');
  });

  test('the CR lists them but Central rejected it: quote the condition', () => {
    const s = passingState();
    s.policy = policy({ notifiers: [] });
    const object = cr();
    object.status = {
      conditions: [
        {
          type: 'PolicyValidated',
          status: 'False',
          message: "Notifier 'teams-alerts' does not exist",
          lastTransitionTime: '',
        },
      ],
    };
    s.cr = { found: true, object };
    const r = goalOf(s, 'policy-notifiers');
    assert.equal(r.status, 'fail');
    assert.match(r.detail, /Notifier 'teams-alerts' does not exist/);
  });

  test('the integrations do not exist yet: create them first', () => {
    const s = passingState();
    s.notifiers = [];
    s.policy = policy({ notifiers: [] });
    expectFail(goalOf(s, 'policy-notifiers'), /Create the slack-alerts and teams-alerts integrations first/);
  });

  test('an unreadable CR of a managed policy is unverified, not passed', () => {
    const s = passingState();
    s.cr = { found: false, error: 'forbidden' };
    const r = goalOf(s, 'policy-notifiers');
    assert.equal(r.status, 'unverified');
    assert.match(r.detail, /forbidden/);
  });
});

describe('the alert', () => {
  test('none: the exec command with the right label (F7)', () => {
    const s = passingState();
    s.alerts = [];
    const r = goalOf(s, 'alert');
    expectFail(r, /-l app=visa-processor .*\/bin\/bash/, 'F7');
    assert.match(r.hint ?? '', /ctf-web-to-system/);
  });

  test('only an exec of something else does not count', () => {
    const s = passingState();
    s.alerts = [
      alert({ processViolation: { message: '', processes: [proc('ls', '2026-11-27T11:30:00Z')] } }),
    ];
    assert.equal(goalOf(s, 'alert').status, 'fail');
  });

  test('an alert of a copy of the policy does not count', () => {
    const s = passingState();
    s.alerts = [alert({ policy: policy({ name: 'No bash allowed (COPY)' }) })];
    assert.equal(goalOf(s, 'alert').status, 'fail');
  });

  test('resolved recently counts; resolved two days ago does not', () => {
    const s = passingState();
    s.alerts = [alert({ state: 'RESOLVED', resolvedAt: new Date(NOW - 3600_000).toISOString() })];
    assert.equal(goalOf(s, 'alert').status, 'ok');
    s.alerts = [alert({ state: 'RESOLVED', resolvedAt: new Date(NOW - 48 * 3600_000).toISOString() })];
    expectFail(goalOf(s, 'alert'), /raise a new one/);
  });

  test('/usr/bin/bash counts as bash', () => {
    const s = passingState();
    s.alerts = [
      alert({
        processViolation: {
          message: '',
          processes: [proc('bash', '2026-11-27T11:30:00Z', '/usr/bin/bash')],
        },
      }),
    ];
    assert.equal(goalOf(s, 'alert').status, 'ok');
  });
});

describe('delivery to the channels', () => {
  test('without read-back: unverified ([?]), naming what to configure, and not a pass', () => {
    const s = passingState();
    s.channels.teams = {
      kind: 'unverified',
      reason: 'the webhook is a real one and Teams read-back is not configured',
      configure: ['TEAMS_TEAM_ID', 'TEAMS_CHANNEL_ID', 'TEAMS_GRAPH_TOKEN'],
    };
    const results = evaluateGoals(s);
    const r = results.find((g) => g.id === 'teams-delivery');
    assert.equal(r?.status, 'unverified');
    assert.match(r?.hint ?? '', /set TEAMS_TEAM_ID, TEAMS_CHANNEL_ID, TEAMS_GRAPH_TOKEN/);
    assert.match(r?.hint ?? '', /stays \[\?\] \(not passed\)/);
    assert.equal(exitCodeFor(results), 1);
  });

  test('Teams: 202 but the flow run failed (F5)', () => {
    const s = passingState();
    s.channels.teams = {
      kind: 'read',
      route: 'lab-inbox',
      where: 'the lab inbox',
      messages: [message('teams', { delivered: false, shownText: '', runId: 'run-1' })],
      runs: [
        {
          id: 'run-1',
          hookId: 'h',
          status: 'Failed',
          error: 'ExpressionEvaluationFailed',
          startedAt: NOW,
          endedAt: NOW,
          messageIds: [],
        },
      ],
    };
    const r = goalOf(s, 'teams-delivery');
    expectFail(r, /Compose step/, 'F5');
    assert.match(r.detail, /ExpressionEvaluationFailed/);
  });

  test('Slack: the workflow shows an empty message (F3)', () => {
    const s = passingState();
    s.channels.slack = {
      kind: 'read',
      route: 'lab-inbox',
      where: 'the lab inbox',
      messages: [message('slack', { hookKind: 'slack-workflow', shownText: '' })],
    };
    const r = goalOf(s, 'slack-delivery');
    expectFail(r, /Incoming Webhook/, 'F3');
    assert.match(r.detail, /an empty message/);
  });

  test('Slack: a revoked hook refused it', () => {
    const s = passingState();
    s.channels.slack = {
      kind: 'read',
      route: 'lab-inbox',
      where: 'the lab inbox',
      messages: [message('slack', { delivered: false, status: 404, shownText: '' })],
    };
    const r = goalOf(s, 'slack-delivery');
    expectFail(r, /create a new Slack webhook/);
    assert.match(r.detail, /HTTP 404/);
  });

  test('nothing arrived: the alert predates the notifiers (snapshot), exec again', () => {
    const s = passingState();
    s.alerts = [alert({ policy: policy({ notifiers: [] }) })];
    s.channels.slack = { kind: 'read', route: 'lab-inbox', where: 'the lab inbox', messages: [] };
    expectFail(goalOf(s, 'slack-delivery'), /last updated before the policy listed slack-alerts/);
  });

  test('nothing arrived: an alert full of processes no longer notifies (F8)', () => {
    const s = passingState();
    const many = Array.from({ length: 40 }, (_, i) =>
      proc('bash', new Date(NOW - (i + 1) * 60_000).toISOString()),
    );
    s.alerts = [alert({ processViolation: { message: '', processes: many } })];
    s.channels.slack = { kind: 'read', route: 'lab-inbox', where: 'the lab inbox', messages: [] };
    expectFail(goalOf(s, 'slack-delivery'), /F8/);
  });

  test('nothing arrived: Central recorded a delivery error, quoted', () => {
    const s = passingState();
    s.channels.teams = { kind: 'read', route: 'lab-inbox', where: 'the lab inbox', messages: [], runs: [] };
    s.notifierErrors = [
      {
        id: 'e1',
        type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
        level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
        message: 'Received an error response for notifier: 404 no_service',
        hint: '',
        domain: 'Integrations',
        resource: { type: 'Notifier', id: 'id-teams-alerts', name: 'teams-alerts' },
        numOccurrences: '1',
        lastOccurredAt: '',
        createdAt: '',
      },
    ];
    expectFail(goalOf(s, 'teams-delivery'), /no_service/);
  });

  test('a message for another alert does not count', () => {
    const s = passingState();
    s.channels.slack = {
      kind: 'read',
      route: 'lab-inbox',
      where: 'the lab inbox',
      messages: [message('slack', { shownText: 'Alert ID: other', sentText: 'Alert ID: other' })],
    };
    const r = goalOf(s, 'slack-delivery');
    assert.equal(r.status, 'fail');
    assert.match(r.detail, new RegExp(`No message for alert ${ALERT_ID}`));
  });

  test('no alert, or no integration: nothing to look for', () => {
    const s = passingState();
    s.alerts = [];
    expectFail(goalOf(s, 'slack-delivery'), /Raise one first/);
    const t = passingState();
    t.notifiers = [];
    expectFail(goalOf(t, 'teams-delivery'), /Create teams-alerts first/);
  });

  test('a read-back that failed is unverified, with its error', () => {
    const s = passingState();
    s.channels.slack = {
      kind: 'error',
      route: 'slack-history',
      where: 'Slack channel C1',
      error: 'not_in_channel',
    };
    const r = goalOf(s, 'slack-delivery');
    assert.equal(r.status, 'unverified');
    assert.match(r.detail, /not_in_channel/);
  });
});
