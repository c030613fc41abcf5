// Whether "the alert reached the channel" was proven. A real webhook's 200/202 is not proof (a Teams
// Workflows hook answers 202 and may fail afterwards, F5; a Slack workflow may drop the content, F3),
// so without read-back credentials the verdict is "unverified", never "passed".

import { describeError } from '../errors.ts';
import type { ReadbackConfig } from './readback-config.ts';
import type { ChannelMessage, ChannelName } from './types.ts';

export type ReadbackRoute = 'lab-inbox' | 'slack-history' | 'teams-graph';

export type ReadbackVerdict =
  | { status: 'passed'; channel: ChannelName; via: ReadbackRoute; messageId: string; shownAt: number }
  | { status: 'failed'; channel: ChannelName; via: ReadbackRoute; reason: string; code?: string }
  | { status: 'unverified'; channel: ChannelName; reason: string; configure: string[] };

export interface ReadbackInput {
  channel: ChannelName;
  /** The webhook the notifier posts to (SLACK_WEBHOOK_URL / TEAMS_WEBHOOK_URL). */
  webhookUrl?: string;
  /** The lab receiver's inbox (LAB_INBOX_URL): a webhook on its origin is read back there. */
  labInboxUrl?: string;
  config: ReadbackConfig;
}

export type ReadbackOutcome = { message: ChannelMessage } | { error: unknown };

const LABEL: Record<ChannelName, string> = { slack: 'Slack', teams: 'Teams' };

function origin(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** How delivery to the channel can be proven, or why it cannot. */
export function planReadback(
  input: ReadbackInput,
): { route: ReadbackRoute } | Extract<ReadbackVerdict, { status: 'unverified' }> {
  const { channel, config } = input;
  const inbox = origin(input.labInboxUrl);
  const hook = origin(input.webhookUrl);
  if (inbox !== undefined && (hook === undefined || hook === inbox)) return { route: 'lab-inbox' };
  if (channel === 'slack' && config.slack) return { route: 'slack-history' };
  if (channel === 'teams' && config.teams) return { route: 'teams-graph' };
  const missing = config.missing[channel];
  const hookWord = hook === undefined ? 'no webhook is configured' : `the webhook is a real one (${hook})`;
  const reason =
    channel === 'slack'
      ? `${hookWord} and Slack read-back is not configured, so nothing checked that the alert appeared in the channel (a workflow trigger answers ok and may still show nothing, F3)`
      : `${hookWord} and Teams read-back is not configured, so Teams delivery was not verified: the Workflows webhook answers 202 before its flow runs, and the run can fail (F5). The next best evidence is the flow's run history in Power Automate`;
  return { status: 'unverified', channel, reason, configure: [...missing] };
}

/** The verdict for one channel, given the read-back's outcome when one was made. */
export function readbackVerdict(input: ReadbackInput, outcome?: ReadbackOutcome): ReadbackVerdict {
  const plan = planReadback(input);
  if ('status' in plan) return plan;
  const { channel } = input;
  if (outcome === undefined) {
    return {
      status: 'unverified',
      channel,
      reason: `the ${LABEL[channel]} channel was not read back (no read-back ran)`,
      configure: [],
    };
  }
  if ('message' in outcome && !outcome.message.delivered) {
    return {
      status: 'failed',
      channel,
      via: plan.route,
      reason: `message ${outcome.message.id} reached the hook but was not shown in the channel (rejected, or its flow run failed)`,
    };
  }
  if ('message' in outcome) {
    return {
      status: 'passed',
      channel,
      via: plan.route,
      messageId: outcome.message.id,
      shownAt: outcome.message.receivedAt,
    };
  }
  const code = (outcome.error as { code?: unknown } | null)?.code;
  const verdict: ReadbackVerdict = {
    status: 'failed',
    channel,
    via: plan.route,
    reason: describeError(outcome.error, input.config.secrets),
  };
  if (typeof code === 'string') verdict.code = code;
  return verdict;
}
