// "Lastly, review your Slack and/or Teams channel for the alert": what each channel must show of this
// run's alert, and the findings when it does not (src/module/runtime/deliveries.ts).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { ChannelMessage, FlowRun } from '../../src/channels/types.ts';
import {
  genericDelivery,
  genericReadUrl,
  slackDelivery,
  teamsDelivery,
} from '../../src/module/runtime/deliveries.ts';
import {
  ALERT_ID,
  alert,
  message,
  notifier,
  SLACK_TRIGGER_URL,
  SLACK_URL,
  TEAMS_URL,
} from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { deps, stubWaiter, TARGET } from './runtime-fixtures.ts';

const VIOLATION = "Binary '/bin/bash' executed without arguments under user ID 1000";
const seenAlert = () => ({ alert: alert(), since: message('slack').receivedAt - 500 });
const SHOWN_AT = { namespace: TARGET.namespace, deployment: TARGET.deployment };

describe('slackDelivery', () => {
  const slack = notifier('slack-alerts', 'slack', SLACK_URL);

  test('a message showing the alert id, the policy and the violation is the delivery', async () => {
    const m = message('slack', { shownText: `No bash allowed\nAlert ID: ${ALERT_ID}\n${VIOLATION}` });
    const d = deps({});
    const delivered = await slackDelivery(d, stubWaiter([m]), slack, seenAlert());
    assert.deepEqual(delivered, { webhookAt: m.receivedAt, message: m });
    assert.deepEqual(d.sink.hops, [['slack', 500]]);
    assert.deepEqual(d.sink.findings, []);
  });

  test('an empty message through a /triggers/ webhook is F3 (SLACK_ALERT_EMPTY), with the secret kept out', async () => {
    const trigger = notifier('slack-alerts', 'slack', SLACK_TRIGGER_URL);
    const empty = message('slack', { hookKind: 'slack-workflow', shownText: '' });
    const d = deps({});
    const err = await rejection(slackDelivery(d, stubWaiter([empty]), trigger, seenAlert()));
    assert.equal(err.code, 'SLACK_ALERT_EMPTY');
    assert.deepEqual(
      d.sink.findings.map((f) => [f.id, f.severity]),
      [['F3', 'defect']],
    );
    assert.equal(err.cause, d.sink.findings[0]?.happened);
    assert.match(err.cause, /\(an empty message\)/);
    assert.ok(
      !`${err.message} ${JSON.stringify(err)}`.includes('abcdefabcdef'),
      'the trigger URL is redacted',
    );
  });

  test('a message without the violation or the policy names what it lacks (ALERT_MESSAGE_INCOMPLETE)', async () => {
    const m = message('slack', { shownText: `Alert ID: ${ALERT_ID}` });
    const err = await rejection(slackDelivery(deps({}), stubWaiter([m]), slack, seenAlert()));
    assert.equal(err.code, 'ALERT_MESSAGE_INCOMPLETE');
    assert.match(err.cause, /^the message does not show "No bash allowed", "Binary '.*bash' executed"$/);
  });
});

