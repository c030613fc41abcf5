// The in-cluster receiver's reader, over a stubbed GET (no lab): a wait that runs out says what it
// waited for, where, how many polls, what arrived instead and the fix; close() ends a wait at once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageMatch } from '../../src/channels/types.ts';
import { type InboxGet, PollingInboxReader } from '../../src/receivers/polling-inbox-reader.ts';
import { rejection } from '../support/rejection.ts';

const WHERE = 'the in-cluster receiver rhacs-harness-r1 (service proxy)';

const alertMatch: MessageMatch = {
  description: 'a message carrying alert id a-1',
  test: (m) => m.shownText.includes('a-1'),
};

function inbox(messages: Record<string, unknown>[]): { get: InboxGet; calls: () => number } {
  let calls = 0;
  return {
    get: async () => {
      calls++;
      return { status: 200, text: JSON.stringify({ messages }) };
    },
    calls: () => calls,
  };
}

const reader = (get: InboxGet, pollMs = 10) =>
  new PollingInboxReader({ channel: 'slack', get, where: WHERE, unreachableFix: 'check the pod', pollMs });

describe('PollingInboxReader waits', () => {
  it('ends in CHANNEL_TIMEOUT naming what, where, the polls, and the webhook fix when nothing arrived', async () => {
    const stub = inbox([]);
    const since = Date.now();
    const err = await rejection(reader(stub.get).waitForMessage(alertMatch, { since, timeoutMs: 120 }));
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.equal(err.what, `Waiting for Slack: a message carrying alert id a-1 at ${WHERE}`);
    assert.match(
      err.cause,
      new RegExp(`^none within \\d+(\\.\\d)? s \\(${stub.calls()} polls\\); nothing arrived at all`),
    );
    assert.ok(stub.calls() >= 2, `polled ${stub.calls()} times`);
    assert.equal(err.details?.polls, stub.calls());
    assert.match(err.fix, /Slack notifier's webhook URL points at this receiver/);
  });

  it('lists what arrived instead and says to compare when other messages came', async () => {
    const since = Date.now();
    const stub = inbox([
      { id: 'm1', receiver: 'slack', receivedAt: since + 5, shown: { kind: 'slack', text: 'alert a-2' } },
    ]);
    const err = await rejection(reader(stub.get).waitForMessage(alertMatch, { since, timeoutMs: 80 }));
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.match(err.cause, /1 other message\(s\) arrived since .*"alert a-2"/);
    assert.equal(err.fix, 'Compare what arrived with what was expected');
  });

  it('close() ends a pending wait at once with WAITER_CLOSED, not after the poll interval', async () => {
    const r = reader(inbox([]).get, 5_000);
    const waiter = await r.subscribe();
    const waiting = waiter.waitForMessage(alertMatch, { since: Date.now(), timeoutMs: 60_000 });
    const started = Date.now();
    setTimeout(() => waiter.close(), 30);
    const err = await rejection(waiting);
    assert.equal(err.code, 'WAITER_CLOSED');
    assert.equal(err.what, `Waiting at ${WHERE}`);
    assert.ok(Date.now() - started < 1_000, `ended after ${Date.now() - started} ms`);
  });
});
