// The runtime alert from the student's own `oc exec ... /bin/bash`.

import { bashProcesses, qualifyingAlerts, rejectAlert } from './alert-select.ts';
import { type GoalResult, goal } from './goal.ts';
import type { CheckState } from './state.ts';

export function execCommand(state: CheckState): string {
  const { namespace, podSelector } = state.names;
  return `POD=$(oc get pod -n ${namespace} -l ${podSelector} -o jsonpath="{.items[0].metadata.name}"); oc exec $POD -n ${namespace} -i --tty -- /bin/bash, then type exit`;
}

export function evaluateAlert(state: CheckState): GoalResult {
  const { deployment, namespace, policyName } = state.names;
  const found = qualifyingAlerts(state.alerts, state.names, state.now);
  const newest = found[0];
  if (newest !== undefined) {
    const bash = bashProcesses(newest);
    const last = bash[bash.length - 1];
    return goal(
      'alert',
      'ok',
      `Alert ${newest.id} (${newest.state}) on ${namespace}/${deployment}: ${newest.processViolation?.message ?? `${bash.length} bash process(es)`}${last ? `, last at ${last.signal.time}` : ''}.`,
    );
  }
  const policyReady = state.policy !== undefined && !state.policy.disabled;
  const old = state.alerts.filter((a) => rejectAlert(a, state.names, state.now) === 'resolved-long-ago');
  if (old.length > 0) {
    return goal('alert', 'fail', `The only alerts for ${deployment} were resolved more than a day ago.`, {
      hint: `Open a shell in the pod again to raise a new one: ${execCommand(state)}.`,
    });
  }
  if (!policyReady) {
    return goal('alert', 'fail', `No "${policyName}" alert for ${namespace}/${deployment}.`, {
      hint: `The policy must exist and be enabled first (see above); then run ${execCommand(state)}.`,
    });
  }
  return goal(
    'alert',
    'fail',
    `No "${policyName}" alert for ${namespace}/${deployment} with a bash process.`,
    {
      hint: `Run ${execCommand(state)}. Use the label ${state.names.podSelector}: the module's sample output uses app=ctf-web-to-system, which finds the wrong pod or none. The alert appears within a few seconds to a minute.`,
      finding: 'F7',
    },
  );
}