describe('teamsDelivery', () => {
  const workflows = notifier('teams-alerts', 'teams', TEAMS_URL);
  const legacy = notifier(
    'teams-alerts',
    'teams',
    'https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi',
  );
  const card = (shownText: string, o: Partial<ChannelMessage> = {}) => message('teams', { shownText, ...o });
  const fullCard = `No bash allowed\nAlert ID: ${ALERT_ID}\nDeployment: visa-processor\nNamespace: payments`;
  const run = (status: FlowRun['status'], error: string | null = null): FlowRun => ({
    id: 'run-1',
    hookId: 'hook-1',
    status,
    error,
    startedAt: message('teams').receivedAt,
    endedAt: message('teams').receivedAt + 1_000,
    messageIds: ['msg-teams'],
  });

  test('a failed flow run is F5 (TEAMS_FLOW_FAILED), with the run as evidence and the signature kept out', async () => {
    const posted = card('', { delivered: false });
    const waiter = stubWaiter([posted], () => ({ run: run('Failed', 'InvalidTemplate'), message: posted }));
    const d = deps({});
    const err = await rejection(teamsDelivery(d, waiter, workflows, seenAlert(), SHOWN_AT));
    assert.equal(err.code, 'TEAMS_FLOW_FAILED');
    assert.deepEqual(
      d.sink.findings.map((f) => f.id),
      ['F5'],
    );
    assert.match(err.cause, /flow run run-1 for the alert failed: InvalidTemplate/);
    assert.equal((d.sink.recorded.teamsAlertRun as FlowRun).status, 'Failed');
    assert.ok(
      !`${err.message} ${JSON.stringify(err)}`.includes('SiGnAtUrE123'),
      'the workflow signature is redacted',
    );
  });

  test('a post the webhook took but no card in the channel is TEAMS_CARD_MISSING', async () => {
    const err = await rejection(
      teamsDelivery(deps({}), stubWaiter([card('', { delivered: false })]), legacy, seenAlert(), SHOWN_AT),
    );
    assert.equal(err.code, 'TEAMS_CARD_MISSING');
  });

  test('a card without the violation is F6, recorded, and still the delivery', async () => {
    const shown = card(fullCard);
    const waiter = stubWaiter([card('')], () => ({ run: run('Succeeded'), message: shown }));
    const d = deps({});
    const delivered = await teamsDelivery(d, waiter, workflows, seenAlert(), SHOWN_AT);
    assert.equal(delivered.message, shown);
    assert.deepEqual(
      d.sink.findings.map((f) => [f.id, f.severity]),
      [['F6', 'advisory']],
    );
    assert.deepEqual(d.sink.hops, [['teams', 1_500]], 'the hop runs to the end of the flow run');
  });

  test('a card showing the violation has no finding', async () => {
    const d = deps({});
    await teamsDelivery(d, stubWaiter([card(`${fullCard}\n${VIOLATION}`)]), legacy, seenAlert(), SHOWN_AT);
    assert.deepEqual(d.sink.findings, []);
  });

  test('a card without the deployment or namespace names them (ALERT_MESSAGE_INCOMPLETE)', async () => {
    const err = await rejection(
      teamsDelivery(
        deps({}),
        stubWaiter([card(`No bash allowed\nAlert ID: ${ALERT_ID}`)]),
        legacy,
        seenAlert(),
        SHOWN_AT,
      ),
    );
    assert.equal(err.code, 'ALERT_MESSAGE_INCOMPLETE');
    assert.equal(err.cause, 'the message does not show "visa-processor", "payments"');
  });
});

describe('genericDelivery', () => {
  let server: Server;
  let readUrl: string;
  let bodies: unknown[] = [];
  before(async () => {
    server = createServer((_req, res) => {
      const data = bodies.map((b) => ({
        method: 'POST',
        headers: {},
        content: JSON.stringify(b),
        created_at: new Date().toISOString(),
      }));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    readUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token/t/requests`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const since = () => ({ alert: alert(), since: Date.now() });

  test("the alert's payload with the module's policy is the delivery", async () => {
    bodies = [
      { alert: { id: 'another-alert', policy: { name: 'Other' } } },
      { alert: { id: ALERT_ID, policy: { name: 'No bash allowed' } } },
    ];
    const d = deps({});
    const delivered = await genericDelivery(d, readUrl, since());
    assert.equal(typeof delivered.webhookAt, 'number');
    assert.deepEqual(
      d.sink.hops.map(([n]) => n),
      ['generic'],
    );
  });

  test('a payload naming another policy, or none, is GENERIC_ALERT_INCOMPLETE', async () => {
    bodies = [{ alert: { id: ALERT_ID, policy: { name: 'Other' } } }];
    const other = await rejection(genericDelivery(deps({}), readUrl, since()));
    assert.equal(other.code, 'GENERIC_ALERT_INCOMPLETE');
    assert.equal(other.cause, 'its alert.policy.name is "Other", not "No bash allowed"');
    bodies = [{ alert: { id: ALERT_ID } }];
    const none = await rejection(genericDelivery(deps({}), readUrl, since()));
    assert.equal(none.cause, 'its alert.policy.name is absent, not "No bash allowed"');
  });

  test('no payload for the alert: the read-back wait names it (GENERIC_NOT_RECEIVED)', async () => {
    bodies = [{ alert: { id: 'another-alert', policy: { name: 'No bash allowed' } } }];
    const err = await rejection(genericDelivery(deps({}), readUrl, since()));
    assert.equal(err.code, 'GENERIC_NOT_RECEIVED');
  });

  test('where the endpoint is read: webhook.site derived, an explicit URL, or none', () => {
    const token = '0b7c3f9e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    assert.equal(
      genericReadUrl(deps({ config: { genericWebhookUrl: `https://webhook.site/${token}` } })),
      `https://webhook.site/token/${token}/requests`,
    );
    assert.equal(
      genericReadUrl(
        deps({ config: { genericWebhookUrl: 'https://hooks.example/x', genericWebhookReadUrl: readUrl } }),
      ),
      readUrl,
    );
    assert.equal(
      genericReadUrl(deps({ config: { genericWebhookUrl: 'https://hooks.example/x' } })),
      undefined,
    );
    assert.equal(genericReadUrl(deps({})), undefined);
  });
});
