// Findings about the exec step and what a rerun sees: F7, F8, F10.

import type { ExecBudget } from './exec-budget.ts';
import { type Finding, finding } from './finding.ts';

/** The module's sample output selects `app=ctf-web-to-system`. */
export const SAMPLE_SELECTOR = 'app=ctf-web-to-system';

/** F7: the sample's selector finds no pod where the guide's selector finds one. */
export function detectSampleLabel(input: {
  sampleSelector: string;
  samplePods: string[];
  guideSelector: string;
  guidePods: string[];
  namespace: string;
}): Finding | null {
  if (input.samplePods.length > 0 || input.guidePods.length === 0) return null;
  return finding(
    'F7',
    `In namespace ${input.namespace}, \`-l ${input.sampleSelector}\` (the sample output) finds no pod, while \`-l ${input.guideSelector}\` finds ${input.guidePods.join(', ')}`,
    'advisory',
  );
}

export interface AlertProcessCount {
  id: string;
  state: string;
  processes: number;
}

/** Alerts keep at most this many processes; past it there is no update and no notification. */
export const MAX_ALERT_PROCESSES = 40;

/**
 * F8 (advisory): an ACTIVE alert was already there; a rerun without resolving it re-notifies it.
 * `resolvedFirst`: whether the harness resolves them before its exec (verify mode; check mode does not).
 */
export function detectActiveAlertReuse(
  activeBefore: AlertProcessCount[],
  resolvedFirst: boolean,
): Finding | null {
  if (activeBefore.length === 0) return null;
  const list = activeBefore.map((a) => `${a.id} (${a.processes} process${a.processes === 1 ? '' : 'es'})`);
  const capped = activeBefore.some((a) => a.processes >= MAX_ALERT_PROCESSES);
  return finding(
    'F8',
    `Before the exec, ACTIVE alert(s) ${list.join(', ')} already existed for the policy and deployment${
      capped ? `; one is at the ${MAX_ALERT_PROCESSES}-process cap and would never notify again` : ''
    }: following the guide again would re-notify the old alert id (${
      resolvedFirst
        ? 'the harness resolved them first'
        : "check mode left them ACTIVE: this run's bash joins the old alert, which Central re-notifies"
    })`,
    'advisory',
  );
}

/**
 * F8 (defect): the exec ran but no new process reached Central; the budget says why.
 * `identicalExecs` counts earlier identical execs seen in the same container.
 */
export function detectSilentDrop(input: {
  execSucceeded: boolean;
  newProcessSeen: boolean;
  identicalExecs: number;
  budget: ExecBudget;
  activeAlertProcesses?: number;
  waitedMs: number;
}): Finding | null {
  if (!input.execSucceeded || input.newProcessSeen) return null;
  const reasons: string[] = [];
  if (input.identicalExecs >= input.budget.identicalExecs) {
    reasons.push(
      `${input.identicalExecs} identical execs were already seen in this container and Sensor admits ${budgetText(input.budget)}, dropping later ones until the pod is replaced`,
    );
  }
  if ((input.activeAlertProcesses ?? 0) >= MAX_ALERT_PROCESSES) {
    reasons.push(
      `the ACTIVE alert already holds ${input.activeAlertProcesses} processes (the cap is ${MAX_ALERT_PROCESSES})`,
    );
  }
  if (reasons.length === 0) return null;
  return finding(
    'F8',
    `The exec succeeded but no new process or alert reached Central within ${Math.round(input.waitedMs / 1000)} s: ${reasons.join('; ')}`,
  );
}

/** "1 identical exec per container (deployment/sensor ...: ROX_PROCESS_FILTER_MODE=aggressive)". */
export function budgetText(budget: ExecBudget): string {
  const n = budget.identicalExecs;
  const scope = budget.argumentsTracked ? '' : 'whatever the arguments; ';
  return `${n} identical exec${n === 1 ? '' : 's'} per container (${scope}${budget.source})`;
}

/** F10: no terminal on this process, so the guide's `oc exec -i --tty` cannot be run as written. */
export function detectNoTty(input: {
  stdinIsTTY: boolean | undefined;
  ci?: string | undefined;
  /** The stderr of the guide's own `oc exec` run verbatim, when it was (else the API exec was used). */
  verbatimStderr?: string;
}): Finding | null {
  if (input.stdinIsTTY) return null;
  const ci = input.ci ? ` (CI=${input.ci})` : '';
  if (input.verbatimStderr !== undefined) {
    // kubectl's wording when --tty meets a pipe (kubectl pkg/cmd/exec/exec.go SetupTTY; seen from kubectl 1.33).
    const said = /Unable to use a TTY[^\n]*/.exec(input.verbatimStderr)?.[0];
    if (said === undefined) return null;
    return finding(
      'F10',
      `The guide's \`oc exec -i --tty\` ran with no terminal on stdin${ci} and said "${said}"; it fell back to plain stdin, so bash ran without a prompt`,
      'advisory',
    );
  }
  return finding(
    'F10',
    `This run has no terminal on stdin${ci}: \`oc exec -i --tty\` as written would fail or hang; the harness opened the TTY session through the Kubernetes API instead, with a timeout`,
    'advisory',
  );
}
