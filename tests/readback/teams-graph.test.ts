import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { AccessToken, TokenCredential } from '@azure/identity';
import {
  cardAlertIds,
  type TeamsShown,
  teamsAlertMatch,
  teamsMessageFromGraph,
} from '../../src/channels/teams-card.ts';
import { TeamsGraphReader, type TeamsGraphReaderOptions } from '../../src/channels/teams-graph-reader.ts';
import type { HarnessError } from '../../src/errors.ts';
import { rejection } from '../support/rejection.ts';
import {
  adaptiveAlertCard,
  DEPLOYMENT_ID,
  graphCardMessage,
  graphTextMessage,
  rhacsTeamsCard,
  SUMMARY,
} from './fixtures.ts';
import {
  GRAPH_TOKEN,
  type GraphStub,
  graphError,
  startGraphStub,
  TEAM,
  TEAMS_CHANNEL,
} from './graph-stub.ts';

function reader(stub: GraphStub, extra: Partial<TeamsGraphReaderOptions> = {}): TeamsGraphReader {
  return new TeamsGraphReader({
    teamId: TEAM,
    channelId: TEAMS_CHANNEL,
    auth: { token: GRAPH_TOKEN },
    baseUrl: stub.url,
    pollMs: 30,
    ...extra,
  });
}

describe('Teams cards as Graph returns them', () => {
  it('parses attachments[].content (a JSON string) and takes the ID fact of Alert Details, not the deployment ID', () => {
    const alertId = randomUUID();
    for (const card of [adaptiveAlertCard(alertId), rhacsTeamsCard(alertId)]) {
      const m = teamsMessageFromGraph(graphCardMessage(card, Date.now()) as never);
      assert.ok(m);
      const shown = m.shown as TeamsShown;
      assert.deepEqual(shown.alertIds, [alertId]);
      assert.ok(!shown.alertIds.includes(DEPLOYMENT_ID));
      assert.match(m.shownText, new RegExp(`ID: ${alertId}`));
      assert.ok(m.shownText.includes(SUMMARY));
      assert.ok(!m.shownText.includes('/bin/bash'), 'F6: the card carries no violation text');
    }
    assert.deepEqual(
      cardAlertIds({
        type: 'AdaptiveCard',
        body: [{ type: 'FactSet', facts: [{ title: 'ID', value: 'x' }] }],
      }),
      [],
    );
  });

  it('matches by Alert Details ID, by any text carrying the id, and not by another alert', () => {
    const alertId = randomUUID();
    const match = teamsAlertMatch(alertId);
    const card = teamsMessageFromGraph(graphCardMessage(adaptiveAlertCard(alertId), 1) as never);
    const link = teamsMessageFromGraph(
      graphTextMessage(
        `<p>Alert: <a href="https://central/main/violations/${alertId}">open</a> ${alertId}</p>`,
        2,
      ) as never,
    );
    const other = teamsMessageFromGraph(graphCardMessage(adaptiveAlertCard(randomUUID()), 3) as never);
    assert.ok(card && link && other);
    assert.equal(match.test(card), true);
    assert.equal(match.test(link), true);
    assert.equal(match.test(other), false);
    assert.equal(teamsMessageFromGraph({ id: 's', messageType: 'systemEventMessage' }), undefined);
  });
});

