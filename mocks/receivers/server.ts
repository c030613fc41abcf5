// The lab's Slack and Teams receivers on loopback, one hook of each kind created at start.
import type { HookKind } from '../../types/receivers.ts';
import { CATCHER_HOST, Catcher } from './catcher.ts';
import { createReceiverHandlers, type ReceiverHandlerOptions } from './handlers.ts';
import { serveHandlers } from './http-adapter.ts';
import { type HookInfo, Inbox, type InboxOptions } from './inbox.ts';

export type { HookKind } from '../../types/receivers.ts';
export type { HookInfo } from './inbox.ts';
export { Inbox } from './inbox.ts';

export interface ReceiverOptions extends ReceiverHandlerOptions, InboxOptions {
  host?: string;
  port?: number;
  /** Default false. */
  teamsAcceptsMessageCard?: boolean;
  /** Declared variables, default ['text']. */
  slackWorkflowVariables?: string[];
  /** Default 20. */
  flowRunDelayMs?: number;
}

export interface Receivers {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/inbox` */
  inboxUrl: string;
  hooks: Record<HookKind, HookInfo>;
  inbox: Inbox;
  /** The lab's webhook.site-style catcher token (for the Generic Webhook). */
  catcher: CatcherInfo;
  /** More tokens: `catcherTokens.newToken()`. */
  catcherTokens: Catcher;
  close(): Promise<void>;
}

export interface CatcherInfo {
  token: string;
  /** `http://catcher.lab.internal:<port>/<token>`: the Endpoint to give the lab's Central. */
  url: string;
  /** `http://127.0.0.1:<port>/token/<token>/requests`: webhook.site's read API, on loopback. */
  apiUrl: string;
}

export const HOOK_KINDS: readonly HookKind[] = [
  'slack-incoming',
  'slack-workflow',
  'teams-workflow-template',
  'teams-workflow-fixed',
  'teams-legacy-connector',
];

export async function startReceivers(options: ReceiverOptions = {}): Promise<Receivers> {
  const inbox = new Inbox(
    options.visibilityDelayMs === undefined ? {} : { visibilityDelayMs: options.visibilityDelayMs },
  );
  const catcherTokens = new Catcher();
  const served = await serveHandlers(
    [...createReceiverHandlers(inbox, options), ...catcherTokens.handlers()],
    options.host ?? '127.0.0.1',
    options.port ?? 0,
  );
  const hooks = Object.fromEntries(
    HOOK_KINDS.map((kind) => [kind, inbox.createHook(kind, served.url)]),
  ) as Record<HookKind, HookInfo>;
  const token = catcherTokens.newToken();
  const catcher = {
    token,
    url: `http://${CATCHER_HOST}:${new URL(served.url).port}/${token}`,
    apiUrl: `${served.url}/token/${token}/requests`,
  };
  return {
    url: served.url,
    inboxUrl: `${served.url}/inbox`,
    hooks,
    inbox,
    catcher,
    catcherTokens,
    close: served.close,
  };
}
