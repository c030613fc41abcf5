// Waiting on a real channel means polling it: there is nothing to subscribe to. Each poll re-reads
// everything since the run start (correlation is by content, never "the latest message"), and the
// interval backs off so a long wait stays well inside the API's rate limit (Wait.until).

import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from '../errors.ts';
import { Probe, Wait } from '../wait.ts';
import type { ChannelMessage, ChannelName, ChannelWaiter, MessageMatch, WaitOptions } from './types.ts';
import { CHANNEL_LABEL, channelTimeoutError, WaitingReader } from './wait-for-match.ts';

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

const POLLED_WORDING = { nothing: 'the channel shows no message at all', others: 'other message(s)' };

export async function pollForMessage(
  channel: PolledChannel,
  match: MessageMatch,
  opts: WaitOptions,
  schedule: PollSchedule,
  closed: AbortSignal,
): Promise<ChannelMessage> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let polls = 0;
  return Wait.until<ChannelMessage, ChannelMessage[]>(
    async () => {
      const budget = Math.max(deadline - Date.now(), schedule.graceMs ?? 5000);
      const pollSignal = AbortSignal.any([closed, AbortSignal.timeout(budget)]);
      let seen: ChannelMessage[];
      try {
        seen = await channel.listMessages(opts.since, { signal: pollSignal });
        polls++;
      } catch (err) {
        if (closed.aborted) throw closedError(channel, match);
        // A poll cut off by its budget is past the deadline: the wait ends in its timeout.
        if (pollSignal.aborted) return Probe.notYet();
        throw err;
      }
      const found = seen.find((m) => match.test(m));
      return found ? Probe.done(found) : Probe.notYet(seen);
    },
    {
      timeoutMs: opts.timeoutMs,
      intervalMs: schedule.firstMs,
      maxIntervalMs: schedule.maxMs,
      factor: schedule.factor ?? 1.5,
      signal: closed,
      onAbort: () => closedError(channel, match),
      onTimeout: ({ lastSeen = [] }) =>
        channelTimeoutError(channel, {
          preposition: 'in',
          match,
          opts,
          started,
          polls,
          arrived: lastSeen,
          wording: POLLED_WORDING,
          fix: channel.timeoutFix(lastSeen.length),
        }),
    },
  );
}

function closedError(channel: PolledChannel, match: MessageMatch): HarnessError {
  return new HarnessError({
    code: 'READBACK_CLOSED',
    what: `Waiting for ${CHANNEL_LABEL[channel.name]}: ${match.description} in ${channel.where}`,
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

/** What a polled channel's timeout error advises. */
export interface TimeoutFixes {
  /** When nothing at all arrived since the run start. */
  nothing: string;
  /** When other messages arrived, none of them matching. */
  others: string;
}

/** A reader of a channel that can only be polled: each waiter polls `listMessages` on the schedule. */
export abstract class PolledReader extends WaitingReader implements PolledChannel {
  abstract readonly name: ChannelName;
  abstract readonly where: string;
  readonly #schedule: PollSchedule;
  readonly #fixes: TimeoutFixes;

  constructor(schedule: PollSchedule, fixes: TimeoutFixes) {
    super();
    this.#schedule = schedule;
    this.#fixes = fixes;
  }

  abstract listMessages(since: number, opts?: ListOptions): Promise<ChannelMessage[]>;

  timeoutFix(arrived: number): string {
    return arrived === 0 ? this.#fixes.nothing : this.#fixes.others;
  }

  protected openWaiter(forget: () => void): ChannelWaiter {
    return new PollingWaiter(this, this.#schedule, forget);
  }
}

/** Sleeps for a server-requested Retry-After; rejects when the signal aborts. */
export async function waitRetryAfter(ms: number, signal: AbortSignal | undefined): Promise<void> {
  await sleep(ms, undefined, signal ? { signal } : undefined);
}

export interface RateLimitedCall<T> {
  send(): Promise<T>;
  /** The wait a 429 asks for, or undefined for any other failure. */
  rateLimitOf(err: unknown): { waitMs: number; askedSeconds: number } | undefined;
  /** What to throw for a failure that is not a 429. */
  readError(err: unknown): unknown;
  /** What to throw once `maxWaits` 429s in a row have been waited out. */
  tooMany(answers: number, askedSeconds: number): Error;
  maxWaits: number;
  stats: { calls: number; rateLimitWaitsMs: number[] };
  signal: AbortSignal | undefined;
}

/** Sends a read, waiting out each 429's Retry-After (counted in `stats`) up to `maxWaits` times. */
export async function sendWithinRateLimit<T>(call: RateLimitedCall<T>): Promise<T> {
  for (let waits = 0; ; waits++) {
    call.stats.calls++;
    try {
      return await call.send();
    } catch (err) {
      const limit = call.rateLimitOf(err);
      if (limit === undefined) throw call.readError(err);
      if (waits >= call.maxWaits) throw call.tooMany(waits + 1, limit.askedSeconds);
      call.stats.rateLimitWaitsMs.push(limit.waitMs);
      await waitRetryAfter(limit.waitMs, call.signal);
    }
  }
}
