import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { SlackHistoryReader } from '../../src/channels/slack-history-reader.ts';
import { slackAlertMatch } from '../../src/channels/slack-message.ts';
import { rejection } from '../support/rejection.ts';
import { SUMMARY, slackBotAlert, slackChatter, slackWorkflowPost } from './fixtures.ts';
import { BOT_TOKEN, CHANNEL, type SlackStub, startSlackStub } from './slack-api-stub.ts';

function reader(stub: SlackStub, extra: Partial<ConstructorParameters<typeof SlackHistoryReader>[0]> = {}) {
  return new SlackHistoryReader({
    token: BOT_TOKEN,
    channelId: CHANNEL,
    slackApiUrl: stub.apiUrl,
    pollMs: 30,
    ...extra,
  });
}

describe('SlackHistoryReader against a conversations.history stub', () => {
  let stub: SlackStub;
  const since = Date.now() - 60_000;
  before(async () => {
    stub = await startSlackStub();
  });
  after(() => stub.close());
  beforeEach(() => {
    stub.messages.length = 0;
    stub.requests.length = 0;
  });

  it('follows next_cursor from the run start and finds "Alert ID: <id>" in a bot_message attachment', async () => {
    const alertId = randomUUID();
    stub.messages.push(slackBotAlert(randomUUID(), since - 5000)); // an older run's alert, before `oldest`
    stub.messages.push(slackBotAlert(alertId, since + 1000));
    for (let i = 1; i <= 20; i++) stub.messages.push(slackChatter(since + 2000 + i * 10, i));
    const r = reader(stub);
    try {
      const m = await r.waitForMessage(slackAlertMatch({ alertId }), { since, timeoutMs: 5000 });
      assert.equal(m.channel, 'slack');
      assert.equal(m.receivedAt, since + 1000);
      assert.match(m.shownText, new RegExp(`Alert ID: ${alertId}`));
      assert.match(m.shownText, /violates 'No bash allowed' Policy/);
      const calls = stub.historyCalls();
      assert.equal(calls.length, 2, 'the alert is on the second page (15 newer messages on the first)');
      assert.equal(calls[0]?.form.get('oldest'), (since / 1000).toFixed(6));
      assert.equal(calls[0]?.form.get('limit'), '15');
      assert.equal(calls[0]?.form.get('cursor'), null);
      assert.ok(calls[1]?.form.get('cursor'), 'the second request carries the cursor');
      assert.equal(calls[1]?.form.get('oldest'), (since / 1000).toFixed(6));
    } finally {
      await r.close();
    }
  });

  it('lists messages oldest first with Slack entities unescaped, and skips those before the run', async () => {
    stub.messages.push(slackChatter(since - 10, 1), slackChatter(since + 20, 2), slackChatter(since + 10, 3));
    const list = await reader(stub).listMessages(since);
    assert.deepEqual(
      list.map((m) => m.shownText),
      ['deploy #3 done & verified', 'deploy #2 done & verified'],
    );
  });

  it('matches a workflow trigger post by its composed text, and refuses another alert with the same summary', async () => {
    const alertId = randomUUID();
    const other = randomUUID();
    stub.messages.push(
      slackWorkflowPost(
        `:rotating_light: ${SUMMARY}\nAlert: <https://central/main/violations/${other}>`,
        since + 100,
      ),
    );
    const r = reader(stub);
    const err = await rejection(
      r.waitForMessage(slackAlertMatch({ alertId, summary: SUMMARY }), { since, timeoutMs: 200 }),
    );
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.match(err.message, /1 other message\(s\)/);
    assert.match(err.fix, /workflow trigger/);

    stub.messages.push(slackWorkflowPost(`High: ${SUMMARY}`, since + 200));
    const m = await r.waitForMessage(slackAlertMatch({ alertId, summary: SUMMARY }), {
      since,
      timeoutMs: 2000,
    });
    assert.equal(m.shownText, `High: ${SUMMARY}`);
    await r.close();
  });

  it('keeps polling until the alert appears', async () => {
    const alertId = randomUUID();
    const r = reader(stub);
    // Post only after the reader has looked once and found nothing.
    const poster = setInterval(() => {
      if (stub.historyCalls().length === 0) return;
      stub.messages.push(slackBotAlert(alertId, since + 500));
      clearInterval(poster);
    }, 5);
    const m = await r.waitForMessage(slackAlertMatch({ alertId }), { since, timeoutMs: 5000 });
    assert.match(m.shownText, new RegExp(alertId));
    assert.ok(stub.historyCalls().length >= 2, `polled ${stub.historyCalls().length} times`);
    await r.close();
  });

  it('says what it waited for, where and for how long when nothing arrives', async () => {
    const alertId = randomUUID();
    const err = await rejection(
      reader(stub).waitForMessage(slackAlertMatch({ alertId }), { since, timeoutMs: 150 }),
    );
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.ok(err.message.includes(`"Alert ID: ${alertId}"`));
    assert.ok(err.message.includes(`Slack channel ${CHANNEL}`));
    assert.match(err.cause, /none within \d+(\.\d)? s \(\d+ polls?\); the channel shows no message at all/);
  });

  it('close() ends a running wait', async () => {
    const r = reader(stub, { pollMs: 10_000 });
    const waiting = r.waitForMessage(slackAlertMatch({ alertId: randomUUID() }), {
      since,
      timeoutMs: 60_000,
    });
    setTimeout(() => void r.close(), 50);
    const err = await rejection(waiting);
    assert.equal(err.code, 'READBACK_CLOSED');
  });
});

