// Findings about the Slack and Teams integrations: F3, F4, F5, F6.

import type { Alert, Notifier } from '../../types/rhacs.ts';
import type { ChannelMessage, FlowRun } from '../channels/types.ts';
import { redactUrl } from '../redact.ts';
import { type Finding, finding } from './finding.ts';

export type SlackHookKind = 'incoming-webhook' | 'workflow-trigger' | 'unknown';

export function slackHookKind(url: string): SlackHookKind {
  let path: string;
  try {
    path = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`).pathname;
  } catch {
    return 'unknown';
  }
  if (/\/triggers\//.test(path)) return 'workflow-trigger';
  if (/\/services\//.test(path)) return 'incoming-webhook';
  return 'unknown';
}

/** What of the alert a channel should show: its id, or (4.11 workflows) its link. */
function showsAlert(message: ChannelMessage, alertId: string): boolean {
  return message.shownText.includes(alertId);
}

/**
 * F3: the alert's message reached Slack through a workflow trigger, and the channel does not show
 * the alert (the attachments were dropped). Without a message, a /triggers/ URL alone is an advisory.
 */
export function detectSlackWorkflowTrigger(input: {
  webhookUrl: string;
  alertId?: string;
  /** Messages received for this run (any content). */
  messages?: ChannelMessage[];
}): Finding | null {
  const kind = slackHookKind(input.webhookUrl);
  const url = redactUrl(input.webhookUrl);
  if (input.alertId === undefined || input.messages === undefined) {
    if (kind !== 'workflow-trigger') return null;
    return finding(
      'F3',
      `The Slack notifier's webhook ${url} is a workflow trigger, not an app incoming webhook: test messages work, alert content will be dropped`,
      'advisory',
    );
  }
  const alertId = input.alertId;
  if (input.messages.some((m) => showsAlert(m, alertId))) return null;
  // Receivers can see what was posted; real channels cannot (sentText undefined): count those too.
  const posted = input.messages.filter((m) => m.sentText === undefined || m.sentText.includes(alertId));
  const viaWorkflow = kind === 'workflow-trigger' || posted.some((m) => m.hookKind === 'slack-workflow');
  if (!viaWorkflow) return null;
  const shown = posted.map((m) =>
    m.shownText.trim() === '' ? '(an empty message)' : `"${m.shownText.slice(0, 80)}"`,
  );
  return finding(
    'F3',
    posted.length > 0
      ? `RHACS posted alert ${alertId} to the Slack workflow trigger ${url} and the channel shows ${shown.join(', ')}, without the alert id, policy or violation`
      : `The Slack notifier posts to the workflow trigger ${url} and no message showing alert ${alertId} appeared in the channel`,
  );
}

/** F4: the Slack notifier Central returns has no channel field to "verify or select". */
export function detectNoChannelField(notifier: Notifier | Record<string, unknown>): Finding | null {
  const keys = Object.keys(notifier);
  if (keys.some((k) => /channel/i.test(k))) return null;
  // Other notifier types' config blocks are null on a Slack notifier: name only the fields it has.
  const fields = Object.entries(notifier)
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k]) => k);
  return finding(
    'F4',
    `Central's notifier "${String((notifier as { name?: unknown }).name)}" has the fields ${fields.join(', ')}: none of them is a channel, so the module's "Default Channel" step cannot be followed`,
    'advisory',
  );
}

/**
 * F5: RHACS reported success (Test 200, or the webhook answered 202) and the Teams flow run failed,
 * or no message ever appeared in the channel.
 */
export function detectTeamsFlowFailure(input: {
  what: 'test message' | 'alert';
  rhacsSaidOk: boolean;
  message?: ChannelMessage;
  run?: FlowRun;
  webhookUrl?: string;
}): Finding | null {
  // URLs end a sentence here: redaction swallows punctuation glued to a secret.
  const where = input.webhookUrl ? `; webhook ${redactUrl(input.webhookUrl)} ` : '';
  const said = input.rhacsSaidOk
    ? input.what === 'test message'
      ? 'RHACS answered "The test was successful"'
      : "the Teams webhook accepted RHACS's post"
    : 'RHACS posted it';
  if (input.run?.status === 'Failed') {
    return finding(
      'F5',
      `${said}${input.message?.status ? ` (the webhook had answered ${input.message.status})` : ''}, then the flow run ${input.run.id} for the ${input.what} failed: ${input.run.error ?? 'no error text'}; nothing appeared in the Teams channel${where}`,
    );
  }
  if (
    input.rhacsSaidOk &&
    (input.message === undefined || !input.message.delivered) &&
    input.run?.status !== 'Succeeded'
  ) {
    return finding(
      'F5',
      `${said}, but no ${input.what} appeared in the Teams channel${where}${
        input.message ? ` (the webhook answered ${input.message.status ?? '?'}; delivery unproven)` : ''
      }`,
    );
  }
  return null;
}

/** F6: the Teams card for this alert shows no violation text although the alert has one. */
export function detectTeamsCardWithoutViolation(input: {
  alert: Pick<Alert, 'id' | 'processViolation' | 'violations'>;
  message: ChannelMessage;
}): Finding | null {
  const text =
    input.alert.processViolation?.message ??
    input.alert.violations.map((v) => v.message).find((m) => m !== '');
  if (!text || !input.message.delivered) return null;
  if (input.message.shownText.includes(text)) return null;
  const card = input.message.shownText.replace(/\s+/g, ' ').slice(0, 160);
  return finding(
    'F6',
    `Alert ${input.alert.id} says "${text}", but the Teams card shows no violation text ("${card}...")`,
    'advisory',
  );
}
