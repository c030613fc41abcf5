// What every channel reader does around its waiters, whatever wakes them (an event stream or polls):
// a one-off wait opens a waiter and always closes it, closing the reader closes the waiters still
// open, and a wait that ends empty-handed says what arrived instead.

import { HarnessError } from '../errors.ts';
import { summarizeMessage } from './match.ts';
import type { ChannelMessage, ChannelName, ChannelWaiter, MessageMatch, WaitOptions } from './types.ts';

export const CHANNEL_LABEL: Record<ChannelName, string> = { slack: 'Slack', teams: 'Teams' };

/** The waiter bookkeeping of a ChannelReader: a subclass says only how one waiter is opened. */
export abstract class WaitingReader {
  readonly #open = new Set<ChannelWaiter>();

  /** Opens a waiter, which calls `forget` when it closes; one that fails to open is not kept. */
  protected abstract openWaiter(forget: () => void): ChannelWaiter | Promise<ChannelWaiter>;

  async subscribe(): Promise<ChannelWaiter> {
    const waiter = await this.openWaiter(() => this.#open.delete(waiter));
    this.#open.add(waiter);
    return waiter;
  }

  /** subscribe() + wait + close, for callers that only need one message. */
  async waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    const waiter = await this.subscribe();
    try {
      return await waiter.waitForMessage(match, opts);
    } finally {
      waiter.close();
    }
  }

  async close(): Promise<void> {
    for (const w of [...this.#open]) w.close();
  }
}

export interface TimeoutReport {
  match: MessageMatch;
  opts: WaitOptions;
  /** Epoch ms the wait began. */
  started: number;
  /** What did arrive since `opts.since`. */
  arrived: ChannelMessage[];
  fix: string;
  /** How `where` is joined: "at" a receiver (default), "in" a channel. */
  preposition?: 'at' | 'in';
  /** Polls made, for a channel that can only be polled. */
  polls?: number;
  /** The cause's words for no message and for other messages. */
  wording?: { nothing: string; others: string };
}

const INBOX_WORDING = { nothing: 'nothing arrived at all', others: 'other message(s) arrived' };

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}

/** CHANNEL_TIMEOUT: nothing matched within the wait; the cause lists what arrived instead. */
export function channelTimeoutError(
  reader: { name: ChannelName; where: string },
  r: TimeoutReport,
): HarnessError {
  const { arrived, opts, polls } = r;
  const words = r.wording ?? INBOX_WORDING;
  const seconds = Math.round((Date.now() - r.started) / 100) / 10;
  const pollCount = polls === undefined ? '' : ` (${polls} poll${polls === 1 ? '' : 's'})`;
  const instead =
    arrived.length === 0
      ? `${words.nothing} since ${clock(opts.since)}`
      : `${arrived.length} ${words.others} since ${clock(opts.since)}: ${arrived.map(summarizeMessage).join('; ')}`;
  return new HarnessError({
    code: 'CHANNEL_TIMEOUT',
    what: `Waiting for ${CHANNEL_LABEL[reader.name]}: ${r.match.description} ${r.preposition ?? 'at'} ${reader.where}`,
    cause: `none within ${seconds} s${pollCount}; ${instead}`,
    fix: r.fix,
    details: {
      channel: reader.name,
      awaited: r.match.description,
      where: reader.where,
      timeoutMs: opts.timeoutMs,
      since: opts.since,
      ...(polls === undefined ? {} : { polls }),
      arrived: arrived.map(summarizeMessage),
    },
  });
}

/** WAITER_CLOSED: what a pending wait rejects with when its waiter is closed under it. */
export function waiterClosedError(where: string): HarnessError {
  return new HarnessError({
    code: 'WAITER_CLOSED',
    what: `Waiting at ${where}`,
    cause: 'the waiter was closed before anything matched',
    fix: 'Close a waiter only after its waits have settled',
  });
}
