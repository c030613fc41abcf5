// The negative control: `ls` in the same container must raise no alert and send nothing.
// It ends on a barrier, not on a guess: once this `ls` shows up in Central's process data for the
// deployment, the pipeline has demonstrably processed it (sensor -> Central; runtime detection runs
// on the same indicators), and only Central's own hop to the channels is left to wait out.
// Channels carry other traffic (people, other labs, other policies' alerts: real-cluster.md §5), so
// only what belongs to this `ls` or to this run's alert counts; everything else is listed, not failed.

import type { ProcessIndicator } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import {
  type ChannelMessage,
  type ChannelName,
  carriesAlertId,
  summarizeMessage,
} from '../channels/index.ts';
import { HarnessError } from '../errors.ts';
import { seconds, Wait } from '../wait.ts';

export interface NegativeControlTarget {
  namespace: string;
  deployment: string;
  /** Central's id of the deployment (this run's alert names it). */
  deploymentId: string;
  pod: string;
  container: string;
}

export interface NegativeControlInput {
  central: CentralClient;
  target: NegativeControlTarget;
  /** This run's alert: a message or a new process on it after `ls` is a failure. None before any alert (author-test's control before solve). */
  runAlertId?: string;
  /** Runs `ls` in the container; resolves with its exit code. */
  runLs: () => Promise<number>;
  /** The channels read back (a channel nothing reads proves nothing and is left out). */
  channels: { name: ChannelName; listMessages(since: number): Promise<ChannelMessage[]> }[];
  /** How long Central may take to store the `ls` (its indicator queue flushes at least every minute). */
  barrierTimeoutMs: number;
  /** Central -> channel: how long a notification for `ls` would take after the barrier. */
  quietWindowMs: number;
  /** The variable that sets barrierTimeoutMs, for the fix. */
  timeoutSetting: string;
  /** Sensor's exec budget as read from the cluster, e.g. "1 identical exec per container (...)". */
  execBudget?: string;
}

export interface NegativeControlOutcome {
  /** Central's record of this `ls`. */
  ls: ProcessIndicator;
  /** From `ls` to the barrier. */
  barrierMs: number;
  /** What broke the control: alerts or messages for this `ls` or this run's alert. */
  belonging: string[];
  /** Other traffic in the window, ignored. */
  ignored: string[];
}

/**
 * Central stores a process at once while its rate limit allows (5 at a burst, one more every 10 s)
 * and otherwise at its flush ticker, once a minute (stackrox central/detection/lifecycle/manager.go
 * rateLimitDuration, indicatorFlushTickerDuration). So a few runs in a row can leave this run's
 * `ls` queued for up to a minute on a healthy Central.
 */
export const CENTRAL_INDICATOR_FLUSH_MS = 60_000;

/** How long to wait for the barrier: the alert timeout, but never less than Central's flush ticker and a margin. */
export function barrierTimeout(alertTimeoutMs: number): number {
  return Math.max(alertTimeoutMs, CENTRAL_INDICATOR_FLUSH_MS + 5_000);
}

/**
 * Central's own hop, alert to webhook: the earliest time one of its posts reached a webhook after
 * the alert. Central posts to every notifier at once (stackrox central/notifier/processor/
 * processor_impl.go ProcessAlert: a goroutine per notifier), so the fastest channel measures Central;
 * what a channel adds after that (a Teams flow run, Graph, Slack's history) is the channel's.
 * `arrivals` are epoch ms; none measured is no hop.
 */
export function centralHopMs(alertTime: string, arrivals: readonly number[]): number {
  if (arrivals.length === 0) return 0;
  return Math.max(0, Math.min(...arrivals) - Date.parse(alertTime));
}

/** After the barrier: twice Central's measured alert-to-channel hop, at least 1 s, at most the alert timeout. */
export function quietWindowAfterBarrier(channelHopMs: number, capMs: number): number {
  return Math.min(capMs, Math.max(1_000, 2 * channelHopMs));
}

const isLs = (p: ProcessIndicator) => /(^|\/)ls$/.test(p.signal.execFilePath) && p.signal.args === '';

export async function runNegativeControl(input: NegativeControlInput): Promise<NegativeControlOutcome> {
  const { central, target } = input;
  const mine = (p: ProcessIndicator) =>
    p.podId === target.pod && p.containerName === target.container && isLs(p);
  // An identical exec replaces Central's indicator (same id, new signal), so a new signal id is the mark.
  const before = new Set(
    (await central.listDeploymentProcesses(target.deploymentId)).filter(mine).map((p) => p.signal.id),
  );
  const quietSince = Date.now();
  const exitCode = await input.runLs();
  if (exitCode !== 0) {
    throw new HarnessError({
      code: 'NEGATIVE_CONTROL_EXEC',
      what: `Running ls in ${target.namespace}/${target.pod} for the negative control`,
      cause: `ls exited ${exitCode}`,
      fix: 'Check the container has ls (oc exec $POD -- ls) and that the pod is Running',
    });
  }

  const ls = await Wait.forValue(
    async () =>
      (await central.listDeploymentProcesses(target.deploymentId)).find(
        (p) => mine(p) && !before.has(p.signal.id),
      ),
    {
      timeoutMs: input.barrierTimeoutMs,
      intervalMs: 100,
      onTimeout: (o) =>
        new HarnessError({
          code: 'NEGATIVE_CONTROL_NO_BARRIER',
          what: `Waiting for Central (${central.endpoint}) to record this run's ls in ${target.namespace}/${target.deployment}`,
          cause: `ls ran (exit 0) but Central's process data for the deployment shows no new ls from pod ${target.pod} within ${seconds(o.elapsedMs)} (${o.probes} reads); without that, a quiet channel proves nothing`,
          fix: `Central stores processes at once while its rate limit allows and otherwise once a minute, so a healthy Central shows it within ${seconds(CENTRAL_INDICATOR_FLUSH_MS)}: check Central and Sensor (oc -n stackrox get pods, oc -n stackrox logs deploy/sensor), or raise ${input.timeoutSetting} on a slow cluster. If the pod ran ls before, Sensor drops identical execs past its budget${input.execBudget ? ` of ${input.execBudget}` : ''} (module finding F8): restart the pod (oc rollout restart deployment/${target.deployment} -n ${target.namespace})`,
        }),
    },
  );
  const barrierMs = Date.now() - quietSince;
  await new Promise((r) => setTimeout(r, input.quietWindowMs));

  const belonging: string[] = [];
  const alertIds = new Set(input.runAlertId === undefined ? [] : [input.runAlertId]);
  const alerts = await central.listAlerts(
    `Deployment:${target.deployment}+Namespace:${target.namespace}+Violation State:ACTIVE`,
    100,
  );
  for (const a of alerts) {
    const alert = await central.getAlert(a.id);
    const hasLs = alert.processViolation?.processes.some((p) => p.signal.id === ls.signal.id) ?? false;
    if (hasLs) {
      alertIds.add(alert.id);
      belonging.push(`alert ${alert.id} (policy "${alert.policy.name}") holds this ls`);
    }
  }

  const ignored: string[] = [];
  const messages = (await Promise.all(input.channels.map((c) => c.listMessages(quietSince)))).flat();
  const matchers = [...alertIds].map(carriesAlertId);
  for (const m of messages) {
    const line = `${m.channel}: ${summarizeMessage(m)}`;
    if (matchers.some((match) => match.test(m))) belonging.push(`${line} (carries an alert id of this run)`);
    else ignored.push(line);
  }
  return { ls, barrierMs, belonging, ignored };
}
