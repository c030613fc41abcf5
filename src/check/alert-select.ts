// Which alerts count as "the student's own exec": the module's policy (exact name, not a prefix
// match), on the module's deployment, with a bash process, ACTIVE or resolved recently.

import type { Alert } from '../../types/rhacs.ts';
import { bashProcesses } from '../module/run-alert.ts';
import type { ModuleNames } from './state.ts';

/** A resolved alert still counts for this long (the student may have resolved it after looking). */
export const RECENTLY_RESOLVED_MS = 24 * 60 * 60 * 1000;
/** An alert keeps at most this many processes; past that, no update and no notification (F8). */
export const MAX_ALERT_PROCESSES = 40;

export { bashProcesses, isBashProcess } from '../module/run-alert.ts';

/** Epoch ms of the alert's newest bash process (0 when none). */
export function lastBashAt(alert: Alert): number {
  return Math.max(0, ...bashProcesses(alert).map((p) => Date.parse(p.signal.time) || 0));
}

export type AlertRejection = 'other-policy' | 'other-deployment' | 'no-bash' | 'resolved-long-ago';

export function rejectAlert(alert: Alert, names: ModuleNames, now: number): AlertRejection | undefined {
  if (alert.policy.name !== names.policyName) return 'other-policy';
  const ns = alert.deployment.namespace || alert.namespace;
  if (alert.deployment.name !== names.deployment || ns !== names.namespace) return 'other-deployment';
  if (bashProcesses(alert).length === 0) return 'no-bash';
  if (alert.state === 'RESOLVED') {
    const resolvedAt = Date.parse(alert.resolvedAt ?? '') || 0;
    if (now - resolvedAt > RECENTLY_RESOLVED_MS) return 'resolved-long-ago';
  }
  return undefined;
}

/** Qualifying alerts, newest bash exec first. */
export function qualifyingAlerts(alerts: Alert[], names: ModuleNames, now: number): Alert[] {
  return alerts
    .filter((a) => rejectAlert(a, names, now) === undefined)
    .sort((a, b) => lastBashAt(b) - lastBashAt(a));
}
