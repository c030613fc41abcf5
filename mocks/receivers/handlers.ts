// All receiver routes as msw request handlers: usable in-process with getResponse, or served on loopback.
import type { RequestHandler } from 'msw';
import type { Inbox } from './inbox.ts';
import { type InboxApiOptions, inboxApiHandlers } from './inbox-api.ts';
import { inboxPageHandlers } from './inbox-page.ts';
import { type SlackOptions, slackHandlers } from './slack.ts';
import { type TeamsOptions, teamsHandlers } from './teams.ts';

export type ReceiverHandlerOptions = SlackOptions & TeamsOptions & InboxApiOptions;

export function createReceiverHandlers(inbox: Inbox, options: ReceiverHandlerOptions = {}): RequestHandler[] {
  return [
    ...slackHandlers(inbox, options),
    ...teamsHandlers(inbox, options),
    ...inboxApiHandlers(inbox, options),
    ...inboxPageHandlers(),
  ];
}
