// Bad input for the Slack read-back: SlackHistoryReader's real @slack/web-api WebClient posts
// conversations.history to https://slack.com/api/ through global fetch; msw answers in-process.
// The WebClient keeps the fetch it finds at construction, so each reader is made after msw listens.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpResponse, http } from 'msw';
import { SlackHistoryReader } from '../../src/channels/slack-history-reader.ts';
import { HarnessError } from '../../src/errors.ts';
import { mswFixture } from './msw-server.ts';

const msw = mswFixture();

const HISTORY = 'https://slack.com/api/conversations.history';
const TOKEN = 'xoxb-1111-2222-badinputtoken';
const CHANNEL = 'C0123ABCD';
const WHAT = `Reading Slack channel ${CHANNEL} (conversations.history)`;
const TOKEN_FIX =
  'set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...) shown under OAuth & Permissions of the installed Slack app';
const REINSTALL_FIX =
  'reinstall the Slack app to the workspace (OAuth & Permissions -> Install to Workspace), invite it to the channel again, and set SLACK_BOT_TOKEN to its new Bot User OAuth Token (xoxb-...)';

/** Slack's Web API reports errors with HTTP 200 and ok:false. */
function slackError(error: string, extra: Record<string, unknown> = {}) {
  return () => HttpResponse.json({ ok: false, error, ...extra });
}

interface Row {
  name: string;
  answer: () => Response;
  /** 429s waited out before giving up (the rate-limit rows). */
  maxRateLimitWaits?: number;
  code: string;
  message: string;
  /** conversations.history requests msw must have seen. */
  calls: number;
}

const rows: Row[] = [
  {
    name: 'invalid_auth: a wrong bot token',
    answer: slackError('invalid_auth'),
    code: 'SLACK_INVALID_AUTH',
    message: `${WHAT}: Slack rejected the bot token (invalid_auth). Fix: ${TOKEN_FIX}`,
    calls: 1,
  },
  {
    name: 'not_in_channel: the app was never invited',
    answer: slackError('not_in_channel'),
    code: 'SLACK_NOT_IN_CHANNEL',
    message: `${WHAT}: the Slack app is not a member of channel ${CHANNEL} (not_in_channel). Fix: invite the app to the channel: type /invite @<app name> in the channel (or channel details -> Integrations -> Add apps), then re-run`,
    calls: 1,
  },
  {
    name: 'missing_scope: the token lacks channels:history',
    answer: slackError('missing_scope', {
      needed: 'channels:history',
      provided: 'chat:write,incoming-webhook',
    }),
    code: 'SLACK_MISSING_SCOPE',
    message: `${WHAT}: the bot token lacks the scope channels:history (missing_scope; the token has chat:write,incoming-webhook). Fix: add the Bot Token Scope channels:history (public channel) or groups:history (private channel) under OAuth & Permissions, reinstall the app to the workspace, and use the new xoxb- token`,
    calls: 1,
  },
  {
    name: 'channel_not_found: a channel name instead of its id',
    answer: slackError('channel_not_found'),
    code: 'SLACK_CHANNEL_NOT_FOUND',
    message: `${WHAT}: Slack knows no channel ${CHANNEL} that this app can see (channel_not_found). Fix: set SLACK_CHANNEL_ID to the channel ID (C..., at the bottom of the channel details), not its name; a private channel also needs the app invited`,
    calls: 1,
  },
  {
    name: 'token_revoked: the app was uninstalled',
    answer: slackError('token_revoked'),
    code: 'SLACK_INVALID_AUTH',
    message: `${WHAT}: Slack no longer accepts the bot token (token_revoked): the app was uninstalled, or the user or workspace it belongs to was deactivated. Fix: ${REINSTALL_FIX}`,
    calls: 1,
  },
  {
    name: 'account_inactive: the workspace or user behind the token is gone',
    answer: slackError('account_inactive'),
    code: 'SLACK_INVALID_AUTH',
    message: `${WHAT}: Slack no longer accepts the bot token (account_inactive): the app was uninstalled, or the user or workspace it belongs to was deactivated. Fix: ${REINSTALL_FIX}`,
    calls: 1,
  },
  {
    name: '429 with Retry-After, every time: waited out once, then reported',
    answer: () =>
      HttpResponse.json(
        { ok: false, error: 'ratelimited' },
        { status: 429, headers: { 'Retry-After': '1' } },
      ),
    maxRateLimitWaits: 1,
    code: 'SLACK_RATE_LIMITED',
    message: `${WHAT}: Slack answered 429 (rate limited) 2 times in a row, last asking to wait 1 s. Fix: poll less often (READBACK_POLL_MS) or run fewer harnesses against this app; an app distributed outside the Marketplace is limited to 1 request/min`,
    calls: 2,
  },
];

describe('bad input: Slack read-back (@slack/web-api WebClient, answered by msw)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      msw.use(http.post(HISTORY, row.answer));
      const reader = new SlackHistoryReader({
        token: TOKEN,
        channelId: CHANNEL,
        maxRateLimitWaits: row.maxRateLimitWaits ?? 5,
        requestTimeoutMs: 5000,
      });
      const started = Date.now();
      const error = await reader.listMessages(Date.now() - 60_000).then(
        () => assert.fail('expected the read to fail'),
        (e: unknown) => e,
      );
      await reader.close();
      assert.ok(error instanceof HarnessError, `expected a HarnessError, got ${String(error)}`);
      assert.equal(error.code, row.code);
      assert.equal(error.message, row.message);
      assert.equal(msw.requests.length, row.calls, 'conversations.history requests msw intercepted');
      const first = msw.requests[0];
      assert.equal(first?.url, HISTORY);
      assert.equal(first?.headers.get('authorization'), `Bearer ${TOKEN}`);
      assert.ok(!error.message.includes(TOKEN), 'the token is not in the message');
      if (row.maxRateLimitWaits !== undefined) {
        assert.deepEqual(reader.stats.rateLimitWaitsMs, [1000]);
        assert.ok(Date.now() - started >= 1000, 'the Retry-After was waited out');
      }
    });
  }

  it('429 with Retry-After, then 200: the reader waits and reads the channel', async () => {
    let answers = 0;
    msw.use(
      http.post(HISTORY, () =>
        answers++ === 0
          ? HttpResponse.json(
              { ok: false, error: 'ratelimited' },
              { status: 429, headers: { 'Retry-After': '1' } },
            )
          : HttpResponse.json({
              ok: true,
              messages: [{ type: 'message', text: 'hello', ts: `${Math.floor(Date.now() / 1000)}.000100` }],
              has_more: false,
            }),
      ),
    );
    const reader = new SlackHistoryReader({ token: TOKEN, channelId: CHANNEL, requestTimeoutMs: 5000 });
    const list = await reader.listMessages(Date.now() - 60_000);
    await reader.close();
    assert.deepEqual(
      list.map((m) => m.shownText),
      ['hello'],
    );
    assert.deepEqual(reader.stats, { calls: 2, rateLimitWaitsMs: [1000] });
  });
});
