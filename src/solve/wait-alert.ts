// Waits for the alert a given exec raised: the module's policy on the module's deployment, with a
// bash process whose signal time is at or after the exec (robust correlation, rhacs-central.md) and
// that was not there before it: the clock-skew margin would otherwise take an exec made a second
// earlier (a previous run, or the student) for this one.

import type { Alert, ProcessIndicator } from '../../types/rhacs.ts';
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
  /** Signal ids of the bash processes the alerts held before the exec (bashSignalsBefore). */
  before?: ReadonlySet<string>;
}

export interface AlertWait {
  alert?: Alert;
  waitedMs: number;
}

function moduleAlertsQuery(names: ModuleNames): string {
  return buildQuery({
    Policy: exact(names.policyName),
    Deployment: exact(names.deployment),
    Namespace: exact(names.namespace),
  });
}

/** The bash processes Central already holds for the module's alerts: call it just before the exec. */
export async function bashSignalsBefore(central: CentralClient, names: ModuleNames): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const listed of await central.listAlerts(moduleAlertsQuery(names), 10)) {
    if (listed.policy.name !== names.policyName) continue;
    for (const p of bashProcesses(await central.getAlert(listed.id))) ids.add(p.signal.id || p.id);
  }
  return ids;
}

export async function waitForExecAlert(
  central: CentralClient,
  names: ModuleNames,
  opts: WaitAlertOptions,
): Promise<AlertWait> {
  const started = Date.now();
  const query = moduleAlertsQuery(names);
  const after = opts.since - (opts.skewMs ?? 2000);
  let delay = opts.pollMs ?? 500;
  for (;;) {
    for (const listed of await central.listAlerts(query, 10)) {
      if (listed.policy.name !== names.policyName) continue;
      const alert = await central.getAlert(listed.id);
      const fresh = (p: ProcessIndicator) =>
        (Date.parse(p.signal.time) || 0) >= after && !opts.before?.has(p.signal.id || p.id);
      if (bashProcesses(alert).some(fresh)) {
        return { alert, waitedMs: Date.now() - started };
      }
    }
    const left = started + opts.timeoutMs - Date.now();
    if (left <= 0) return { waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, Math.min(delay, left)));
    delay = Math.min(delay * 1.5, 5000);
  }
}
