// A ChannelReader over an inbox that can only be polled (the in-cluster receiver, read through the API
// server's service proxy): waits poll GET /inbox/api/messages with a growing interval.

import { messageFromInbox } from '../channels/inbox-message.ts';
import { summarizeMessage } from '../channels/match.ts';
import type {
  ChannelMessage,
  ChannelName,
  ChannelReader,
  ChannelWaiter,
  MessageMatch,
  WaitOptions,
} from '../channels/types.ts';
import { HarnessError } from '../errors.ts';

/** GET of a path under the receiver (e.g. `/inbox/api/messages?...`); answers status and body. */
export type InboxGet = (path: string) => Promise<{ status: number; text: string }>;

export interface PollingInboxReaderOptions {
  channel: ChannelName;
  get: InboxGet;
  /** Safe to print. */
  where: string;
  /** Shown as the fix when the inbox cannot be read. */
  unreachableFix: string;
  /** First poll interval (default 250 ms); it doubles up to maxPollMs. */
  pollMs?: number;
  maxPollMs?: number;
}

const LABEL: Record<ChannelName, string> = { slack: 'Slack', teams: 'Teams' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class PollingInboxReader implements ChannelReader {
  readonly name: ChannelName;
  readonly where: string;
  readonly #o: PollingInboxReaderOptions;
  readonly #waiters = new Set<PollingWaiter>();

  constructor(opts: PollingInboxReaderOptions) {
    this.name = opts.channel;
    this.where = opts.where;
    this.#o = opts;
  }

  async listMessages(since: number): Promise<ChannelMessage[]> {
    const q = new URLSearchParams({ receiver: this.name, since: String(since) });
    const path = `/inbox/api/messages?${q}`;
    let answer: { status: number; text: string };
    try {
      answer = await this.#o.get(path);
    } catch (err) {
      throw this.#unreachable(err instanceof Error ? err.message : String(err));
    }
    if (answer.status !== 200) throw this.#unreachable(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
    let body: { messages?: unknown };
    try {
      body = JSON.parse(answer.text) as { messages?: unknown };
    } catch {
      throw this.#unreachable(`the answer is not JSON (${answer.text.slice(0, 120)})`);
    }
    const list = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
    return list
      .map(messageFromInbox)
      .filter((m) => m.channel === this.name && m.receivedAt >= since)
      .sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async subscribe(): Promise<ChannelWaiter> {
    const waiter = new PollingWaiter(this, this.#o, () => this.#waiters.delete(waiter));
    this.#waiters.add(waiter);
    return waiter;
  }

  async waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    const waiter = await this.subscribe();
    try {
      return await waiter.waitForMessage(match, opts);
    } finally {
      waiter.close();
    }
  }

  async close(): Promise<void> {
    for (const w of [...this.#waiters]) w.close();
  }

  #unreachable(cause: string): HarnessError {
    return new HarnessError({
      code: 'RECEIVER_UNREACHABLE',
      what: `Reading ${this.where}`,
      cause,
      fix: this.#o.unreachableFix,
    });
  }
}

class PollingWaiter implements ChannelWaiter {
  #closed = false;
  readonly #cancel = new Set<(err: Error) => void>();

  constructor(
    private readonly reader: PollingInboxReader,
    private readonly o: PollingInboxReaderOptions,
    private readonly onClose: () => void,
  ) {}

  async waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    const started = Date.now();
    const deadline = started + opts.timeoutMs;
    let interval = this.o.pollMs ?? 250;
    let cancelled: Error | undefined;
    const cancel = (err: Error) => {
      cancelled = err;
    };
    this.#cancel.add(cancel);
    try {
      let arrived: ChannelMessage[] = [];
      for (;;) {
        if (cancelled) throw cancelled;
        arrived = await this.reader.listMessages(opts.since);
        const found = arrived.find((m) => match.test(m));
        if (found) return found;
        const left = deadline - Date.now();
        if (left <= 0) break;
        await sleep(Math.min(interval, left));
        interval = Math.min(interval * 2, this.o.maxPollMs ?? 2000);
      }
      const label = LABEL[this.reader.name];
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const since = new Date(opts.since).toISOString().slice(11, 23);
      throw new HarnessError({
        code: 'CHANNEL_TIMEOUT',
        what: `Waiting for ${label}: ${match.description} at ${this.reader.where}`,
        cause: `none within ${seconds} s; ${
          arrived.length === 0
            ? `nothing arrived at all since ${since}`
            : `${arrived.length} other message(s) arrived since ${since}: ${arrived.map(summarizeMessage).join('; ')}`
        }`,
        fix:
          arrived.length === 0
            ? `Check that the ${label} notifier's webhook URL points at this receiver, that Central can reach it, and Central's administration events (Integrations) for delivery errors`
            : 'Compare what arrived with what was expected',
        details: {
          channel: this.reader.name,
          awaited: match.description,
          where: this.reader.where,
          timeoutMs: opts.timeoutMs,
          since: opts.since,
          arrived: arrived.map(summarizeMessage),
        },
      });
    } finally {
      this.#cancel.delete(cancel);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const error = new HarnessError({
      code: 'WAITER_CLOSED',
      what: `Waiting at ${this.reader.where}`,
      cause: 'the waiter was closed before anything matched',
      fix: 'Close a waiter only after its waits have settled',
    });
    for (const cancel of this.#cancel) cancel(error);
    this.onClose();
  }
}
