// How each chat channel is observed, decided in one place. In order:
// 1. RECEIVER_MODE=in-cluster: the harness's receiver deployed in the cluster; Central posts to its
//    Service, the harness reads it through the API server's service proxy.
// 2. RECEIVER_MODE=public: receivers started on this machine, reached by Central at RECEIVER_PUBLIC_URL.
// 3. LAB_INBOX_URL: the notifiers post to SLACK_/TEAMS_WEBHOOK_URL, a receiver whose inbox is read.
// 4. Real webhooks: read back through Slack's history or Microsoft Graph when their credentials are
//    set; otherwise delivery is unverified (a webhook's 200/202 proves nothing, F3/F5).

import type { ReadbackConfig } from '../channels/readback-config.ts';
import { planReadback } from '../channels/readback-verdict.ts';
import type { ChannelName } from '../channels/types.ts';
import type { ReceiverMode } from './config.ts';
import type { InClusterHookKind } from './hook-paths.ts';

/** The hook each channel gets on the harness's own receivers: the kinds the corrected module uses. */
export const RECEIVER_HOOK: Record<ChannelName, InClusterHookKind> = {
  slack: 'slack-incoming',
  teams: 'teams-workflow-fixed',
};

export const WEBHOOK_VARIABLE: Record<ChannelName, string> = {
  slack: 'SLACK_WEBHOOK_URL',
  teams: 'TEAMS_WEBHOOK_URL',
};

export type ChannelRoute =
  | { via: 'in-cluster' | 'public'; hook: InClusterHookKind }
  | { via: 'lab-inbox'; inboxUrl: string; webhookUrl?: string }
  | { via: 'slack-history' | 'teams-graph'; webhookUrl?: string }
  | { via: 'unverified'; webhookUrl?: string; reason: string; configure: string[] };

export interface ChannelSelectionInput {
  receiverMode: ReceiverMode;
  labInboxUrl?: string;
  webhooks: Partial<Record<ChannelName, string>>;
  readback: ReadbackConfig;
}

export function selectChannel(channel: ChannelName, input: ChannelSelectionInput): ChannelRoute {
  if (input.receiverMode === 'in-cluster' || input.receiverMode === 'public')
    return { via: input.receiverMode, hook: RECEIVER_HOOK[channel] };
  const webhookUrl = input.webhooks[channel];
  const withHook = webhookUrl === undefined ? {} : { webhookUrl };
  if (input.labInboxUrl !== undefined) return { via: 'lab-inbox', inboxUrl: input.labInboxUrl, ...withHook };
  const plan = planReadback({ channel, ...withHook, config: input.readback });
  if ('route' in plan) {
    // Without LAB_INBOX_URL planReadback never answers lab-inbox; the check keeps the type narrow.
    if (plan.route === 'lab-inbox') throw new Error('unreachable: lab-inbox without LAB_INBOX_URL');
    return { via: plan.route, ...withHook };
  }
  return { via: 'unverified', ...withHook, reason: plan.reason, configure: plan.configure };
}

export function selectChannels(input: ChannelSelectionInput): Record<ChannelName, ChannelRoute> {
  return { slack: selectChannel('slack', input), teams: selectChannel('teams', input) };
}
