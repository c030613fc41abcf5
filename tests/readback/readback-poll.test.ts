// pollForMessage, the wait of every polled channel (Slack history, Graph), over a fake channel: a
// wait that runs out names what, where, the polls, what the channel showed and the channel's fix; a
// poll still hanging at the deadline is cut after the grace and ends in the same timeout; closing
// ends the wait in READBACK_CLOSED.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ListOptions, type PolledChannel, pollForMessage } from '../../src/channels/readback-poll.ts';
import type { ChannelMessage, MessageMatch } from '../../src/channels/types.ts';
import { rejection } from '../support/rejection.ts';

const match: MessageMatch = { description: '"Alert ID: a-1"', test: (m) => m.shownText.includes('a-1') };

function channel(list: (opts?: ListOptions) => Promise<ChannelMessage[]>): PolledChannel & { polls: number } {
  const c = {
    name: 'slack' as const,
    where: 'Slack channel C1',
    polls: 0,
    listMessages: async (_since: number, opts?: ListOptions) => {
      c.polls++;
      return list(opts);
    },
    timeoutFix: (arrived: number) => (arrived === 0 ? 'invite the bot to the channel' : 'compare them'),
  };
  return c;
}

const chatter = (since: number): ChannelMessage => ({
  id: 'm1',
  channel: 'slack',
  receivedAt: since + 1,
  shownText: 'deploy done',
  shown: null,
  delivered: true,
});

describe('pollForMessage', () => {
  it('ends in CHANNEL_TIMEOUT naming what, where, the polls and the fix for an empty channel', async () => {
    const c = channel(async () => []);
    const since = Date.now();
    const err = await rejection(
      pollForMessage(
        c,
        match,
        { since, timeoutMs: 120 },
        { firstMs: 10, maxMs: 40 },
        new AbortController().signal,
      ),
    );
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.equal(err.what, 'Waiting for Slack: "Alert ID: a-1" in Slack channel C1');
    assert.match(
      err.cause,
      new RegExp(`^none within \\d(\\.\\d)? s \\(${c.polls} polls\\); the channel shows no message at all`),
    );
    assert.ok(c.polls >= 3, `polled ${c.polls} times`);
    assert.equal(err.fix, 'invite the bot to the channel');
  });

  it('cuts a poll still hanging at the deadline after the grace, and reports what the last poll saw', async () => {
    const since = Date.now();
    let first = true;
    const c = channel(
      (opts) =>
        new Promise((resolve, reject) => {
          if (first) {
            first = false;
            resolve([chatter(since)]);
            return;
          }
          opts?.signal?.addEventListener('abort', () => reject(new Error('aborted by the poll budget')));
        }),
    );
    // AbortSignal.timeout does not keep the process alive; a real run has its other handles.
    const keepAlive = setInterval(() => {}, 1_000);
    const started = Date.now();
    const err = await rejection(
      pollForMessage(
        c,
        match,
        { since, timeoutMs: 50 },
        { firstMs: 10, maxMs: 10, graceMs: 150 },
        new AbortController().signal,
      ),
    ).finally(() => clearInterval(keepAlive));
    assert.equal(err.code, 'CHANNEL_TIMEOUT');
    assert.match(err.cause, /\(1 poll\); 1 other message\(s\) since .*"deploy done"/);
    assert.equal(err.fix, 'compare them');
    const took = Date.now() - started;
    assert.ok(took >= 140 && took < 1_000, `the hanging poll had its grace: ${took} ms`);
  });

  it('ends in READBACK_CLOSED when the reader closes during the pause between polls', async () => {
    const closed = new AbortController();
    setTimeout(() => closed.abort(), 30);
    const started = Date.now();
    const err = await rejection(
      pollForMessage(
        channel(async () => []),
        match,
        { since: Date.now(), timeoutMs: 60_000 },
        { firstMs: 10_000, maxMs: 10_000 },
        closed.signal,
      ),
    );
    assert.equal(err.code, 'READBACK_CLOSED');
    assert.equal(err.what, 'Waiting for Slack: "Alert ID: a-1" in Slack channel C1');
    assert.ok(Date.now() - started < 1_000);
  });
});
