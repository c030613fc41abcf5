// Reads each chat channel back for the alert (lab inbox, Slack history or Teams Graph), read-only.

import type { Notifier } from '../../types/rhacs.ts';
import { InboxChannelReader } from '../channels/inbox-reader.ts';
import type { ReadbackConfig } from '../channels/readback-config.ts';
import { planReadback } from '../channels/readback-verdict.ts';
import { SlackHistoryReader } from '../channels/slack-history-reader.ts';
import { TeamsGraphReader } from '../channels/teams-graph-reader.ts';
import type { ChannelName, ChannelReader } from '../channels/types.ts';
import { describeError } from '../errors.ts';
import type { ProxySettings } from '../proxy/index.ts';
import type { ChannelEvidence } from './state.ts';

export interface ReadChannelInput {
  channel: ChannelName;
  /** The channel's notifier; nothing is read without one. */
  notifier: Notifier | undefined;
  labInboxUrl?: string;
  readback: ReadbackConfig;
  /** Epoch ms: only messages from then on. */
  since: number;
  proxy?: ProxySettings;
}

export async function readChannel(input: ReadChannelInput): Promise<ChannelEvidence> {
  const { channel, notifier, readback } = input;
  if (notifier === undefined) return { kind: 'not-read' };
  const plan = planReadback({
    channel,
    webhookUrl: notifier.labelDefault,
    ...(input.labInboxUrl !== undefined ? { labInboxUrl: input.labInboxUrl } : {}),
    config: readback,
  });
  if ('status' in plan) return { kind: 'unverified', reason: plan.reason, configure: plan.configure };
  let reader: ChannelReader;
  const proxyOption = input.proxy === undefined ? {} : { proxy: input.proxy };
  if (plan.route === 'lab-inbox' && input.labInboxUrl !== undefined) {
    reader = new InboxChannelReader({
      inboxUrl: input.labInboxUrl,
      receiver: channel,
      webhookUrl: notifier.labelDefault,
      ...proxyOption,
    });
  } else if (plan.route === 'slack-history' && readback.slack) {
    reader = SlackHistoryReader.fromSettings(readback.slack, { secrets: readback.secrets, ...proxyOption });
  } else if (plan.route === 'teams-graph' && readback.teams) {
    reader = TeamsGraphReader.fromSettings(readback.teams, { secrets: readback.secrets, ...proxyOption });
  } else {
    return { kind: 'unverified', reason: 'no way to read this channel back is configured', configure: [] };
  }
  try {
    const messages = await reader.listMessages(input.since);
    const evidence: ChannelEvidence = { kind: 'read', route: plan.route, where: reader.where, messages };
    if (reader.listRuns) evidence.runs = await reader.listRuns();
    return evidence;
  } catch (e) {
    return {
      kind: 'error',
      route: plan.route,
      where: reader.where,
      error: describeError(e, readback.secrets),
    };
  } finally {
    await reader.close();
  }
}