describe('TeamsGraphReader against a Graph stub', () => {
  let stub: GraphStub;
  const since = Date.now() - 600_000;
  before(async () => {
    stub = await startGraphStub();
  });
  after(() => stub.close());
  beforeEach(() => {
    stub.messages.length = 0;
    stub.requests.length = 0;
    stub.calls().length = 0;
  });

  it('follows @odata.nextLink (top 50) with the token and finds the alert card on page 2', async () => {
    const alertId = randomUUID();
    stub.messages.push(graphCardMessage(adaptiveAlertCard(alertId), since + 1000));
    for (let i = 1; i <= 55; i++)
      stub.messages.push(graphTextMessage(`<p>build ${i} &amp; deploy ok</p>`, since + 2000 + i));
    const r = reader(stub);
    const m = await r.waitForMessage(teamsAlertMatch(alertId), { since, timeoutMs: 5000 });
    assert.equal(m.channel, 'teams');
    assert.equal(m.receivedAt, since + 1000);
    const calls = stub.calls();
    assert.equal(calls.length, 2);
    assert.equal(calls[0]?.url.searchParams.get('$top'), '50');
    assert.ok(calls[1]?.url.searchParams.get('$skiptoken'), 'page 2 came from the nextLink');
    for (const c of calls) assert.equal(c.headers.authorization, `Bearer ${GRAPH_TOKEN}`);
    await r.close();
  });

  it('stops paging once a whole page predates the run', async () => {
    for (let i = 1; i <= 120; i++)
      stub.messages.push(graphTextMessage(`<p>old ${i}</p>`, since - 100_000 + i));
    stub.messages.push(graphTextMessage('<p>new &lt;one&gt;</p>', since + 5));
    const list = await reader(stub).listMessages(since);
    assert.deepEqual(
      list.map((m) => m.shownText),
      ['new <one>'],
    );
    // Page 1 mixes new and old; page 2 is all older than the run; page 3 is never asked for.
    assert.equal(stub.calls().length, 2);
  });

  it('delta mode: filters on lastModifiedDateTime since the run start, then polls the deltaLink', async () => {
    const alertId = randomUUID();
    stub.messages.push(graphTextMessage('<p>before the run</p>', since - 1000));
    for (let i = 1; i <= 3; i++) stub.messages.push(graphTextMessage(`<p>chatter ${i}</p>`, since + i));
    const r = reader(stub, { mode: 'delta', top: 2 });
    // Post only once the first round (two pages) is done, so the alert arrives through the deltaLink.
    const poster = setInterval(() => {
      if (stub.calls().length < 2) return;
      stub.messages.push(graphCardMessage(rhacsTeamsCard(alertId), Date.now()));
      clearInterval(poster);
    }, 5);
    const m = await r.waitForMessage(teamsAlertMatch(alertId), { since, timeoutMs: 5000 });
    assert.deepEqual((m.shown as TeamsShown).alertIds, [alertId]);
    const calls = stub.calls();
    assert.equal(
      calls[0]?.url.searchParams.get('$filter'),
      `lastModifiedDateTime gt ${new Date(since).toISOString()}`,
    );
    assert.ok(calls[1]?.url.searchParams.get('$skiptoken'), 'the first round pages through nextLink');
    const later = calls.slice(2);
    assert.ok(
      later.length >= 1 && later.every((c) => c.url.searchParams.get('$deltatoken')),
      'later polls use the deltaLink',
    );
    const listed = await r.listMessages(since);
    assert.equal(listed.length, 4, 'delta state keeps the messages already seen');
    await r.close();
  });

  it('times out naming the F5 failure when nothing arrives', async () => {
    const err = await rejection(
      reader(stub).waitForMessage(teamsAlertMatch(randomUUID()), { since, timeoutMs: 150 }),
    );
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.match(err.message, /Teams channel 19:.*Microsoft Graph/);
    assert.match(err.fix, /run history.*Adaptive Card/);
  });
});

