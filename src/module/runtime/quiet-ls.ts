// The negative control after the alert: `oc exec $POD -- ls` must raise no alert and send nothing
// (src/module/negative-control.ts holds the rule; this is the runtime step's use of it).

import type { ChannelReader } from '../../channels/index.ts';
import { budgetText, type ExecBudget } from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import {
  barrierTimeout,
  centralHopMs,
  quietWindowAfterBarrier,
  runNegativeControl,
} from '../negative-control.ts';
import { EXEC_TIMEOUT_MS } from '../time-budget.ts';
import type { RuntimeDeps, ShellTarget } from './target.ts';

export interface QuietLsInput {
  target: ShellTarget;
  alert: { id: string; time: string; deploymentId: string };
  /** When each channel's webhook got Central's post of the alert. */
  webhookArrivals: readonly number[];
  /** The channels read back that the policy notifies. */
  channels: ChannelReader[];
  budget: ExecBudget;
}

export async function proveLsIsQuiet(deps: RuntimeDeps, input: QuietLsInput): Promise<void> {
  const { central, kube, config, sink } = deps;
  const { target, alert } = input;
  const outcome = await runNegativeControl({
    central,
    target: { ...target, deploymentId: alert.deploymentId },
    runAlertId: alert.id,
    runLs: async () =>
      (await kube.execScript(target.namespace, target.pod, undefined, ['ls'], { timeoutMs: EXEC_TIMEOUT_MS }))
        .exitCode,
    channels: input.channels,
    barrierTimeoutMs: barrierTimeout(config.alertTimeoutMs),
    quietWindowMs: quietWindowAfterBarrier(
      centralHopMs(alert.time, input.webhookArrivals),
      config.alertTimeoutMs,
    ),
    timeoutSetting: 'ALERT_TIMEOUT_MS',
    execBudget: budgetText(input.budget),
  });
  sink.hop('ls in Central (negative control barrier)', outcome.barrierMs);
  sink.evidence('negativeControl', {
    lsProcessId: outcome.ls.id,
    barrierMs: outcome.barrierMs,
    ignoredTraffic: outcome.ignored,
  });
  if (outcome.ignored.length > 0) {
    sink.note(
      `Negative control ignored ${outcome.ignored.length} other message(s) in the channels (not this run's ls or alert): ${outcome.ignored.slice(0, 5).join('; ')}`,
    );
  }
  if (outcome.belonging.length > 0) {
    throw new HarnessError({
      code: 'NEGATIVE_CONTROL_ALERTED',
      what: `Running ls in ${target.namespace}/${target.pod} after the alert`,
      cause: `an exec that is not bash was alerted or notified: ${outcome.belonging.join('; ')}`,
      fix: "Make the policy's criteria Process Name = bash, as the module's CR has them; a message for this run's alert after ls means Central re-notified it for a process that is not bash",
    });
  }
}
