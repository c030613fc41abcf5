// What a chat channel reader offers the scenarios. The embedded lab's inbox implements it today; real
// Slack (conversations.history) and Teams (Graph) readers fit the same shape: they only see what the
// channel shows, so `sentText` stays undefined for them.

export type ChannelName = 'slack' | 'teams';

export interface ChannelMessage {
  id: string;
  channel: ChannelName;
  /** Epoch ms at which the receiver got the POST (or the channel shows the message). */
  receivedAt: number;
  /** Receiver hook id and kind when known (inbox: e.g. 'slack-workflow', 'teams-workflow-template'). */
  hookId?: string;
  hookKind?: string;
  /** HTTP status the hook answered, when known. */
  status?: number;
  /** What the channel shows, flattened to text ('' when nothing is shown). */
  shownText: string;
  /** The structured form of what is shown, as the source reports it. */
  shown: unknown;
  /** What the sender posted, when the reader can see it (receivers only; never for real channels). */
  sentText?: string;
  /** False when the hook rejected it or the flow failed: nothing appeared in the channel. */
  delivered: boolean;
  /** Teams Workflows: the flow run started for this message. */
  runId?: string;
}

export type FlowRunStatus = 'Running' | 'Succeeded' | 'Failed';

export interface FlowRun {
  id: string;
  hookId: string;
  status: FlowRunStatus;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
  messageIds: string[];
}

export interface RunOutcome {
  run: FlowRun;
  message: ChannelMessage;
}

/** A predicate with words: the words go into timeout errors ("a Slack message carrying alert id X"). */
export interface MessageMatch {
  description: string;
  test(message: ChannelMessage): boolean;
}

export interface WaitOptions {
  /** Epoch ms: only messages received at or after this count. */
  since: number;
  timeoutMs: number;
}

/** A subscription opened before the trigger; it sees everything that arrives after `since`. */
export interface ChannelWaiter {
  waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage>;
  /**
   * Resolves once the flow run for the message has ended (Succeeded or Failed), with the message as
   * it stands then (a successful run fills in what the channel shows).
   */
  waitForRun?(message: ChannelMessage, opts: { timeoutMs: number }): Promise<RunOutcome>;
  close(): void;
}

export interface ChannelReader {
  readonly name: ChannelName;
  /** Where the reader looks, safe to print (no secrets). */
  readonly where: string;
  /**
   * True when every message the reader returns came through the webhook the notifier posts to (a lab
   * hook, the harness's own receiver); false for a channel read back through its API, where other
   * senders' messages cannot be told apart from this run's (RHACS's Test text names no one).
   */
  readonly ownWebhookOnly: boolean;
  subscribe(): Promise<ChannelWaiter>;
  /** subscribe() + wait + close, for callers that only need one message. */
  waitForMessage(match: MessageMatch, opts: WaitOptions): Promise<ChannelMessage>;
  listMessages(since: number): Promise<ChannelMessage[]>;
  listRuns?(): Promise<FlowRun[]>;
  close(): Promise<void>;
}
