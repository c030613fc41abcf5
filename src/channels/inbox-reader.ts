// Reads the embedded lab's receiver inbox ($LAB_INBOX_URL). A waiter opens the SSE stream first,
// then lists what already arrived since `since`, so nothing that arrives around the trigger is missed
// and every wait wakes on the event itself instead of polling.

import { HarnessError } from '../errors.ts';
import { environmentProxySettings, type ProxySettings, proxyFailure, proxyFetch } from '../proxy/index.ts';
import { messageFromInbox, runBelongsTo, runFromInbox } from './inbox-message.ts';
import { openEventStream, type SseConnection } from './sse.ts';
import type {
  ChannelMessage,
  ChannelName,
  ChannelReader,
  ChannelWaiter,
  FlowRun,
  MessageMatch,
  RunOutcome,
  WaitOptions,
} from './types.ts';
import { CHANNEL_LABEL, channelTimeoutError, WaitingReader, waiterClosedError } from './wait-for-match.ts';

export interface InboxReaderOptions {
  inboxUrl: string;
  receiver: ChannelName;
  /** Only messages for this hook (e.g. the hook the notifier points at). */
  hookId?: string;
  /**
   * Only messages for the lab hook this webhook URL posts to: a lab channel carries other senders too
   * (other labs, other integrations), and RHACS's Test text names none of them.
   */
  webhookUrl?: string;
  requestTimeoutMs?: number;
  /** The proxy settings (HarnessConfig.proxy); default: this process's environment. */
  proxy?: ProxySettings;
}

export class InboxChannelReader extends WaitingReader implements ChannelReader {
  readonly name: ChannelName;
  where: string;
  readonly #base: string;
  #hookId: string | undefined;
  readonly #webhookUrl: string | undefined;
  #hookResolved: Promise<void> | undefined;
  readonly #timeoutMs: number;
  readonly #proxy: ProxySettings;
  /** fetch through the proxy the settings pick for the inbox (the events stream too). */
  readonly fetch: typeof fetch;

  constructor(opts: InboxReaderOptions) {
    super();
    this.#proxy = opts.proxy ?? environmentProxySettings();
    this.fetch = proxyFetch(this.#proxy);
    this.name = opts.receiver;
    this.#base = opts.inboxUrl.replace(/\/+$/, '');
    this.#hookId = opts.hookId;
    this.#webhookUrl = opts.webhookUrl;
    this.#timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.where = `the lab's ${CHANNEL_LABEL[this.name]} receiver (${this.#base})`;
  }

  /** Finds the hook behind `webhookUrl` once, by the non-secret part of its URL. */
  #resolveHook(): Promise<void> {
    if (this.#webhookUrl === undefined || this.#hookId !== undefined) return Promise.resolve();
    this.#hookResolved ??= (async () => {
      const body = await this.#getJson('/api/hooks');
      const hooks = Array.isArray(body.hooks) ? (body.hooks as Record<string, unknown>[]) : [];
      const hook = hooks.find((h) => postsTo(this.#webhookUrl ?? '', String(h.redactedUrl ?? '')));
      const label = CHANNEL_LABEL[this.name];
      if (hook) {
        this.#hookId = String(hook.id);
        this.where = `the lab's ${label} receiver (${this.#base}), hook ${this.#hookId}`;
      } else {
        this.#hookId = NO_HOOK;
        this.where = `the lab's ${label} receiver (${this.#base}), where no hook has the notifier's webhook URL (nothing posted to it can arrive)`;
      }
    })();
    return this.#hookResolved;
  }

  async #getJson(path: string): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await this.fetch(`${this.#base}${path}`, { signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (err) {
      const what = `Reading ${this.where} at ${path}`;
      throw (
        proxyFailure(err, this.#base, this.#proxy, what) ??
        this.#unreachable(path, err instanceof Error ? err.message : String(err))
      );
    }
    if (!res.ok) throw this.#unreachable(path, `HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }

  #unreachable(path: string, cause: string): HarnessError {
    return new HarnessError({
      code: 'INBOX_UNREACHABLE',
      what: `Reading ${this.where} at ${path}`,
      cause,
      fix: 'Check LAB_INBOX_URL points at a running lab (npm run lab prints it) or unset it to let verify start one',
    });
  }

  get ownWebhookOnly(): boolean {
    return this.#webhookUrl !== undefined || this.#hookId !== undefined;
  }

