// The runtime step: a shell in the pod as the text runs it, this run's alert, and where the lab's
// inbox can show it, the alert in each channel.

import type { Alert, Notifier } from '../../types/rhacs.ts';
import { InboxChannelReader } from '../channels/inbox-reader.ts';
import { carriesAlertId } from '../channels/match.ts';
import { loadReadbackConfig } from '../channels/readback-config.ts';
import { planReadback } from '../channels/readback-verdict.ts';
import type { ChannelName } from '../channels/types.ts';
import { budgetText, readExecBudget } from '../diagnose/index.ts';
import { HarnessError } from '../errors.ts';
import { openShellSession, shellCommandOf } from '../module/runtime/shell.ts';
import { promptDifference } from '../module/shell-prompt.ts';
import type { SolveContext } from './context.ts';
import { bashSignalsBefore, waitForExecAlert } from './wait-alert.ts';

/** Returns the alert, or undefined (with a warning) when none came. */
export async function solveRuntime(ctx: SolveContext): Promise<Alert | undefined> {
  const { cfg, central, kube, model, names, log, warn } = ctx;
  const { namespace, selector } = model.pod;
  const command = shellCommandOf(model);
  const pod = await kube.findPod(namespace, selector);
  const before = await bashSignalsBefore(central, names);
  const since = Date.now();
  const session = await openShellSession(kube, namespace, pod.name, command);
  log(
    'exec',
    `oc exec ${pod.name} -n ${namespace} -i --tty -- ${command.join(' ')}: prompt "${session.prompt}", exit ${session.exitCode}`,
  );
  const promptNote = promptDifference(session.prompt, pod.name);
  if (promptNote !== undefined) warn('exec', promptNote);

  const found = await waitForExecAlert(central, names, { since, before, timeoutMs: cfg.alertTimeoutMs });
  if (found.alert === undefined) {
    const budget = await readExecBudget(kube, central.version);
    warn(
      'alert',
      `no alert recorded this exec within ${Math.round(found.waitedMs / 1000)} s; Sensor admits ${budgetText(budget)} and drops later ones until the pod is replaced (F8): oc rollout restart deployment -l ${selector} -n ${namespace}`,
    );
    return undefined;
  }
  const alert = found.alert;
  log(
    'alert',
    `alert ${alert.id} (${alert.state}) after ${(found.waitedMs / 1000).toFixed(1)} s: ${alert.processViolation?.message ?? ''}`,
  );
  const notifiers = await central.listNotifiers();
  for (const integration of model.integrations.filter((i) => ctx.notifierIds.has(i.name))) {
    if (integration.type === 'generic') {
      log('generic-delivery', `look at the ${integration.name} endpoint for the alert (check reads it back)`);
      continue;
    }
    const notifier = notifiers.find((n) => n.id === ctx.notifierIds.get(integration.name));
    await readDelivery(ctx, integration.type, notifier, alert, since);
  }
  return alert;
}

async function readDelivery(
  ctx: SolveContext,
  channel: ChannelName,
  notifier: Notifier | undefined,
  alert: Alert,
  since: number,
) {
  const { cfg, log, warn } = ctx;
  const plan = planReadback({
    channel,
    ...(notifier ? { webhookUrl: notifier.labelDefault } : {}),
    ...(cfg.labInboxUrl !== undefined ? { labInboxUrl: cfg.labInboxUrl } : {}),
    config: loadReadbackConfig(ctx.env),
  });
  if (!('route' in plan) || plan.route !== 'lab-inbox' || cfg.labInboxUrl === undefined) {
    log(
      `${channel}-delivery`,
      'look in the channel for the alert (check verifies it when read-back is configured)',
    );
    return;
  }
  const reader = new InboxChannelReader({
    inboxUrl: cfg.labInboxUrl,
    receiver: channel,
    proxy: cfg.proxy,
    ...(notifier ? { webhookUrl: notifier.labelDefault } : {}),
  });
  try {
    const waiter = await reader.subscribe();
    try {
      let message = await waiter.waitForMessage(carriesAlertId(alert.id), {
        since: since - 1000,
        timeoutMs: channel === 'teams' ? cfg.teamsReadbackTimeoutMs : cfg.alertTimeoutMs,
      });
      if (!message.delivered && message.runId !== undefined && waiter.waitForRun) {
        message = (await waiter.waitForRun(message, { timeoutMs: cfg.teamsReadbackTimeoutMs })).message;
      }
      const shown = message.delivered && message.shownText.includes(alert.id);
      const text = `${reader.where}: message ${message.id} ${shown ? 'shows the alert' : message.delivered ? 'arrived without the alert details' : 'was not delivered'}`;
      if (shown) log(`${channel}-delivery`, text);
      else warn(`${channel}-delivery`, text);
    } finally {
      waiter.close();
    }
  } catch (e) {
    warn(`${channel}-delivery`, e instanceof HarnessError ? e.message : String(e));
  } finally {
    await reader.close();
  }
}
