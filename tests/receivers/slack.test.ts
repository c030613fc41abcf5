import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ALERT_ID,
  inProcessLab,
  SLACK_ALERT_410,
  SLACK_ALERT_411,
  SLACK_TEST_410,
  SLACK_TEST_411,
} from './lab-fixtures.ts';

describe('Slack incoming webhook (in-process)', () => {
  it('answers 200 text/plain ok to both Test message shapes and records what the channel shows', async () => {
    const lab = inProcessLab();
    for (const body of [SLACK_TEST_410, SLACK_TEST_411]) {
      const res = await lab.post(lab.hooks['slack-incoming'].url, body);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      assert.equal(await res.text(), 'ok');
    }
    const [first] = lab.inbox.listMessages({ receiver: 'slack' });
    assert.equal(first?.rawBody, SLACK_TEST_410);
    assert.equal(first?.delivered, true);
    assert.deepEqual(first?.shown, {
      kind: 'slack',
      text: 'This is a test message created to test integration with StackRox.',
      attachments: [],
      blocks: [],
    });
  });

  it('renders an alert attachment (color, pretext, text with CRLF) and keeps the raw bytes', async () => {
    const lab = inProcessLab();
    const res = await lab.post(lab.hooks['slack-incoming'].url, SLACK_ALERT_410);
    assert.equal(res.status, 200);
    const [message] = lab.inbox.listMessages();
    assert.equal(message?.rawBody, SLACK_ALERT_410);
    assert.equal(message?.shown?.kind, 'slack');
    if (message?.shown?.kind !== 'slack') return;
    const [attachment] = message.shown.attachments;
    assert.equal(attachment?.color, '#FF634E');
    assert.match(attachment?.pretext ?? '', /^\*Deployment visa-processor .* Policy\*$/);
    assert.ok(attachment?.text.startsWith(`Alert ID: ${ALERT_ID}\r\nAlert URL:`));
    assert.deepEqual(attachment?.fields, []);
  });

  it('accepts the legacy form encoding payload=<json>', async () => {
    const lab = inProcessLab();
    const form = new URLSearchParams({ payload: SLACK_TEST_411 }).toString();
    const res = await lab.post(lab.hooks['slack-incoming'].url, form, 'application/x-www-form-urlencoded');
    assert.equal(await res.text(), 'ok');
  });

  it('rejects like Slack: missing content, unparseable, too many attachments, unknown hook', async () => {
    const lab = inProcessLab();
    const url = lab.hooks['slack-incoming'].url;
    const cases: [string, number, string][] = [
      ['{"text":"","attachments":null}', 400, 'missing_text_or_fallback_or_attachments'],
      ['{"text":', 400, 'invalid_payload'],
      [
        JSON.stringify({ attachments: Array.from({ length: 101 }, () => ({ text: 'x' })) }),
        400,
        'too_many_attachments',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await lab.post(url, body);
      assert.equal(res.status, status, code);
      assert.equal(await res.text(), code);
    }
    const wrongSecret = url.replace(/\/[^/]+$/, '/notTheSecret');
    const res = await lab.post(wrongSecret, SLACK_TEST_411);
    assert.deepEqual([res.status, await res.text()], [404, 'no_service']);
    const unknown = await lab.post(`${new URL(url).origin}/services/T0LAB00001/B0NOPE/abc`, SLACK_TEST_411);
    assert.deepEqual([unknown.status, await unknown.text()], [404, 'no_service']);
    const recorded = lab.inbox.listMessages();
    assert.equal(recorded.length, 4, 'rejections on a known hook are recorded, unknown hooks are not');
    assert.ok(recorded.every((m) => !m.delivered));
    assert.deepEqual(
      recorded.map((m) => m.error),
      ['missing_text_or_fallback_or_attachments', 'invalid_payload', 'too_many_attachments', 'no_service'],
    );
  });

  it('rate-limits per hook after the burst with 429 and Retry-After', async () => {
    const lab = inProcessLab({ slackRateLimit: { burst: 2, perSecond: 1 } });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await lab.post(lab.hooks['slack-incoming'].url, SLACK_TEST_411);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    assert.deepEqual(statuses, [200, 200, 429]);
    assert.equal(retryAfter, '1');
    const other = await lab.post(lab.hooks['slack-workflow'].url, '{"text":"x"}');
    assert.equal(other.status, 200, 'the limit is per hook');
  });
});

describe('Slack workflow webhook trigger (in-process)', () => {
  it('keeps only declared flat string variables and composes the message from them', async () => {
    const lab = inProcessLab();
    const res = await lab.post(lab.hooks['slack-workflow'].url, SLACK_TEST_411);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    const [message] = lab.inbox.listMessages({ hookId: lab.hooks['slack-workflow'].id });
    assert.deepEqual(message?.shown, {
      kind: 'slack-workflow',
      text: 'This is a test message created to test integration with StackRox.',
      variables: { text: 'This is a test message created to test integration with StackRox.' },
    });
  });

  it('drops attachments silently: a 4.10 alert reaches the workflow empty and the run fails', async () => {
    const lab = inProcessLab();
    const res = await lab.post(lab.hooks['slack-workflow'].url, SLACK_ALERT_410);
    assert.deepEqual([res.status, await res.json()], [200, { ok: true }]);
    const [message] = lab.inbox.listMessages();
    assert.equal(message?.delivered, false);
    assert.equal(message?.shown, null);
    assert.match(message?.error ?? '', /workflow run failed: missing value for workflow variable\(s\): text/);
  });

  it('with 4.11 variables declared, composes from the flat keys and ignores arrays and objects', async () => {
    const lab = inProcessLab({
      slackWorkflowVariables: ['summary', 'severity', 'policy', 'alert_url', 'violations'],
      slackWorkflowTemplate: '{summary} ({severity})\n{violations}\n{alert_url}',
    });
    const res = await lab.post(lab.hooks['slack-workflow'].url, SLACK_ALERT_411);
    assert.equal(res.status, 200);
    const [message] = lab.inbox.listMessages();
    assert.equal(message?.delivered, true);
    assert.equal(message?.shown?.kind, 'slack-workflow');
    if (message?.shown?.kind !== 'slack-workflow') return;
    assert.equal(
      message.shown.text,
      "Deployment visa-processor (in cluster Production) violates 'No bash allowed' Policy (High)\n" +
        "Binary '/bin/bash' executed without arguments under user ID 1000\n" +
        `https://central.lab/main/violations/${ALERT_ID}`,
    );
    assert.deepEqual(Object.keys(message.shown.variables).sort(), [
      'alert_url',
      'policy',
      'severity',
      'summary',
      'violations',
    ]);
  });

  it('a declared variable sent as an object is dropped, not rejected', async () => {
    const lab = inProcessLab({ slackWorkflowVariables: ['text', 'extra'] });
    const res = await lab.post(lab.hooks['slack-workflow'].url, '{"text":"hello","extra":{"a":"b"}}');
    assert.equal(res.status, 200);
    const [message] = lab.inbox.listMessages();
    assert.equal(message?.delivered, false);
    assert.match(message?.error ?? '', /extra/);
  });

  it('can be configured to reject a missing variable with 400', async () => {
    const lab = inProcessLab({ slackWorkflowMissingVariable: 'reject' });
    const res = await lab.post(lab.hooks['slack-workflow'].url, SLACK_ALERT_410);
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { ok: boolean }).ok, false);
  });

  it('answers 401 invalid_auth for a wrong secret', async () => {
    const lab = inProcessLab();
    const url = lab.hooks['slack-workflow'].url.replace(/\/[^/]+$/, '/0000');
    const res = await lab.post(url, SLACK_TEST_411);
    assert.deepEqual([res.status, await res.json()], [401, { ok: false, error: 'invalid_auth' }]);
  });
});