  async listMessages(since: number): Promise<ChannelMessage[]> {
    await this.#resolveHook();
    const q = new URLSearchParams({ receiver: this.name, since: String(since) });
    if (this.#hookId) q.set('hook', this.#hookId);
    const body = await this.#getJson(`/api/messages?${q}`);
    const list = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
    return list
      .map(messageFromInbox)
      .filter((m) => m.channel === this.name && m.receivedAt >= since)
      .filter((m) => !this.#hookId || m.hookId === this.#hookId)
      .sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async listRuns(): Promise<FlowRun[]> {
    const body = await this.#getJson('/api/runs');
    const list = Array.isArray(body.runs) ? (body.runs as Record<string, unknown>[]) : [];
    return list.map(runFromInbox);
  }

  protected async openWaiter(forget: () => void): Promise<ChannelWaiter> {
    await this.#resolveHook();
    const waiter = new InboxWaiter(this, forget);
    await waiter.open(`${this.#base}/api/events`);
    return waiter;
  }

  /** For waiters: does an SSE message belong to this reader? */
  accepts(m: ChannelMessage): boolean {
    return m.channel === this.name && (!this.#hookId || m.hookId === this.#hookId);
  }
}

const NO_HOOK = '(no hook)';

/** Does a webhook URL post to the hook shown as `redactedUrl` (its URL with the secret as `***`)? */
function postsTo(webhookUrl: string, redactedUrl: string): boolean {
  const star = redactedUrl.lastIndexOf('***');
  if (star < 0) return false;
  try {
    const hook = new URL(redactedUrl.slice(0, star));
    const url = new URL(webhookUrl);
    const prefix = hook.pathname + hook.search;
    const rest = (url.pathname + url.search).slice(prefix.length);
    return (url.pathname + url.search).startsWith(prefix) && rest !== '';
  } catch {
    return false;
  }
}

interface Pending {
  check(): void;
  fail(err: Error): void;
}

class InboxWaiter implements ChannelWaiter {
  readonly #reader: InboxChannelReader;
  readonly #onClose: () => void;
  readonly #messages = new Map<string, ChannelMessage>();
  readonly #runs = new Map<string, FlowRun>();
  readonly #pending = new Set<Pending>();
  #stream: SseConnection | undefined;
  #closed = false;

  constructor(reader: InboxChannelReader, onClose: () => void) {
    this.#reader = reader;
    this.#onClose = onClose;
  }

  async open(url: string): Promise<void> {
    try {
      this.#stream = await openEventStream(
        url,
        {
          onEvent: (e) => {
            try {
              const data = JSON.parse(e.data) as Record<string, unknown>;
              if (e.event === 'message') this.#addMessage(messageFromInbox(data));
              else if (e.event === 'run') this.#addRun(runFromInbox(data));
            } catch {
              return; // a malformed event is not ours to crash on
            }
            this.#wake();
          },
        },
        { fetch: this.#reader.fetch },
      );
    } catch (err) {
      throw new HarnessError({
        code: 'INBOX_UNREACHABLE',
        what: `Subscribing to ${this.#reader.where} events`,
        cause: err instanceof Error ? err.message : String(err),
        fix: 'Check LAB_INBOX_URL points at a running lab (npm run lab prints it)',
      });
    }
    this.#stream.ended.catch((err: unknown) => {
      const cause = err instanceof Error ? err.message : String(err);
      const error = new HarnessError({
        code: 'INBOX_STREAM_LOST',
        what: `Listening to ${this.#reader.where}`,
        cause: `the event stream ended while waiting (${cause})`,
        fix: 'Check that the lab is still running; its console shows why it stopped',
      });
      for (const p of [...this.#pending]) p.fail(error);
    });
  }

  #addMessage(m: ChannelMessage): void {
    if (this.#reader.accepts(m)) this.#messages.set(m.id, m);
  }

  #addRun(r: FlowRun): void {
    this.#runs.set(r.id, r);
  }

  #wake(): void {
    for (const p of [...this.#pending]) p.check();
  }

  #since(since: number): ChannelMessage[] {
    return [...this.#messages.values()]
      .filter((m) => m.receivedAt >= since)
      .sort((a, b) => a.receivedAt - b.receivedAt);
  }

  waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage> {
    const started = Date.now();
    return this.#await<ChannelMessage>({
      find: () => this.#since(opts.since).find((m) => match.test(m)),
      timeoutMs: opts.timeoutMs,
      onTimeout: (fail) => void this.#timeoutError(match, opts, started).then(fail, fail),
      // Messages that arrived between `since` and the subscription.
      catchUp: async () => {
        for (const m of await this.#reader.listMessages(opts.since)) this.#addMessage(m);
      },
    });
  }

  /**
   * One waiter on the event stream: settles with the first `find()` result, re-checked on every
   * event, after `catchUp()` loaded what arrived before the subscription, or fails on timeout.
   */
  #await<T>(w: {
    find: () => T | undefined;
    timeoutMs: number;
    onTimeout: (fail: (err: Error) => void) => void;
    catchUp: () => Promise<void>;
    beforeCheck?: (recheck: () => void) => void;
  }): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const pending: Pending = {
        check: () => {
          w.beforeCheck?.(pending.check);
          const found = w.find();
          if (found !== undefined) finish(() => resolve(found));
        },
        fail: (err) => finish(() => reject(err)),
      };
      const finish = (settle: () => void) => {
        if (!this.#pending.delete(pending)) return;
        clearTimeout(timer);
        settle();
      };
      this.#pending.add(pending);
      timer = setTimeout(() => w.onTimeout(pending.fail), w.timeoutMs);
      w.catchUp().then(pending.check, (err: Error) => pending.fail(err));
    });
  }

  async #timeoutError(match: MessageMatch, opts: WaitOptions, started: number): Promise<HarnessError> {
    let arrived = this.#since(opts.since);
    try {
      arrived = await this.#reader.listMessages(opts.since);
    } catch {
      // keep what the stream delivered
    }
    const fix =
      arrived.length === 0
        ? `Check that the ${CHANNEL_LABEL[this.#reader.name]} notifier's webhook URL points at this receiver, that the policy lists the notifier, and Central's administration events (Integrations) for delivery errors`
        : `Compare what arrived with what was expected; Central's administration events (Integrations) show delivery errors`;
    return channelTimeoutError(this.#reader, { match, opts, started, arrived, fix });
  }

  async waitForRun(message: ChannelMessage, opts: { timeoutMs: number }): Promise<RunOutcome> {
    const started = Date.now();
    // The inbox links a run to its request through the message's runId, set just after the message
    // event went out; look it up from the list when the event did not carry it.
    let runId = message.runId;
    let lookup: Promise<void> | undefined;
    const lookUpRunId = (recheck: () => void): void => {
      if (runId !== undefined || lookup) return;
      lookup = this.#reader
        .listMessages(message.receivedAt)
        .then((list) => {
          runId = list.find((m) => m.id === message.id)?.runId;
          if (runId !== undefined) recheck();
        })
        .catch(() => {})
        .finally(() => {
          lookup = undefined;
        });
    };
    const belongs = (r: FlowRun) => r.id === runId || runBelongsTo(r, message);
    const run = await this.#await<FlowRun>({
      find: () => [...this.#runs.values()].find((r) => belongs(r) && r.status !== 'Running'),
      beforeCheck: lookUpRunId,
      timeoutMs: opts.timeoutMs,
      onTimeout: (fail) => {
        const seen = [...this.#runs.values()].filter(belongs);
        fail(
          new HarnessError({
            code: 'FLOW_RUN_TIMEOUT',
            what: `Waiting for the Teams flow run of message ${message.id} at ${this.#reader.where}`,
            cause: `no finished run within ${Math.round((Date.now() - started) / 100) / 10} s; ${
              seen.length === 0 ? 'no run was seen for it' : `run ${seen[0]?.id} is still ${seen[0]?.status}`
            }`,
            fix: "Open the flow's run history in Power Automate (or the lab inbox /api/runs) to see where it stopped",
            details: { messageId: message.id, runs: seen },
          }),
        );
      },
      catchUp: async () => {
        const [runs, list] = await Promise.all([
          this.#reader.listRuns(),
          this.#reader.listMessages(message.receivedAt),
        ]);
        runId ??= list.find((m) => m.id === message.id)?.runId;
        for (const r of runs) if (!this.#runs.has(r.id) || r.status !== 'Running') this.#addRun(r);
      },
    });
    if (run.status === 'Succeeded' && run.messageIds.includes(message.id))
      return { run, message: await this.#cardListed(message, run, started + opts.timeoutMs) };
    const latest = (await this.#reader.listMessages(message.receivedAt)).find((m) => m.id === message.id);
    return { run, message: latest ?? message };
  }

  /**
   * The run posted the card; the channel lists it when its read API does (Graph is slower than the
   * run), so wait for that within what is left of the wait.
   */
  #cardListed(message: ChannelMessage, run: FlowRun, deadline: number): Promise<ChannelMessage> {
    const started = Date.now();
    const listed = () => {
      const m = this.#messages.get(message.id);
      return m?.delivered ? m : undefined;
    };
    return this.#await<ChannelMessage>({
      find: listed,
      timeoutMs: Math.max(0, deadline - started),
      onTimeout: (fail) =>
        fail(
          new HarnessError({
            code: 'TEAMS_CARD_NOT_LISTED',
            what: `Waiting for the Teams channel at ${this.#reader.where} to list the card of message ${message.id}`,
            cause: `the flow run ${run.id} succeeded and posted the card, but the channel did not list it within ${Math.round((Date.now() - started) / 100) / 10} s after the run`,
            fix: 'The channel may list new messages late: raise the Teams read-back timeout (TEAMS_READBACK_TIMEOUT_MS), or look in the channel whether the card arrived',
            details: { messageId: message.id, runId: run.id },
          }),
        ),
      catchUp: async () => {
        for (const m of await this.#reader.listMessages(message.receivedAt)) this.#addMessage(m);
      },
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stream?.close();
    const error = waiterClosedError(this.#reader.where);
    for (const p of [...this.#pending]) p.fail(error);
    this.#onClose();
  }
}