describe('Slack rate limiting', () => {
  it('waits out a 429 Retry-After itself before asking again', async () => {
    const alertId = randomUUID();
    const since = Date.now() - 1000;
    const stub = await startSlackStub((_req, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '1' }, text: '' } : undefined,
    );
    stub.messages.push(slackBotAlert(alertId, since + 10));
    const r = reader(stub);
    try {
      await r.waitForMessage(slackAlertMatch({ alertId }), { since, timeoutMs: 10_000 });
      const [first, second] = stub.historyCalls();
      assert.ok(first && second);
      const gap = second.at - first.at;
      assert.ok(gap >= 950, `the retry came ${gap} ms after the 429`);
      assert.ok(gap < 5000, `the retry came ${gap} ms after the 429`);
      assert.deepEqual(r.stats.rateLimitWaitsMs, [1000]);
      assert.equal(stub.historyCalls().length, 2, 'the WebClient did not retry on its own');
    } finally {
      await r.close();
      await stub.close();
    }
  });

  it('gives up with SLACK_RATE_LIMITED after too many 429s in a row', async () => {
    const stub = await startSlackStub(() => ({ status: 429, headers: { 'retry-after': '1' } }));
    try {
      const err = await rejection(reader(stub, { maxRateLimitWaits: 1 }).listMessages(Date.now()));
      assert.equal(err.code, 'SLACK_RATE_LIMITED');
      assert.equal(stub.historyCalls().length, 2);
    } finally {
      await stub.close();
    }
  });
});

describe('Slack errors, each with its fix', () => {
  const cases: { error: string; extra?: Record<string, unknown>; code: string; fix: RegExp }[] = [
    { error: 'not_in_channel', code: 'SLACK_NOT_IN_CHANNEL', fix: /\/invite @/ },
    {
      error: 'missing_scope',
      extra: { needed: 'channels:history', provided: 'chat:write,incoming-webhook' },
      code: 'SLACK_MISSING_SCOPE',
      fix: /channels:history.*groups:history.*reinstall/,
    },
    { error: 'invalid_auth', code: 'SLACK_INVALID_AUTH', fix: /SLACK_BOT_TOKEN.*xoxb-/ },
    { error: 'channel_not_found', code: 'SLACK_CHANNEL_NOT_FOUND', fix: /SLACK_CHANNEL_ID.*channel ID/ },
  ];
  for (const c of cases) {
    it(`${c.error} -> ${c.code}`, async () => {
      const stub = await startSlackStub(() => ({ json: { ok: false, error: c.error, ...c.extra } }));
      try {
        const err = await rejection(
          reader(stub).waitForMessage(slackAlertMatch({ alertId: 'x' }), { since: 0, timeoutMs: 5000 }),
        );
        assert.equal(err.code, c.code);
        assert.match(err.fix, c.fix);
        assert.ok(err.message.includes(c.error), err.message);
        assert.equal(stub.historyCalls().length, 1, 'an auth/config error is not retried');
        const everything = `${err.message} ${err.stack} ${JSON.stringify(err.details)}`;
        assert.ok(!everything.includes(BOT_TOKEN), 'the token never appears in the error');
      } finally {
        await stub.close();
      }
    });
  }

  it('a wrong token gets invalid_auth from the stub and never shows in the error', async () => {
    const stub = await startSlackStub();
    const wrong = 'xoxb-0000000000-1111111111-wrongwrongwrongwrongwrong';
    try {
      const err = await rejection(
        new SlackHistoryReader({ token: wrong, channelId: CHANNEL, slackApiUrl: stub.apiUrl }).listMessages(
          0,
        ),
      );
      assert.equal(err.code, 'SLACK_INVALID_AUTH');
      assert.equal(stub.requests[0]?.headers.authorization, `Bearer ${wrong}`);
      assert.ok(!`${err.message}${JSON.stringify(err.details)}`.includes(wrong));
    } finally {
      await stub.close();
    }
  });
});
