// The receivers' in-memory state: hooks, what each hook received and showed, Teams flow runs, and the
// programmed faults. The HTTP inbox API and in-process tests read the same object.
import type {
  FaultSpec,
  FlowRun,
  HookKind,
  InboxEvent,
  InboxMessage,
  PublicHook,
  ReceiverName,
} from '../../types/receivers.ts';
import { type HookAddress, newHookAddress, receiverOf } from './hook-urls.ts';

export interface HookInfo {
  id: string;
  kind: HookKind;
  /** Full URL, secret included. */
  url: string;
}

export interface HookRecord extends HookAddress {
  id: string;
  kind: HookKind;
  origin: string;
  revoked: boolean;
  createdAt: number;
}

export interface MessageFilter {
  receiver?: ReceiverName;
  hookId?: string;
  /** Only messages received at or after this epoch ms. */
  since?: number;
}

export type NewMessage = Omit<InboxMessage, 'id' | 'receiver' | 'hookKind' | 'receivedAt'> & {
  receivedAt?: number;
};

type Listener = (event: InboxEvent) => void;

export interface InboxOptions {
  /**
   * How long a channel takes to list what it got (mocks/latency.ts): a Slack post until
   * conversations.history has it, a card a flow posted until Graph has it. Default 0.
   */
  visibilityDelayMs?: Partial<Record<ReceiverName, number>>;
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class Inbox {
  private readonly hooks = new Map<string, HookRecord>();
  private messages: InboxMessage[] = [];
  private runs: FlowRun[] = [];
  private faults: ActiveFault[] = [];
  private readonly listeners = new Set<Listener>();
  private messageSeq = 0;
  private runSeq = 0;
  private hookSeq = 0;
  /** Messages a channel does not list yet: id -> when it will. */
  private readonly hiddenUntil = new Map<string, number>();
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(private readonly options: InboxOptions = {}) {}

  createHook(kind: HookKind, origin: string): HookInfo {
    this.hookSeq += 1;
    const record: HookRecord = {
      ...newHookAddress(kind),
      id: `${kind}-${this.hookSeq}`,
      kind,
      origin,
      revoked: false,
      createdAt: Date.now(),
    };
    this.hooks.set(record.id, record);
    return { id: record.id, kind, url: origin + record.pathAndQuery };
  }

  /** The hook of this kind whose non-secret key matches (the caller checks the secret). */
  findHook(kind: HookKind | HookKind[], key: string): HookRecord | undefined {
    const kinds = Array.isArray(kind) ? kind : [kind];
    for (const hook of this.hooks.values()) if (kinds.includes(hook.kind) && hook.key === key) return hook;
    return undefined;
  }

  getHook(id: string): HookRecord | undefined {
    return this.hooks.get(id);
  }

  listHooks(): PublicHook[] {
    return [...this.hooks.values()].map((h) => ({
      id: h.id,
      kind: h.kind,
      receiver: receiverOf(h.kind),
      redactedUrl: h.origin + h.redacted,
      revoked: h.revoked,
      createdAt: h.createdAt,
    }));
  }

  revokeHook(id: string): boolean {
    const hook = this.hooks.get(id);
    if (!hook) return false;
    hook.revoked = true;
    return true;
  }

  /** Adds a fault (or revokes, when `revoke` is set). False when the hook does not exist. */
  addFault(spec: FaultSpec): boolean {
    if (!this.hooks.has(spec.hookId)) return false;
    if (spec.revoke) return this.revokeHook(spec.hookId);
    this.faults.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    return true;
  }

  clearFaults(hookId?: string): void {
    this.faults = hookId ? this.faults.filter((f) => f.hookId !== hookId) : [];
  }

  /** The first active fault for the hook, consuming one of its uses. */
  takeFault(hookId: string): FaultSpec | undefined {
    const index = this.faults.findIndex((f) => f.hookId === hookId);
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    const { remaining: _remaining, ...spec } = fault;
    return spec;
  }

  record(input: NewMessage): InboxMessage {
    const hook = this.hooks.get(input.hookId);
    if (!hook) throw new Error(`unknown hook ${input.hookId}`);
    this.messageSeq += 1;
    const message: InboxMessage = {
      ...input,
      id: `msg-${this.messageSeq}`,
      receiver: receiverOf(hook.kind),
      hookKind: hook.kind,
      receivedAt: input.receivedAt ?? Date.now(),
    };
    this.messages.push(message);
    // A Teams request is the flow's trigger, seen at once; its card shows up when the run posts it.
    const delay = message.receiver === 'slack' ? this.visibilityDelay('slack') : 0;
    if (delay > 0) {
      this.hiddenUntil.set(message.id, Date.now() + delay);
      this.later(delay, () => {
        this.hiddenUntil.delete(message.id);
        this.emit({ type: 'message', message });
      });
    } else this.emit({ type: 'message', message });
    return message;
  }

  getMessage(id: string): InboxMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  listMessages(filter: MessageFilter = {}): InboxMessage[] {
    const now = Date.now();
    return this.messages.filter(
      (m) =>
        (this.hiddenUntil.get(m.id) ?? 0) <= now &&
        (filter.receiver === undefined || m.receiver === filter.receiver) &&
        (filter.hookId === undefined || m.hookId === filter.hookId) &&
        (filter.since === undefined || m.receivedAt >= filter.since),
    );
  }

  startRun(hookId: string, messageId: string): FlowRun {
    this.runSeq += 1;
    const run: FlowRun = {
      id: `08584${String(this.runSeq).padStart(15, '0')}CU00`,
      hookId,
      status: 'Running',
      error: null,
      startedAt: Date.now(),
      endedAt: null,
      messageIds: [],
    };
    this.runs.push(run);
    const message = this.getMessage(messageId);
    if (message) message.runId = run.id;
    this.emit({ type: 'run', run, message });
    return run;
  }

  /** Ends a run. On success the request's message becomes delivered (and is emitted again) with what the channel shows. */
  finishRun(
    runId: string,
    messageId: string,
    outcome: { error: string } | { shown: InboxMessage['shown'] },
  ): void {
    const run = this.runs.find((r) => r.id === runId);
    if (!run) return; // reset while running
    const message = this.getMessage(messageId);
    run.endedAt = Date.now();
    if ('error' in outcome) {
      run.status = 'Failed';
      run.error = outcome.error;
      if (message) message.error = outcome.error;
    } else {
      run.status = 'Succeeded';
      const posted = outcome.shown?.kind === 'teams' && outcome.shown.cards.length > 0;
      if (message && posted) {
        run.messageIds.push(message.id);
        const show = () => {
          message.shown = outcome.shown;
          message.delivered = true;
          // Same id again: readers keyed by message id see it become delivered.
          this.emit({ type: 'message', message });
        };
        const delay = this.visibilityDelay('teams');
        if (delay > 0) this.later(delay, show);
        else show();
      }
    }
    this.emit({ type: 'run', run, message });
  }

  private visibilityDelay(receiver: ReceiverName): number {
    return this.options.visibilityDelayMs?.[receiver] ?? 0;
  }

  private later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.pending.add(timer);
  }

  listRuns(hookId?: string): FlowRun[] {
    return hookId ? this.runs.filter((r) => r.hookId === hookId) : [...this.runs];
  }

  /** Clears messages, runs and faults; hooks (and their revocation) stay. */
  reset(): void {
    this.messages = [];
    this.runs = [];
    this.faults = [];
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    this.hiddenUntil.clear();
    this.emit({ type: 'reset' });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event (from now on) that matches; rejects after timeoutMs. */
  waitFor<E extends InboxEvent>(
    predicate: ((event: InboxEvent) => event is E) | ((event: InboxEvent) => boolean),
    timeoutMs: number,
    what = 'an inbox event',
  ): Promise<E> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event as E);
      });
    });
  }

  private emit(event: InboxEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a failing listener must not break delivery to the others or the hook's answer
      }
    }
  }
}
