// A ChannelReader over an inbox that can only be polled (the in-cluster receiver, read through the API
// server's service proxy): waits poll GET /inbox/api/messages with a growing interval (Wait.until).

import { messageFromInbox } from '../channels/inbox-message.ts';
import type {
  ChannelMessage,
  ChannelName,
  ChannelReader,
  ChannelWaiter,
  MessageMatch,
  WaitOptions,
} from '../channels/types.ts';
import {
  CHANNEL_LABEL,
  channelTimeoutError,
  WaitingReader,
  waiterClosedError,
} from '../channels/wait-for-match.ts';
import { HarnessError } from '../errors.ts';
import { Probe, Wait } from '../wait.ts';

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

export class PollingInboxReader extends WaitingReader implements ChannelReader {
  readonly name: ChannelName;
  readonly where: string;
  /** The harness's own receiver: only the notifiers pointed at it post there. */
  readonly ownWebhookOnly = true;
  readonly #o: PollingInboxReaderOptions;

  constructor(opts: PollingInboxReaderOptions) {
    super();
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

  protected openWaiter(forget: () => void): ChannelWaiter {
    return new PollingWaiter(this, this.#o, forget);
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
  readonly #abort = new AbortController();

  constructor(
    private readonly reader: PollingInboxReader,
    private readonly o: PollingInboxReaderOptions,
    private readonly onClose: () => void,
  ) {}

  waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    const started = Date.now();
    return Wait.until<ChannelMessage, ChannelMessage[]>(
      async () => {
        const arrived = await this.reader.listMessages(opts.since);
        const found = arrived.find((m) => match.test(m));
        return found ? Probe.done(found) : Probe.notYet(arrived);
      },
      {
        timeoutMs: opts.timeoutMs,
        intervalMs: this.o.pollMs ?? 250,
        maxIntervalMs: this.o.maxPollMs ?? 2000,
        signal: this.#abort.signal,
        onAbort: () => waiterClosedError(this.reader.where),
        onTimeout: ({ lastSeen = [], probes }) =>
          channelTimeoutError(this.reader, {
            match,
            opts,
            started,
            polls: probes,
            arrived: lastSeen,
            fix:
              lastSeen.length === 0
                ? `Check that the ${CHANNEL_LABEL[this.reader.name]} notifier's webhook URL points at this receiver, that Central can reach it, and Central's administration events (Integrations) for delivery errors`
                : 'Compare what arrived with what was expected',
          }),
      },
    );
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    this.onClose();
  }
}
