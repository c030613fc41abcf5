// The inbox channel reader against a tiny stand-in for the lab inbox: /api/messages, /api/runs and an
// SSE /api/events stream that the test drives by hand.

import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { InboxChannelReader } from '../../src/channels/inbox-reader.ts';
import { carriesAlertId, isTestMessage } from '../../src/channels/match.ts';
import { HarnessError } from '../../src/errors.ts';

type Json = Record<string, unknown>;

const state = { messages: [] as Json[], runs: [] as Json[], streams: new Set<ServerResponse>() };

function emit(event: 'message' | 'run', data: Json): void {
  if (event === 'message') state.messages.push(data);
  else state.runs = [...state.runs.filter((r) => r.id !== data.id), data];
  for (const res of state.streams) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/inbox/api/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': hello\n\n');
    state.streams.add(res);
    req.on('close', () => state.streams.delete(res));
    return;
  }
  res.setHeader('content-type', 'application/json');
  if (url.pathname === '/inbox/api/messages') {
    const since = Number(url.searchParams.get('since') ?? 0);
    const receiver = url.searchParams.get('receiver');
    const messages = state.messages.filter(
      (m) => (m.receivedAt as number) >= since && (!receiver || m.receiver === receiver),
    );
    res.end(JSON.stringify({ messages }));
  } else if (url.pathname === '/inbox/api/runs') {
    res.end(JSON.stringify({ runs: state.runs }));
  } else {
    res.statusCode = 404;
    res.end('{}');
  }
});

let inboxUrl = '';
const TEAMS_TEST = 'This is a test message created to test teams integration with StackRox.';
let seq = 0;

function slackAlert(alertId: string, receivedAt = Date.now()): Json {
  const body = {
    attachments: [
      { pretext: '*Deployment visa-processor ...*', text: `Alert ID: ${alertId}\r\nSeverity: High` },
    ],
    text: '',
  };
  return {
    id: `m${++seq}`,
    receiver: 'slack',
    hookId: 'h-slack',
    hookKind: 'slack-incoming',
    receivedAt,
    status: 200,
    headers: {},
    rawBody: JSON.stringify(body),
    shown: [{ color: '#FF634E', pretext: body.attachments[0]?.pretext, text: body.attachments[0]?.text }],
    delivered: true,
  };
}

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  inboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;
});

after(async () => {
  for (const res of state.streams) res.end();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  state.messages = [];
  state.runs = [];
});

