// Did the alert reach each chat channel? Proven only by reading the channel (or the lab's receiver)
// back; a webhook's 200/202 is not proof (F3, F5), so without read-back the goal is unverified.

import type { Alert, Notifier } from '../../types/rhacs.ts';
import type { ChannelMessage, ChannelName } from '../channels/types.ts';
import { execCommand } from './alert-goals.ts';
import { MAX_ALERT_PROCESSES, qualifyingAlerts } from './alert-select.ts';
import { type GoalResult, goal } from './goal.ts';
import type { CheckState } from './state.ts';
import { classifySlackWebhook } from './webhook-kind.ts';

const LABEL: Record<ChannelName, string> = { slack: 'Slack', teams: 'Teams' };

const SLACK_WORKFLOW_HINT =
  "A Slack workflow trigger drops the alert's attachments and shows only what its message step composes. Use a Slack app Incoming Webhook (/services/...), or declare summary, severity, policy, alert_url and violations in the workflow and use them in its message (RHACS 4.11+).";

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

function carries(m: ChannelMessage, ids: string[]): string | undefined {
  return ids.find((id) => m.shownText.includes(id) || (m.sentText ?? '').includes(id));
}

function shows(m: ChannelMessage, ids: string[]): string | undefined {
  return ids.find((id) => m.shownText.includes(id));
}

/** Why Central sent nothing for the alert to this notifier, as far as the state tells. */
function whyNothingSent(state: CheckState, alert: Alert, notifier: Notifier): string {
  if (!alert.policy.notifiers.includes(notifier.id)) {
    return `The alert was last updated before the policy listed ${notifier.name} (an alert keeps the policy as it was at its last update), so Central never sent it there. Open a shell in the pod again: the new bash process updates the alert and notifies every notifier the policy now has.`;
  }
  const processes = alert.processViolation?.processes.length ?? 0;
  if (processes >= MAX_ALERT_PROCESSES) {
    return `The alert already holds ${processes} processes, the most RHACS keeps: new execs neither update it nor notify. Resolve it (Violations -> the alert -> Mark as resolved) and exec bash again (module finding F8).`;
  }
  const errors = state.notifierErrors.filter(
    (e) => e.resource.name === notifier.name || e.resource.id === notifier.id,
  );
  if (errors.length > 0) {
    const e = errors[0];
    return `Central reported a delivery error for ${notifier.name}: "${e?.message}" (Platform Configuration -> Administration Events). Fix the webhook, then exec bash again.`;
  }
  if (state.notifierErrorsUnreadable !== undefined) {
    return `Central's administration events could not be read (${state.notifierErrorsUnreadable}); look at Platform Configuration -> Administration Events (Integrations), check the webhook still posts to this channel, and exec bash again (${execCommand(state)}).`;
  }
  return `Central shows no delivery error; look at Platform Configuration -> Administration Events (Integrations), check the webhook still posts to this channel, and exec bash again (${execCommand(state)}).`;
}

