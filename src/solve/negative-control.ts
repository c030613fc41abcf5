// The negative control: an exec of something other than bash must not raise the module's alert.

import { buildQuery, type CentralClient, exact } from '../central/index.ts';
import type { ModuleNames } from '../check/state.ts';
import type { KubeClient } from '../kube/index.ts';

export interface NegativeControlResult {
  /** The command run in the pod. */
  command: string[];
  /** Alert ids of the module's policy that recorded a process at or after the exec. */
  alerted: string[];
  waitedMs: number;
}

export async function runNegativeControl(
  kube: KubeClient,
  central: CentralClient,
  names: ModuleNames,
  pod: { namespace: string; selector: string },
  settleMs: number,
): Promise<NegativeControlResult> {
  const command = ['ls', '/'];
  const found = await kube.findPod(pod.namespace, pod.selector);
  const since = Date.now();
  await kube.execScript(pod.namespace, found.name, undefined, command, { timeoutMs: 30_000 });
  await new Promise((r) => setTimeout(r, settleMs));
  const query = buildQuery({ Policy: exact(names.policyName), Deployment: exact(names.deployment) });
  const alerted: string[] = [];
  for (const listed of await central.listAlerts(query, 10)) {
    const alert = await central.getAlert(listed.id);
    const recent = (alert.processViolation?.processes ?? []).some(
      (p) => (Date.parse(p.signal.time) || 0) >= since - 2000,
    );
    if (recent) alerted.push(alert.id);
  }
  return { command, alerted, waitedMs: Date.now() - since };
}
