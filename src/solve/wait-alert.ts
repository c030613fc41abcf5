// Waits for the alert a given exec raised: the module's policy on the module's deployment, with a
// bash process whose signal time is at or after the exec (robust correlation, rhacs-central.md).

import type { Alert } from '../../types/rhacs.ts';
import { buildQuery, type CentralClient, exact } from '../central/index.ts';
import { bashProcesses } from '../check/alert-select.ts';
import type { ModuleNames } from '../check/state.ts';

export interface WaitAlertOptions {
  /** Epoch ms just before the exec. */
  since: number;
  timeoutMs: number;
  pollMs?: number;
  /** Tolerated clock difference between this machine and the cluster. */
  skewMs?: number;
}

export interface AlertWait {
  alert?: Alert;
  waitedMs: number;
}

export async function waitForExecAlert(
  central: CentralClient,
  names: ModuleNames,
  opts: WaitAlertOptions,
): Promise<AlertWait> {
  const started = Date.now();
  const query = buildQuery({
    Policy: exact(names.policyName),
    Deployment: exact(names.deployment),
    Namespace: exact(names.namespace),
  });
  const after = opts.since - (opts.skewMs ?? 2000);
  let delay = opts.pollMs ?? 500;
  for (;;) {
    for (const listed of await central.listAlerts(query, 10)) {
      if (listed.policy.name !== names.policyName) continue;
      const alert = await central.getAlert(listed.id);
      if (bashProcesses(alert).some((p) => (Date.parse(p.signal.time) || 0) >= after)) {
        return { alert, waitedMs: Date.now() - started };
      }
    }
    const left = started + opts.timeoutMs - Date.now();
    if (left <= 0) return { waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, Math.min(delay, left)));
    delay = Math.min(delay * 1.5, 5000);
  }
}
