// "Lastly, review your Slack and/or Teams channel for the alert": this run's alert, by its id, in
// each channel the policy notifies, and on the Generic Webhook's endpoint. Each returns when the
// channel's webhook got Central's post (the negative control waits out Central's hop from it).

import type { Alert, Notifier } from '../../../types/rhacs.ts';
import { CatcherReader, catcherReadUrl, genericAlertOf } from '../../channels/catcher-reader.ts';
import { type ChannelMessage, type ChannelWaiter, carriesAlertId } from '../../channels/index.ts';
import { isWorkflowsUrl } from '../../check/webhook-kind.ts';
import { deliveryRefused } from '../../diagnose/delivery-refused.ts';
import {
  detectSlackWorkflowTrigger,
  detectTeamsCardWithoutViolation,
  detectTeamsFlowFailure,
} from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import { BASH_EXECUTED } from '../shell-prompt.ts';
import { failWith } from '../step-sink.ts';
import type { RuntimeDeps } from './target.ts';

export interface Delivery {
  /** Epoch ms the webhook received Central's post. */
  webhookAt: number;
  /** What the channel shows (for the inbox screenshot); absent for the Generic Webhook. */
  message?: ChannelMessage;
}

interface AlertSeen {
  alert: Alert;
  since: number;
  /**
   * Told as soon as the webhook got Central's post, before the message is judged: a message that
   * then fails still counts for the negative control's quiet window and the inbox screenshot.
   */
  onArrival?: (d: Delivery) => void;
}

/** The texts the channel must show, and the ones it lacks. */
function lacking(shown: string, texts: readonly (string | { pattern: RegExp; says: string })[]): string[] {
  return texts
    .filter((t) => (typeof t === 'string' ? !shown.includes(t) : !t.pattern.test(shown)))
    .map((t) => `"${typeof t === 'string' ? t : t.says}"`);
}

const VIOLATION = { pattern: BASH_EXECUTED, says: "Binary '/bin/bash' executed" };

function incomplete(channel: string, alertId: string, missing: string[]): HarnessError {
  return new HarnessError({
    code: 'ALERT_MESSAGE_INCOMPLETE',
    what: `Checking the ${channel} message for alert ${alertId}`,
    cause: `the message does not show ${missing.join(', ')}`,
    fix: `Look at the message in ${channel}: the notifier's webhook or the channel's app drops part of RHACS's message`,
  });
}

export async function slackDelivery(
  deps: RuntimeDeps,
  waiter: ChannelWaiter,
  notifier: Notifier,
  { alert, since, onArrival }: AlertSeen,
): Promise<Delivery> {
  const { config, central, sink } = deps;
  const message = await waiter.waitForMessage(carriesAlertId(alert.id), {
    since,
    timeoutMs: config.alertTimeoutMs,
  });
  onArrival?.({ webhookAt: message.receivedAt, message });
  sink.hop('slack', message.receivedAt - since);
  const f3 = detectSlackWorkflowTrigger({
    webhookUrl: notifier.labelDefault,
    alertId: alert.id,
    messages: [message],
  });
  if (f3) {
    throw failWith(sink, f3, {
      code: 'SLACK_ALERT_EMPTY',
      what: `Checking the Slack message for alert ${alert.id}`,
      details: { channel: 'slack' },
    });
  }
  if (!message.delivered) {
    throw await deliveryRefused(central, notifier, since, {
      code: 'SLACK_ALERT_REFUSED',
      what: `Checking the Slack message for alert ${alert.id}`,
      observed: `the Slack webhook answered ${message.status} to RHACS's post`,
    });
  }
  const missing = lacking(message.shownText, [alert.id, deps.module.policy.name, VIOLATION]);
  if (missing.length > 0) throw incomplete('Slack', alert.id, missing);
  return { webhookAt: message.receivedAt, message };
}