export function evaluateDelivery(state: CheckState, channel: ChannelName): GoalResult {
  const id = channel === 'slack' ? 'slack-delivery' : 'teams-delivery';
  const name = channel === 'slack' ? state.names.slackNotifier : state.names.teamsNotifier;
  const label = LABEL[channel];
  const notifier = state.notifiers.find((n) => n.name === name && n.type === channel);
  if (notifier === undefined) {
    return goal(id, 'fail', `There is no ${name} integration, so nothing can reach ${label}.`, {
      hint: `Create ${name} first (see above).`,
    });
  }
  const alerts = qualifyingAlerts(state.alerts, state.names, state.now);
  const newest = alerts[0];
  if (newest === undefined) {
    return goal(id, 'fail', `There is no alert yet to look for in ${label}.`, {
      hint: `Raise one first (see the alert line above); then look in the ${label} channel.`,
    });
  }
  const ids = alerts.map((a) => a.id);
  const evidence = state.channels[channel];
  switch (evidence.kind) {
    case 'not-read':
      return goal(id, 'unverified', `The ${label} channel was not read.`);
    case 'unverified':
      return goal(
        id,
        'unverified',
        `Cannot tell whether alert ${newest.id} appeared in ${label}: ${evidence.reason}.`,
        {
          hint: `Look in the ${label} channel yourself${channel === 'teams' ? ' (the card shows the policy, deployment, namespace and an alert link, but not the word bash: module finding F6)' : ''}. For check to prove it, set ${evidence.configure.join(', ')}. This line stays [?] (not passed) until then, because a webhook accepting a message does not mean the channel shows it.`,
          finding: channel === 'slack' ? 'F3' : 'F5',
        },
      );
    case 'error':
      return goal(id, 'unverified', `Reading ${evidence.where} failed: ${evidence.error}.`, {
        hint: 'Fix the read-back settings (or the lab receiver) and run check again.',
      });
    case 'read':
      break;
  }
  const mine = evidence.messages.filter((m) => carries(m, ids) !== undefined);
  const shown = mine.find((m) => m.delivered && shows(m, ids) !== undefined);
  if (shown) {
    const alertId = shows(shown, ids) ?? newest.id;
    return goal(
      id,
      'ok',
      `${label} shows alert ${alertId} (message at ${clock(shown.receivedAt)} UTC, ${evidence.where}).`,
      channel === 'teams'
        ? {
            hint: 'The Teams card names the policy, deployment and namespace and links the alert; it does not say "bash".',
            finding: 'F6',
          }
        : {},
    );
  }
  const rejected = mine.find((m) => !m.delivered);
  if (rejected) {
    if (channel === 'teams' && rejected.runId !== undefined) {
      const run = evidence.runs?.find((r) => r.id === rejected.runId);
      if (run?.status === 'Running') {
        return goal(id, 'fail', `The Teams workflow is still running for alert ${carries(rejected, ids)}.`, {
          hint: 'Run check again in a few seconds.',
        });
      }
      return goal(
        id,
        'fail',
        `RHACS posted alert ${carries(rejected, ids)} to the Teams workflow (202 Accepted), but the flow run failed${run?.error ? `: ${run.error}` : ''}; nothing appeared in the channel.`,
        {
          hint: "The Workflows template expects an Adaptive Card ('attachments'); RHACS sends a connector-style card. Edit the flow: add a Compose step that builds an Adaptive Card from the body's title, text and sections, post that, then exec bash again and check the channel.",
          finding: 'F5',
        },
      );
    }
    const status = rejected.status ?? 0;
    if (
      channel === 'slack' &&
      (rejected.hookKind === 'slack-workflow' ||
        classifySlackWebhook(notifier.labelDefault, state.labInboxUrl).kind === 'workflow-trigger')
    ) {
      return goal(
        id,
        'fail',
        `RHACS posted alert ${carries(rejected, ids)} to a Slack workflow trigger (HTTP ${status || '?'}), and the workflow posted nothing to the channel.`,
        {
          hint: SLACK_WORKFLOW_HINT,
          finding: 'F3',
        },
      );
    }
    if (status >= 200 && status < 300) {
      return goal(
        id,
        'fail',
        `RHACS posted alert ${carries(rejected, ids)} and the ${label} webhook accepted it (HTTP ${status}), but nothing appeared in the channel.`,
        {
          hint: `Check what the webhook posts to (its workflow or app) and its run history, then exec bash again.`,
        },
      );
    }
    return goal(
      id,
      'fail',
      `RHACS posted alert ${carries(rejected, ids)} but the ${label} webhook refused it (HTTP ${status || '?'}).`,
      {
        hint: `The webhook is revoked or its channel is gone: create a new ${label} webhook, paste it into ${name}, click Test, then exec bash again.`,
      },
    );
  }
  const emptied = mine.find((m) => m.delivered);
  if (emptied) {
    return goal(
      id,
      'fail',
      `RHACS posted alert ${carries(emptied, ids)} to ${label}, but the channel shows ${emptied.shownText.trim() === '' ? 'an empty message' : `only "${emptied.shownText.slice(0, 80)}"`}.`,
      {
        hint: SLACK_WORKFLOW_HINT,
        finding: 'F3',
      },
    );
  }
  const others = evidence.messages.length;
  return goal(
    id,
    'fail',
    `No message for alert ${newest.id} in ${evidence.where}${others > 0 ? ` (${others} other message(s) there)` : ''}.`,
    {
      hint: whyNothingSent(state, newest, notifier),
    },
  );
}
