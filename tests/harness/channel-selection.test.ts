// How each channel is observed: the four ways, in their order, decided by one pure function.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadReadbackConfig } from '../../src/channels/readback-config.ts';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { type ChannelSelectionInput, selectChannel, selectChannels } from '../../src/receivers/index.ts';

const SLACK_HOOK = 'https://hooks.slack.com/services/T0/B0/secretvalue';
const TEAMS_HOOK =
  'https://prod-01.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sig=secret';
const INBOX = 'http://127.0.0.1:8089/inbox';

function input(
  over: Partial<ChannelSelectionInput> = {},
  env: NodeJS.ProcessEnv = {},
): ChannelSelectionInput {
  return {
    receiverMode: 'lab',
    webhooks: { slack: SLACK_HOOK, teams: TEAMS_HOOK },
    readback: loadReadbackConfig(env),
    ...over,
  };
}

const slackCreds = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_CHANNEL_ID: 'C0ALERTS' };
const teamsCreds = {
  TEAMS_TEAM_ID: 'team',
  TEAMS_CHANNEL_ID: '19:x@thread.tacv2',
  TEAMS_GRAPH_TOKEN: 'ey.x',
};

describe('selectChannels', () => {
  it('in-cluster wins over everything: the receiver hooks of the corrected module', () => {
    const routes = selectChannels(
      input({ receiverMode: 'in-cluster', labInboxUrl: INBOX }, { ...slackCreds, ...teamsCreds }),
    );
    assert.deepEqual(routes, {
      slack: { via: 'in-cluster', hook: 'slack-incoming' },
      teams: { via: 'in-cluster', hook: 'teams-workflow-fixed' },
    });
  });

  it('public comes next, also over LAB_INBOX_URL', () => {
    assert.deepEqual(selectChannel('teams', input({ receiverMode: 'public', labInboxUrl: INBOX })), {
      via: 'public',
      hook: 'teams-workflow-fixed',
    });
  });

  it('LAB_INBOX_URL: the inbox is read and the configured webhook is what the notifier gets', () => {
    assert.deepEqual(selectChannel('slack', input({ labInboxUrl: INBOX }, slackCreds)), {
      via: 'lab-inbox',
      inboxUrl: INBOX,
      webhookUrl: SLACK_HOOK,
    });
  });

  it('real webhooks with credentials: Slack history and Teams Graph, each on its own', () => {
    const routes = selectChannels(input({}, { ...slackCreds, ...teamsCreds }));
    assert.deepEqual(routes.slack, { via: 'slack-history', webhookUrl: SLACK_HOOK });
    assert.deepEqual(routes.teams, { via: 'teams-graph', webhookUrl: TEAMS_HOOK });
    const onlySlack = selectChannels(input({}, slackCreds));
    assert.equal(onlySlack.slack.via, 'slack-history');
    assert.equal(onlySlack.teams.via, 'unverified');
  });

  it('real webhooks without credentials: unverified, naming exactly what to configure', () => {
    const routes = selectChannels(input({}, { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }));
    assert.ok(routes.slack.via === 'unverified' && routes.teams.via === 'unverified');
    assert.deepEqual(routes.slack.configure, ['SLACK_CHANNEL_ID']);
    assert.deepEqual(routes.teams.configure, ['TEAMS_TEAM_ID', 'TEAMS_CHANNEL_ID', 'TEAMS_GRAPH_TOKEN']);
    assert.equal(routes.slack.webhookUrl, SLACK_HOOK);
    assert.match(routes.slack.reason, /hooks\.slack\.com/);
    assert.doesNotMatch(routes.slack.reason, /secretvalue/);
    assert.match(routes.teams.reason, /F5/);
  });

  it('no webhook and no way to read: unverified without a webhook (the scenario then asks for one)', () => {
    const route = selectChannel('slack', input({ webhooks: {} }));
    assert.equal(route.via, 'unverified');
    assert.ok(!('webhookUrl' in route));
  });
});

describe('loadConfig carries the receiver and read-back settings', () => {
  it('defaults: lab mode, no read-back, SLACK_API_URL unset', () => {
    const cfg = loadConfig({});
    assert.equal(cfg.receivers.mode, 'lab');
    assert.equal(cfg.readback.slack, undefined);
    assert.equal(cfg.slackApiUrl, undefined);
  });

  it('read-back secrets join the redaction list; SLACK_API_URL is kept', () => {
    const cfg = loadConfig({
      ...slackCreds,
      TEAMS_GRAPH_TOKEN: 'graph-token-value',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      RECEIVER_MODE: 'in-cluster',
    });
    assert.equal(cfg.receivers.mode, 'in-cluster');
    assert.deepEqual(cfg.readback.slack, { botToken: 'xoxb-1-2-abc', channelId: 'C0ALERTS' });
    assert.ok(cfg.secrets.includes('xoxb-1-2-abc') && cfg.secrets.includes('graph-token-value'));
    assert.equal(cfg.slackApiUrl, 'http://127.0.0.1:9/api/');
  });

  it('bad receiver and read-back settings are reported with every other problem at once', () => {
    let err: unknown;
    try {
      loadConfig({
        RECEIVER_MODE: 'somewhere',
        RECEIVER_PORT: 'ninety',
        READBACK_POLL_MS: '5',
        SLACK_API_URL: 'not a url',
        KEEP: 'maybe',
      });
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof HarnessError);
    const problems = (err.details?.problems ?? []) as { variable: string }[];
    assert.deepEqual(problems.map((p) => p.variable).sort(), [
      'KEEP',
      'READBACK_POLL_MS',
      'RECEIVER_MODE',
      'RECEIVER_PORT',
      'SLACK_API_URL',
    ]);
    assert.match(err.message, /READBACK_POLL_MS: "5" is not a whole number/);
  });
});
