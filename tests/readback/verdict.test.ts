import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadReadbackConfig } from '../../src/channels/readback-config.ts';
import { planReadback, readbackVerdict } from '../../src/channels/readback-verdict.ts';
import type { ChannelMessage } from '../../src/channels/types.ts';
import { HarnessError } from '../../src/errors.ts';

const SLACK_HOOK = 'https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/abcdefghijklmnopqrstuvwx';
const TEAMS_HOOK =
  'https://prod-42.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=s3cr3tSig';
const SLACK_TOKEN = 'xoxb-1111111111-2222222222-aaaaaaaaaaaaaaaaaaaaaaaa';

const message: ChannelMessage = {
  id: '1764254096.123456',
  channel: 'slack',
  receivedAt: 1764254096123,
  shown: null,
  shownText: 'Alert ID: x',
  delivered: true,
};

describe('loadReadbackConfig', () => {
  it('reads complete Slack and Teams settings, a delegated token winning over a client secret', () => {
    const c = loadReadbackConfig({
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_CHANNEL_ID: 'C07ALERTS1',
      TEAMS_TEAM_ID: 'team',
      TEAMS_CHANNEL_ID: '19:abc@thread.tacv2',
      TEAMS_GRAPH_TOKEN: 'eyJdelegated',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 'client-secret-value',
      READBACK_POLL_MS: '15000',
    });
    assert.deepEqual(c.slack, { botToken: SLACK_TOKEN, channelId: 'C07ALERTS1' });
    assert.deepEqual(c.teams?.auth, { kind: 'delegated-token', token: 'eyJdelegated' });
    assert.equal(c.pollMs, 15000);
    assert.deepEqual(c.missing, { slack: [], teams: [] });
    assert.deepEqual(c.secrets.sort(), [SLACK_TOKEN, 'client-secret-value', 'eyJdelegated'].sort());
  });

  it('names exactly the missing variables, and rejects a bad READBACK_POLL_MS', () => {
    const c = loadReadbackConfig({ SLACK_CHANNEL_ID: 'C1', AZURE_TENANT_ID: 't', TEAMS_TEAM_ID: 'team' });
    assert.equal(c.slack, undefined);
    assert.equal(c.teams, undefined);
    assert.deepEqual(c.missing.slack, ['SLACK_BOT_TOKEN']);
    assert.deepEqual(c.missing.teams, ['TEAMS_CHANNEL_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']);
    assert.throws(
      () => loadReadbackConfig({ READBACK_POLL_MS: '10s' }),
      (e: unknown) =>
        e instanceof HarnessError && e.code === 'CONFIG_INVALID' && /READBACK_POLL_MS/.test(e.message),
    );
  });
});

describe('readbackVerdict', () => {
  it('a real Slack webhook without read-back credentials is unverified, even if a message is claimed', () => {
    const config = loadReadbackConfig({});
    const input = { channel: 'slack' as const, webhookUrl: SLACK_HOOK, config };
    for (const v of [readbackVerdict(input), readbackVerdict(input, { message })]) {
      assert.equal(v.status, 'unverified');
      assert.ok(v.status === 'unverified');
      assert.deepEqual(v.configure, ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL_ID']);
      assert.match(v.reason, /hooks\.slack\.com/);
      assert.ok(!v.reason.includes('abcdefghijklmnopqrstuvwx'), 'the webhook secret is not printed');
    }
  });

  it('a real Teams webhook without Graph access is unverified and points at the flow run history', () => {
    const v = readbackVerdict({ channel: 'teams', webhookUrl: TEAMS_HOOK, config: loadReadbackConfig({}) });
    assert.ok(v.status === 'unverified');
    assert.deepEqual(v.configure, ['TEAMS_TEAM_ID', 'TEAMS_CHANNEL_ID', 'TEAMS_GRAPH_TOKEN']);
    assert.match(v.reason, /202.*run history/);
    assert.ok(!v.reason.includes('s3cr3tSig'));
  });

  it("a webhook on the lab inbox's origin is read back there and can pass", () => {
    const input = {
      channel: 'slack' as const,
      webhookUrl: 'http://127.0.0.1:40111/services/T0LAB00001/B0LABX/secret',
      labInboxUrl: 'http://127.0.0.1:40111/inbox',
      config: loadReadbackConfig({}),
    };
    assert.deepEqual(planReadback(input), { route: 'lab-inbox' });
    const v = readbackVerdict(input, { message });
    assert.equal(v.status, 'passed');
    const undelivered = readbackVerdict(input, { message: { ...message, delivered: false } });
    assert.equal(undelivered.status, 'failed');
  });

  it('with credentials: passed on a message, failed (token redacted) on an error, unverified if never read', () => {
    const config = loadReadbackConfig({ SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_CHANNEL_ID: 'C1' });
    const input = {
      channel: 'slack' as const,
      webhookUrl: SLACK_HOOK,
      labInboxUrl: 'http://127.0.0.1:1/inbox',
      config,
    };
    assert.deepEqual(planReadback(input), { route: 'slack-history' });
    assert.deepEqual(readbackVerdict(input, { message }), {
      status: 'passed',
      channel: 'slack',
      via: 'slack-history',
      messageId: message.id,
      shownAt: message.receivedAt,
    });
    const failed = readbackVerdict(input, { error: new Error(`request with ${SLACK_TOKEN} failed`) });
    assert.ok(failed.status === 'failed');
    assert.ok(!failed.reason.includes(SLACK_TOKEN), failed.reason);
    assert.equal(readbackVerdict(input).status, 'unverified');
  });
});
