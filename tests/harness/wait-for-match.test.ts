// The waiter bookkeeping and timeout wording every channel reader shares (src/channels/wait-for-match.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelMessage, ChannelWaiter, MessageMatch, WaitOptions } from '../../src/channels/types.ts';
import { channelTimeoutError, WaitingReader, waiterClosedError } from '../../src/channels/wait-for-match.ts';

const SINCE = Date.UTC(2026, 2, 3, 12, 34, 56, 789);

function message(id: string, text: string): ChannelMessage {
  return {
    id,
    channel: 'slack',
    receivedAt: SINCE + 1,
    shown: null,
    shownText: text,
    sentText: text,
    delivered: true,
  };
}

const match: MessageMatch = {
  description: 'a message carrying alert id 3f2c',
  test: (m) => m.id === 'wanted',
};

class FakeWaiter implements ChannelWaiter {
  closes = 0;
  constructor(
    readonly answer: () => Promise<ChannelMessage>,
    readonly forget: () => void,
  ) {}
  waitForMessage(_match: MessageMatch, _opts: WaitOptions): Promise<ChannelMessage> {
    return this.answer();
  }
  close(): void {
    this.closes++;
    this.forget();
  }
}

class FakeReader extends WaitingReader {
  readonly opened: FakeWaiter[] = [];
  answer: () => Promise<ChannelMessage> = async () => message('wanted', 'hi');
  failOpen = false;

  protected async openWaiter(forget: () => void): Promise<ChannelWaiter> {
    const waiter = new FakeWaiter(this.answer, forget);
    this.opened.push(waiter);
    if (this.failOpen) throw new Error('stream refused');
    return waiter;
  }
}

describe('WaitingReader', () => {
  it('closes the waiter of a one-off wait, whether it matched or failed', async () => {
    const reader = new FakeReader();
    assert.equal((await reader.waitForMessage(match, { since: SINCE, timeoutMs: 100 })).id, 'wanted');
    reader.answer = () => Promise.reject(new Error('timed out'));
    await assert.rejects(reader.waitForMessage(match, { since: SINCE, timeoutMs: 100 }), /timed out/);
    assert.deepEqual(
      reader.opened.map((w) => w.closes),
      [1, 1],
    );
    await reader.close();
    assert.deepEqual(
      reader.opened.map((w) => w.closes),
      [1, 1],
      'a closed waiter is forgotten, not closed again',
    );
  });

  it('closes the waiters still open when the reader closes', async () => {
    const reader = new FakeReader();
    const first = await reader.subscribe();
    const second = await reader.subscribe();
    first.close();
    await reader.close();
    assert.deepEqual(
      reader.opened.map((w) => w.closes),
      [1, 1],
    );
    assert.ok(second instanceof FakeWaiter);
  });

  it('does not keep a waiter that failed to open', async () => {
    const reader = new FakeReader();
    reader.failOpen = true;
    await assert.rejects(reader.subscribe(), /stream refused/);
    await reader.close();
    assert.equal(reader.opened[0]?.closes, 0);
  });
});

describe('channelTimeoutError', () => {
  const receiver = { name: 'teams' as const, where: "the lab's Teams receiver" };

  it('says nothing arrived, at a receiver, with the fix given', () => {
    const err = channelTimeoutError(receiver, {
      match,
      opts: { since: SINCE, timeoutMs: 1500 },
      started: Date.now() - 1500,
      arrived: [],
      fix: 'check the webhook',
    });
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.equal(err.what, "Waiting for Teams: a message carrying alert id 3f2c at the lab's Teams receiver");
    assert.match(err.cause, /^none within 1\.\d s; nothing arrived at all since 12:34:56\.789$/);
    assert.equal(err.fix, 'check the webhook');
    assert.deepEqual(err.details, {
      channel: 'teams',
      awaited: match.description,
      where: receiver.where,
      timeoutMs: 1500,
      since: SINCE,
      arrived: [],
    });
  });

  it('counts polls and lists what arrived instead, in a channel, in the words given', () => {
    const wording = { nothing: 'the channel shows no message at all', others: 'other message(s)' };
    const wait = {
      match,
      opts: { since: SINCE, timeoutMs: 1000 },
      started: Date.now(),
      arrived: [message('other', 'hello')],
      fix: 'compare',
      preposition: 'in' as const,
      wording,
    };
    const one = channelTimeoutError({ name: 'slack', where: 'Slack channel C1' }, { ...wait, polls: 1 });
    assert.equal(one.what, 'Waiting for Slack: a message carrying alert id 3f2c in Slack channel C1');
    assert.match(
      one.cause,
      /^none within \d+(\.\d)? s \(1 poll\); 1 other message\(s\) since 12:34:56\.789: .*hello/,
    );
    assert.equal(one.details?.polls, 1);
    const two = channelTimeoutError({ name: 'slack', where: 'Slack channel C1' }, { ...wait, polls: 2 });
    assert.match(two.cause, /\(2 polls\)/);
  });

  it('names where a closed waiter was waiting', () => {
    const err = waiterClosedError('the in-cluster receiver');
    assert.equal(err.code, 'WAITER_CLOSED');
    assert.equal(err.what, 'Waiting at the in-cluster receiver');
  });
});