export async function teamsDelivery(
  deps: RuntimeDeps,
  waiter: ChannelWaiter,
  notifier: Notifier,
  { alert, since, onArrival }: AlertSeen,
  shownAt: { namespace: string; deployment: string },
): Promise<Delivery> {
  const { config, sink } = deps;
  const received = await waiter.waitForMessage(carriesAlertId(alert.id), {
    since,
    timeoutMs: config.teamsReadbackTimeoutMs,
  });
  onArrival?.({ webhookAt: received.receivedAt, message: received });
  let shown = received;
  let arrived = received.receivedAt - since;
  if (isWorkflowsUrl(notifier.labelDefault) && waiter.waitForRun) {
    const outcome = await waiter.waitForRun(received, { timeoutMs: config.teamsReadbackTimeoutMs });
    sink.evidence('teamsAlertRun', outcome.run);
    arrived = (outcome.run.endedAt ?? Date.now()) - since;
    const f5 = detectTeamsFlowFailure({
      what: 'alert',
      rhacsSaidOk: true,
      message: outcome.message,
      run: outcome.run,
      webhookUrl: notifier.labelDefault,
    });
    if (f5) {
      throw failWith(sink, f5, {
        code: 'TEAMS_FLOW_FAILED',
        what: `Checking the Teams message for alert ${alert.id}`,
        details: { channel: 'teams' },
      });
    }
    shown = outcome.message;
    onArrival?.({ webhookAt: received.receivedAt, message: shown });
  }
  sink.hop('teams', arrived);
  if (!shown.delivered) {
    throw new HarnessError({
      code: 'TEAMS_CARD_MISSING',
      what: `Checking the Teams message for alert ${alert.id}`,
      cause: "the webhook took RHACS's post but no card appeared in the channel",
      fix: "Open the flow's run history in Power Automate: its Post card step says why",
    });
  }
  const missing = lacking(shown.shownText, [
    alert.id,
    deps.module.policy.name,
    shownAt.deployment,
    shownAt.namespace,
  ]);
  if (missing.length > 0) throw incomplete('Teams', alert.id, missing);
  const f6 = detectTeamsCardWithoutViolation({ alert, message: shown });
  if (f6) sink.finding(f6);
  return { webhookAt: received.receivedAt, message: shown };
}

/** The Generic Webhook's endpoint, read back (webhook.site's token API, or GENERIC_WEBHOOK_READ_URL). */
export function genericReadUrl(deps: Pick<RuntimeDeps, 'config'>): string | undefined {
  const { genericWebhookUrl, genericWebhookReadUrl } = deps.config;
  return genericWebhookUrl ? catcherReadUrl(genericWebhookUrl, genericWebhookReadUrl) : undefined;
}

export async function genericDelivery(
  deps: RuntimeDeps,
  readUrl: string,
  { alert, since, onArrival }: AlertSeen,
): Promise<Delivery> {
  const { config, sink } = deps;
  const reader = new CatcherReader({ readUrl, secrets: config.secrets, proxy: config.proxy });
  const caught = await reader.waitFor((r) => genericAlertOf(r.content)?.id === alert.id, {
    since: since - 2_000,
    timeoutMs: config.alertTimeoutMs,
  });
  sink.hop('generic', caught.receivedAt - since);
  onArrival?.({ webhookAt: caught.receivedAt });
  const policy = genericAlertOf(caught.content)?.policy?.name;
  if (policy !== deps.module.policy.name) {
    throw new HarnessError({
      code: 'GENERIC_ALERT_INCOMPLETE',
      what: `Checking the Generic Webhook payload for alert ${alert.id}`,
      cause: `its alert.policy.name is ${policy === undefined ? 'absent' : `"${policy}"`}, not "${deps.module.policy.name}"`,
      fix: 'Look at the request on the endpoint: RHACS sends {"alert": {...}} with the policy inside',
    });
  }
  return { webhookAt: caught.receivedAt };
}
