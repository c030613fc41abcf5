// JSON shapes of the lab receivers' inbox API (/inbox/api/*). The harness reads these over HTTP; the
// lab (mocks/receivers) produces them. Written from shared/reference/chat-webhooks.md.

export type HookKind =
  | 'slack-incoming'
  | 'slack-workflow'
  | 'teams-workflow-template'
  | 'teams-workflow-fixed'
  | 'teams-legacy-connector';

export type ReceiverName = 'slack' | 'teams';

/** A hook as the inbox API lists it: never the secret part of its URL. */
export interface PublicHook {
  id: string;
  kind: HookKind;
  receiver: ReceiverName;
  /** The hook's URL with its secret replaced by `***`. */
  redactedUrl: string;
  revoked: boolean;
  createdAt: number;
}

export interface ShownField {
  title: string;
  value: string;
  short: boolean;
}

/** One legacy Slack attachment as the channel renders it. */
export interface ShownAttachment {
  color: string;
  pretext: string;
  title: string;
  text: string;
  fields: ShownField[];
}

export interface ShownFact {
  name: string;
  value: string;
}

/** One card as Teams renders it, flattened to what a reader can match on. */
export interface ShownCard {
  title: string;
  text: string;
  facts: ShownFact[];
}

/** What the channel shows for one delivered request. */
export type Shown =
  | { kind: 'slack'; text: string; attachments: ShownAttachment[]; blocks: string[] }
  | { kind: 'slack-workflow'; text: string; variables: Record<string, string> }
  | { kind: 'teams'; cards: ShownCard[] };

export interface InboxMessage {
  id: string;
  receiver: ReceiverName;
  hookId: string;
  hookKind: HookKind;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** The HTTP status the hook answered with. */
  status: number;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** The request body exactly as received (UTF-8). */
  rawBody: string;
  /** What the channel shows; null while nothing was posted (rejected, failed or still running). */
  shown: Shown | null;
  /** False when the hook rejected the request or the workflow/flow run failed. */
  delivered: boolean;
  /** Why it was not delivered (the hook's error code or the run's error), when known. */
  error?: string;
  /** The Teams flow run this request started. */
  runId?: string;
}

export type RunStatus = 'Running' | 'Succeeded' | 'Failed';

/** A Teams Workflows (Power Automate) flow run, as its run history shows it. */
export interface FlowRun {
  id: string;
  hookId: string;
  status: RunStatus;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
  /** Inbox messages this run posted to the channel. */
  messageIds: string[];
}

/** A programmable failure for one hook (POST /inbox/api/faults). */
export interface FaultSpec {
  hookId: string;
  /** Answer with this status instead of processing the request. */
  status?: number;
  /** Body for that answer; defaults to the hook's own error format for the status. */
  body?: string;
  /** Seconds, sent as a Retry-After header (default 1 for a 429). */
  retryAfter?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** How many requests this fault applies to; forever when absent. */
  times?: number;
  /** Revoke the hook: it then answers as a deleted hook for good (reset does not restore it). */
  revoke?: boolean;
}

export type InboxEvent =
  | { type: 'message'; message: InboxMessage }
  | { type: 'run'; run: FlowRun; message: InboxMessage | undefined }
  | { type: 'reset' };

export interface MessagesResponse {
  messages: InboxMessage[];
}
export interface RunsResponse {
  runs: FlowRun[];
}
export interface HooksResponse {
  hooks: PublicHook[];
}
