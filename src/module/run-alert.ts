// The one rule for "this run's alert", shared by verify, solve and the screenshots: the module's
// policy (exact name) on the module's deployment, ACTIVE, holding a bash process whose signal time is
// at or after the exec (less the clock-skew margin) and that Central did not already hold before the
// exec. The margin alone would take an exec made a second earlier (a previous run, or the student)
// for this one; the "held before" set closes that (reference/rhacs-central.md, robust correlation).

import type { Alert, ListAlert, ProcessIndicator } from '../../types/rhacs.ts';
import { buildQuery, type CentralClient, exact } from '../central/index.ts';
import type { HarnessError } from '../errors.ts';
import { Probe, Wait, type WaitOutcome } from '../wait.ts';

/** Where the module's alert is raised. */
export interface ModuleTarget {
  policy: string;
  namespace: string;
  deployment: string;
}

/** The exec whose alert is wanted: when it started, and the bash signals Central held before it. */
export interface ExecWindow {
  /** Epoch ms just before the exec. */
  since: number;
  /** Signal ids of the bash processes the module's alerts held before the exec (bashSignalsBefore). */
  before: ReadonlySet<string>;
}

/**
 * How far the node's clock (collector stamps signal.time) may lag this machine's. Inside this margin
 * only the "held before" set tells an earlier exec from this run's.
 */
export const CLOCK_SKEW_MS = 2_000;

/** Collector reports the exec'd binary; `/bin/bash` and `/usr/bin/bash` (merged /usr) are both bash. */
export function isBashProcess(p: ProcessIndicator): boolean {
  return p.signal.name === 'bash' || /(^|\/)bash$/.test(p.signal.execFilePath);
}

export function bashProcesses(alert: Alert): ProcessIndicator[] {
  return (alert.processViolation?.processes ?? []).filter(isBashProcess);
}

const signalId = (p: ProcessIndicator) => p.signal.id || p.id;

/** Central's search query for the module's alerts, optionally by state (`ACTIVE,RESOLVED`). */
export function moduleAlertsQuery(t: ModuleTarget, states?: string): string {
  return buildQuery({
    Policy: exact(t.policy),
    Deployment: exact(t.deployment),
    Namespace: exact(t.namespace),
    ...(states ? { 'Violation State': states } : {}),
  });
}

/** Central's search is a match, not an equality: the listed alert must be exactly the module's. */
export function isModuleAlert(t: ModuleTarget, a: ListAlert): boolean {
  return (
    a.policy.name === t.policy && a.deployment.name === t.deployment && a.deployment.namespace === t.namespace
  );
}

/** The bash signals Central already holds for the module's alerts: call it just before the exec. */
export async function bashSignalsBefore(central: CentralClient, t: ModuleTarget): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const listed of await central.listAlerts(moduleAlertsQuery(t, 'ACTIVE,RESOLVED'), 100)) {
    if (!isModuleAlert(t, listed)) continue;
    for (const p of bashProcesses(await central.getAlert(listed.id))) ids.add(signalId(p));
  }
  return ids;
}

/** The bash process of this exec in the alert, if it holds one. */
export function runProcess(alert: Alert, window: ExecWindow): ProcessIndicator | undefined {
  return bashProcesses(alert).find(
    (p) =>
      (Date.parse(p.signal.time) || 0) >= window.since - CLOCK_SKEW_MS && !window.before.has(signalId(p)),
  );
}

export interface RunAlert {
  alert: Alert;
  process: ProcessIndicator;
}

export async function findRunAlert(
  central: CentralClient,
  t: ModuleTarget,
  window: ExecWindow,
): Promise<RunAlert | undefined> {
  for (const listed of await central.listAlerts(moduleAlertsQuery(t), 100)) {
    if (!isModuleAlert(t, listed) || listed.state !== 'ACTIVE') continue;
    const alert = await central.getAlert(listed.id);
    const process = runProcess(alert, window);
    if (process) return { alert, process };
  }
  return undefined;
}

/** Polls Central (it has no event stream) until this run's alert shows up; `onTimeout` says why not. */
export function waitForRunAlert(
  central: CentralClient,
  t: ModuleTarget,
  window: ExecWindow,
  opts: {
    timeoutMs: number;
    onTimeout: (outcome: WaitOutcome<never>) => HarnessError | Promise<HarnessError>;
  },
): Promise<RunAlert> {
  return Wait.until(
    async () => {
      const found = await findRunAlert(central, t, window);
      return found ? Probe.done(found) : Probe.notYet();
    },
    { timeoutMs: opts.timeoutMs, intervalMs: 20, maxIntervalMs: 1_000, onTimeout: opts.onTimeout },
  );
}