describe('InboxChannelReader', () => {
  it('wakes within milliseconds of the SSE event, without polling', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    const since = Date.now();
    const waiter = await reader.subscribe();
    const waiting = waiter.waitForMessage(carriesAlertId('a-1'), { since, timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    const sentAt = performance.now();
    emit('message', slackAlert('a-1'));
    const message = await waiting;
    const latency = performance.now() - sentAt;
    waiter.close();
    assert.equal(message.hookKind, 'slack-incoming');
    assert.match(message.shownText, /Alert ID: a-1/);
    assert.ok(latency < 100, `woke after ${latency.toFixed(1)} ms`);
  });

  it('finds a message that arrived before the subscription but after `since`', async () => {
    const since = Date.now() - 1_000;
    emit('message', slackAlert('early'));
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    const message = await reader.waitForMessage(carriesAlertId('early'), { since, timeoutMs: 2_000 });
    assert.match(message.sentText ?? '', /Alert ID: early/);
  });

  it('ignores messages older than `since` and other receivers', async () => {
    emit('message', slackAlert('old', Date.now() - 60_000));
    emit('message', { ...slackAlert('old'), receiver: 'teams' });
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    await assert.rejects(
      reader.waitForMessage(carriesAlertId('old'), { since: Date.now() - 1_000, timeoutMs: 200 }),
      (err: unknown) => err instanceof HarnessError && err.code === 'CHANNEL_TIMEOUT',
    );
  });

  it('names what it awaited, where, how long and what arrived instead when it times out', async () => {
    const since = Date.now();
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    const waiter = await reader.subscribe();
    const waiting = waiter.waitForMessage(carriesAlertId('3f2c-wanted'), { since, timeoutMs: 300 });
    emit('message', {
      ...slackAlert('something-else'),
      hookKind: 'slack-workflow',
      shown: '',
      rawBody: '{"text":""}',
    });
    const err = await waiting.then(
      () => assert.fail('expected a timeout'),
      (e: unknown) => e,
    );
    waiter.close();
    assert.ok(err instanceof HarnessError);
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.match(err.message, /a message carrying alert id 3f2c-wanted/);
    assert.match(err.message, new RegExp(inboxUrl.replace(/[.]/g, '\\.')));
    assert.match(err.message, /within 0\.[3-9] s/);
    assert.match(err.message, /1 other message\(s\) arrived/);
    assert.match(err.message, /slack-workflow answered 200, delivered, shows \(nothing shown\)/);
    assert.match(err.message, /Fix: /);
  });

  it('says plainly when nothing arrived at all', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    await assert.rejects(
      reader.waitForMessage(isTestMessage('teams'), { since: Date.now(), timeoutMs: 150 }),
      /nothing arrived at all since .*Fix: Check that the Teams notifier's webhook URL/,
    );
  });

  it('awaits the Teams flow run of a message (linked only by the listed runId) and reports its failure', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    const since = Date.now();
    const waiter = await reader.subscribe();
    const body = { themeColor: '', title: '', text: TEAMS_TEST, sections: null };
    const msg: Json = {
      id: 'tm1',
      receiver: 'teams',
      hookId: 'h-teams',
      hookKind: 'teams-workflow-template',
      receivedAt: Date.now(),
      status: 202,
      headers: {},
      rawBody: JSON.stringify(body),
      shown: null,
      delivered: false,
    };
    // As the lab does: the message event goes out first, then the run starts and the message gets its runId.
    emit('message', msg);
    msg.runId = 'r1';
    emit('run', {
      id: 'r1',
      hookId: 'h-teams',
      status: 'Running',
      error: null,
      startedAt: Date.now(),
      messageIds: [],
    });
    const message = await waiter.waitForMessage(isTestMessage('teams'), { since, timeoutMs: 1_000 });
    assert.equal(message.status, 202);
    const runWait = waiter.waitForRun?.(message, { timeoutMs: 2_000 });
    assert.ok(runWait);
    setTimeout(
      () =>
        emit('run', {
          id: 'r1',
          hookId: 'h-teams',
          status: 'Failed',
          error:
            "ExpressionEvaluationFailed. The execution of template action 'Send_each_adaptive_card' failed",
          startedAt: Date.now(),
          endedAt: Date.now(),
          messageIds: [],
        }),
      30,
    );
    const { run, message: after } = await runWait;
    waiter.close();
    assert.equal(run.status, 'Failed');
    assert.match(run.error ?? '', /Send_each_adaptive_card/);
    assert.equal(after.delivered, false);
  });

  it('returns the message as the successful run left it (what the channel shows)', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    const since = Date.now();
    const waiter = await reader.subscribe();
    const msg: Json = {
      id: 'tm2',
      receiver: 'teams',
      hookId: 'h-teams',
      hookKind: 'teams-workflow-fixed',
      receivedAt: Date.now(),
      status: 202,
      headers: {},
      rawBody: JSON.stringify({ title: 'T', text: 'Alert a-9', sections: [] }),
      shown: null,
      delivered: false,
      runId: 'r2',
    };
    emit('message', msg);
    const message = await waiter.waitForMessage(carriesAlertId('a-9'), { since, timeoutMs: 1_000 });
    assert.equal(message.shownText, '');
    msg.shown = {
      kind: 'teams',
      cards: [{ title: 'T', text: 'Alert a-9', facts: [{ name: 'ID', value: 'a-9' }] }],
    };
    msg.delivered = true;
    emit('run', {
      id: 'r2',
      hookId: 'h-teams',
      status: 'Succeeded',
      error: null,
      startedAt: 1,
      endedAt: 2,
      messageIds: ['tm2'],
    });
    const outcome = await waiter.waitForRun?.(message, { timeoutMs: 1_000 });
    waiter.close();
    assert.equal(outcome?.run.status, 'Succeeded');
    assert.equal(outcome?.message.delivered, true);
    assert.match(outcome?.message.shownText ?? '', /ID: a-9/);
  });

  it("waits for a successful run's card to be listed in the channel (Graph is slower than the run)", async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    const since = Date.now();
    const waiter = await reader.subscribe();
    const msg: Json = {
      id: 'tm3',
      receiver: 'teams',
      hookId: 'h-teams',
      hookKind: 'teams-workflow-fixed',
      receivedAt: Date.now(),
      status: 202,
      headers: {},
      rawBody: JSON.stringify({ title: 'T', text: 'Alert a-10', sections: [] }),
      shown: null,
      delivered: false,
      runId: 'r3',
    };
    emit('message', msg);
    const message = await waiter.waitForMessage(carriesAlertId('a-10'), { since, timeoutMs: 1_000 });
    // The run posted the card (messageIds), but the channel lists it only later.
    emit('run', {
      id: 'r3',
      hookId: 'h-teams',
      status: 'Succeeded',
      error: null,
      startedAt: 1,
      endedAt: 2,
      messageIds: ['tm3'],
    });
    setTimeout(() => {
      msg.shown = { kind: 'teams', cards: [{ title: 'T', text: 'Alert a-10', facts: [] }] };
      msg.delivered = true;
      emit('message', msg);
    }, 100);
    const outcome = await waiter.waitForRun?.(message, { timeoutMs: 2_000 });
    waiter.close();
    assert.equal(outcome?.message.delivered, true);
  });

  it('a card the run posted but the channel never lists ends in a read-back timeout naming its setting', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    const since = Date.now();
    const waiter = await reader.subscribe();
    emit('message', {
      id: 'tm4',
      receiver: 'teams',
      hookId: 'h-teams',
      hookKind: 'teams-workflow-fixed',
      receivedAt: Date.now(),
      status: 202,
      headers: {},
      rawBody: JSON.stringify({ title: 'T', text: 'Alert a-11', sections: [] }),
      shown: null,
      delivered: false,
      runId: 'r4',
    });
    const message = await waiter.waitForMessage(carriesAlertId('a-11'), { since, timeoutMs: 1_000 });
    emit('run', {
      id: 'r4',
      hookId: 'h-teams',
      status: 'Succeeded',
      error: null,
      startedAt: 1,
      endedAt: 2,
      messageIds: ['tm4'],
    });
    await assert.rejects(
      waiter.waitForRun?.(message, { timeoutMs: 300 }) ?? Promise.resolve(),
      (e: unknown) =>
        e instanceof HarnessError &&
        e.code === 'TEAMS_CARD_NOT_LISTED' &&
        /run r4 succeeded/.test(e.cause) &&
        /TEAMS_READBACK_TIMEOUT_MS/.test(e.fix),
    );
    waiter.close();
  });

  it('fails a pending wait when the waiter is closed, and the process can exit', async () => {
    const reader = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    const waiter = await reader.subscribe();
    const waiting = waiter.waitForMessage(carriesAlertId('never'), { since: Date.now(), timeoutMs: 10_000 });
    await reader.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof HarnessError && e.code === 'WAITER_CLOSED');
  });
});
