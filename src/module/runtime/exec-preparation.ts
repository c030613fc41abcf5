// "Resolve the previous alerts first, so this run gets a new alert id": an ACTIVE alert of the
// module's policy on the deployment would take this run's process (Central merges it in), and a
// pod that already spent Sensor's exec budget drops the next bash (F8).

import { budgetText, detectActiveAlertReuse, type ExecBudget, readExecBudget } from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import { activeAlerts, identicalBashExecs } from '../alert-wait.ts';
import { ROLLOUT_TIMEOUT_MS } from '../time-budget.ts';
import type { RuntimeDeps, ShellTarget } from './target.ts';

export interface ExecPreparation {
  /** The pod the exec goes to: a new one when the old had spent the budget. */
  pod: string;
  /** Identical bash execs Sensor has already admitted in that pod's container. */
  identical: number;
  budget: ExecBudget;
}

export async function prepareExec(deps: RuntimeDeps, target: ShellTarget): Promise<ExecPreparation> {
  const { central, kube, kubeExtras, mode, sink } = deps;
  const stale = await activeAlerts(central, target);
  const counted = await Promise.all(
    stale.map(async (a) => ({
      id: a.id,
      state: a.state,
      processes: (await central.getAlert(a.id)).processViolation?.processes.length ?? 0,
    })),
  );
  const reuse = detectActiveAlertReuse(counted, mode === 'verify');
  if (reuse) sink.finding(reuse);
  if (mode === 'verify') for (const a of stale) await central.resolveAlert(a.id);

  const budget = await readExecBudget(kube, central.version);
  sink.evidence('sensorExecBudget', budget);
  const identical = await identicalBashExecs(central, target, target.pod, target.container, budget);
  sink.evidence('identicalBashExecsBefore', identical);
  if (identical < budget.identicalExecs) return { pod: target.pod, identical, budget };

  const { namespace, deployment, selector } = target;
  if (mode !== 'verify') {
    throw new HarnessError({
      code: 'EXEC_BUDGET_SPENT',
      what: 'Preparing the exec',
      cause: `pod ${target.pod} already ran /bin/bash ${identical === 1 ? 'once' : `${identical} times`} and Sensor admits ${budgetText(budget)}: it would drop the next one (F8)`,
      fix: `Restart the pod: oc rollout restart deployment/${deployment} -n ${namespace}`,
    });
  }
  // Only a new container resets Sensor's counters; verify mode may restart, check mode never does.
  const restarted = await kubeExtras.rolloutRestart(namespace, deployment, selector, ROLLOUT_TIMEOUT_MS);
  sink.note(
    `Restarted ${namespace}/${deployment} (pod ${target.pod} -> ${restarted.name}): ${identical} bash exec${identical === 1 ? '' : 's'} had spent Sensor's budget of ${budgetText(budget)} (F8)`,
  );
  return { pod: restarted.name, identical: 0, budget };
}
