// Each scenario's Playwright timeout is the sum of the waits it is configured with, so raising
// ALERT_TIMEOUT_MS or TEAMS_READBACK_TIMEOUT_MS (as the harness advises on a slow cluster) never
// turns into "Test timeout of 180000ms exceeded" in the middle of a wait.
import { NOTIFIER_EVENTS_WAIT_MS } from '../diagnose/notifier-events.ts';
import { barrierTimeout } from './negative-control.ts';

/** One `oc exec` (the bash session, the negative control's ls). */
export const EXEC_TIMEOUT_MS = 30_000;
/** `oc rollout restart` of visa-processor when Sensor's exec budget is spent (F8). */
export const ROLLOUT_TIMEOUT_MS = 120_000;
/** A deleted SecurityPolicy's finalizer being removed by the config-controller. */
export const CR_GONE_TIMEOUT_MS = 30_000;
/** The API calls between the waits, and the fixtures' set-up and clean-up. */
export const STEP_MARGIN_MS = 60_000;

export type ScenarioId = 'slack' | 'teams' | 'policy' | 'runtime';

/**
 * The waits of each scenario, in the order it makes them, each at its maximum: ALERT_TIMEOUT_MS for
 * Central and Slack, TEAMS_READBACK_TIMEOUT_MS (default: the alert timeout) for a Teams message and
 * its flow run.
 */
export function scenarioWaits(
  scenario: ScenarioId,
  alertTimeoutMs: number,
  teamsReadbackTimeoutMs = alertTimeoutMs,
): Record<string, number> {
  const a = alertTimeoutMs;
  const t = teamsReadbackTimeoutMs;
  switch (scenario) {
    case 'slack':
      return { 'the Test message': a, "a refusal's administration events": NOTIFIER_EVENTS_WAIT_MS };
    case 'teams':
      return {
        'the Test message': t,
        'the flow run and the card in the channel': t,
        "a refusal's administration events": NOTIFIER_EVENTS_WAIT_MS,
      };
    case 'policy':
      return { 'the old CR gone': CR_GONE_TIMEOUT_MS, "Central's policy matches the spec": a };
    case 'runtime':
      return {
        'pod restart (F8)': ROLLOUT_TIMEOUT_MS,
        'the bash session': EXEC_TIMEOUT_MS,
        "this run's alert": a,
        'the Slack message': a,
        'the Teams message': t,
        'the Teams flow run and the card in the channel': t,
        "a refused alert's administration events": NOTIFIER_EVENTS_WAIT_MS,
        'the ls exec': EXEC_TIMEOUT_MS,
        "the ls in Central's process data": barrierTimeout(a),
        'the quiet window': a,
      };
  }
}

export function scenarioBudgetMs(
  scenario: ScenarioId,
  alertTimeoutMs: number,
  teamsReadbackTimeoutMs = alertTimeoutMs,
): number {
  return Object.values(scenarioWaits(scenario, alertTimeoutMs, teamsReadbackTimeoutMs)).reduce(
    (sum, ms) => sum + ms,
    STEP_MARGIN_MS,
  );
}