describe('Graph errors', () => {
  async function failWith(
    reply: ReturnType<typeof graphError>,
    auth?: TeamsGraphReaderOptions['auth'],
  ): Promise<HarnessError> {
    const stub = await startGraphStub({ override: () => reply });
    try {
      return await rejection(reader(stub, auth ? { auth } : {}).listMessages(Date.now()));
    } finally {
      await stub.close();
    }
  }

  it('403 Protected API -> resource-specific consent or a delegated token', async () => {
    const err = await failWith(
      graphError(
        403,
        'Forbidden',
        'Invoked API requires Protected API access in application-only context when not using Resource Specific Consent. Visit https://docs.microsoft.com/en-us/graph/teams-protected-apis for more details.',
      ),
    );
    assert.equal(err.code, 'TEAMS_PROTECTED_API');
    assert.match(err.fix, /ChannelMessage\.Read\.Group/);
    assert.match(err.fix, /delegated token .*ChannelMessage\.Read\.All/);
  });

  it('401 -> credentials, and the token never appears even when the server echoes it', async () => {
    const err = await failWith(
      graphError(
        401,
        'InvalidAuthenticationToken',
        `Lifetime validation failed, the token is expired: ${GRAPH_TOKEN}`,
      ),
    );
    assert.equal(err.code, 'TEAMS_UNAUTHORIZED');
    assert.match(err.fix, /TEAMS_GRAPH_TOKEN|AZURE_CLIENT_SECRET/);
    const everything = `${err.message} ${err.cause} ${err.stack} ${JSON.stringify(err.details)}`;
    assert.ok(!everything.includes(GRAPH_TOKEN), everything);
    assert.match(err.message, /token is expired/);
  });

  it('404 -> team and channel ids', async () => {
    const err = await failWith(graphError(404, 'NotFound', 'Team or channel not found'));
    assert.equal(err.code, 'TEAMS_CHANNEL_NOT_FOUND');
    assert.match(err.fix, /TEAMS_TEAM_ID.*TEAMS_CHANNEL_ID/);
  });

  it('a client-secret style credential: its token is sent, its failure is a credentials error without the secret', async () => {
    const calls: string[][] = [];
    const credential: TokenCredential = {
      getToken: async (scopes): Promise<AccessToken> => {
        calls.push([scopes].flat());
        return { token: GRAPH_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
    const stub = await startGraphStub();
    try {
      const list = await reader(stub, { auth: { credential } }).listMessages(Date.now());
      assert.deepEqual(list, []);
      assert.deepEqual(calls[0], ['https://graph.microsoft.com/.default']);
      assert.equal(stub.calls()[0]?.headers.authorization, `Bearer ${GRAPH_TOKEN}`);
    } finally {
      await stub.close();
    }
    const secret = 'Qx8Q~s3cr3t-client-secret-value.abc';
    const failing: TokenCredential = {
      getToken: async () => {
        throw new Error(`AADSTS7000215: Invalid client secret provided (${secret})`);
      },
    };
    const err = await failWith(graphError(500, 'x', 'not reached'), { credential: failing });
    assert.equal(err.code, 'TEAMS_UNAUTHORIZED');
    assert.match(err.message, /AADSTS7000215/);
    // A bare credential carries no known secret, so list it the way loadReadbackConfig does.
    const r = new TeamsGraphReader({
      teamId: TEAM,
      channelId: TEAMS_CHANNEL,
      auth: { credential: failing },
      baseUrl: 'http://127.0.0.1:9',
      secrets: [secret],
    });
    const err2 = await rejection(r.listMessages(0));
    assert.ok(!err2.message.includes(secret), err2.message);
  });

  it('honours a 429 Retry-After before the next request', async () => {
    const alertId = randomUUID();
    const since = Date.now() - 1000;
    const stub = await startGraphStub({
      override: (_req, index) =>
        index === 0
          ? { ...graphError(429, 'TooManyRequests', 'Too many requests'), headers: { 'retry-after': '1' } }
          : undefined,
    });
    stub.messages.push(graphCardMessage(adaptiveAlertCard(alertId), since + 10));
    const r = reader(stub);
    try {
      await r.waitForMessage(teamsAlertMatch(alertId), { since, timeoutMs: 10_000 });
      const [first, second] = stub.requests;
      assert.ok(first && second);
      const gap = second.at - first.at;
      assert.ok(gap >= 950 && gap < 5000, `the retry came ${gap} ms after the 429`);
      assert.deepEqual(r.stats.rateLimitWaitsMs, [1000]);
      assert.equal(stub.requests.length, 2, 'the SDK did not retry on its own');
    } finally {
      await r.close();
      await stub.close();
    }
  });
});
