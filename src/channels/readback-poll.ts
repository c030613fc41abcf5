// Waiting on a real channel means polling it: there is nothing to subscribe to. Each poll re-reads
// everything since the run start (correlation is by content, never "the latest message"), and the
// interval backs off so a long wait stays well inside the API's rate limit.

import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from '../errors.ts';
import { summarizeMessage } from './match.ts';
import type { ChannelMessage, ChannelName, ChannelWaiter, MessageMatch, WaitOptions } from './types.ts';

export interface ListOptions {
  /** Aborts rate-limit waits (and requests where the client allows it). */
  signal?: AbortSignal;
}

export interface PolledChannel {
  readonly name: ChannelName;
  readonly where: string;
  listMessages(since: number, opts?: ListOptions): Promise<ChannelMessage[]>;
  /** The fix to print when the wait ends without a match, given how many other messages arrived. */
  timeoutFix(arrived: number): string;
}

export interface PollSchedule {
  firstMs: number;
  maxMs: number;
  /** Growth of the interval after each empty poll (default 1.5). */
  factor?: number;
  /** The last poll, even one started at the deadline, gets at least this long (default 5 s). */
  graceMs?: number;
}

const LABEL: Record<ChannelName, string> = { slack: 'Slack', teams: 'Teams' };

export async function pollForMessage(
  channel: PolledChannel,
  match: MessageMatch,
  opts: WaitOptions,
  schedule: PollSchedule,
  closed: AbortSignal,
): Promise<ChannelMessage> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let delay = schedule.firstMs;
  let polls = 0;
  let seen: ChannelMessage[] = [];
  for (;;) {
    const budget = Math.max(deadline - Date.now(), schedule.graceMs ?? 5000);
    const pollSignal = AbortSignal.any([closed, AbortSignal.timeout(budget)]);
    try {
      seen = await channel.listMessages(opts.since, { signal: pollSignal });
      polls++;
    } catch (err) {
      if (closed.aborted) throw closedError(channel, match);
      if (pollSignal.aborted) break;
      throw err;
    }
    const found = seen.find((m) => match.test(m));
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      await sleep(Math.min(delay, left), undefined, { signal: closed });
    } catch {
      throw closedError(channel, match);
    }
    delay = Math.min(schedule.maxMs, Math.round(delay * (schedule.factor ?? 1.5)));
  }
  throw timeoutError(channel, match, opts, started, polls, seen);
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

function timeoutError(
  channel: PolledChannel,
  match: MessageMatch,
  opts: WaitOptions,
  started: number,
  polls: number,
  seen: ChannelMessage[],
): HarnessError {
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const instead =
    seen.length === 0
      ? `the channel shows no message at all since ${clock(opts.since)}`
      : `${seen.length} other message(s) since ${clock(opts.since)}: ${seen.map(summarizeMessage).join('; ')}`;
  return new HarnessError({
    code: 'CHANNEL_TIMEOUT',
    what: `Waiting for ${LABEL[channel.name]}: ${match.description} in ${channel.where}`,
    cause: `none within ${seconds} s (${polls} poll${polls === 1 ? '' : 's'}); ${instead}`,
    fix: channel.timeoutFix(seen.length),
    details: {
      channel: channel.name,
      awaited: match.description,
      where: channel.where,
      timeoutMs: opts.timeoutMs,
      since: opts.since,
      polls,
      arrived: seen.map(summarizeMessage),
    },
  });
}

function closedError(channel: PolledChannel, match: MessageMatch): HarnessError {
  return new HarnessError({
    code: 'READBACK_CLOSED',
    what: `Waiting for ${LABEL[channel.name]}: ${match.description} in ${channel.where}`,
    cause: 'the reader was closed while waiting',
    fix: 'close the reader only after its waits have settled',
  });
}

/** A waiter for a polled channel: opening it costs nothing, `since` does the correlation. */
export class PollingWaiter implements ChannelWaiter {
  readonly #channel: PolledChannel;
  readonly #schedule: PollSchedule;
  readonly #abort = new AbortController();
  readonly #onClose: () => void;

  constructor(channel: PolledChannel, schedule: PollSchedule, onClose: () => void = () => {}) {
    this.#channel = channel;
    this.#schedule = schedule;
    this.#onClose = onClose;
  }

  waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    return pollForMessage(this.#channel, match, opts, this.#schedule, this.#abort.signal);
  }

  close(): void {
    this.#abort.abort();
    this.#onClose();
  }
}

/** Sleeps for a server-requested Retry-After; rejects when the signal aborts. */
export async function waitRetryAfter(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, undefined, signal ? { signal } : undefined);
}
