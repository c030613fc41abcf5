// "Central raises this run's alert": the one rule for this run's alert (src/module/run-alert.ts),
// and when none comes, whether Sensor dropped the exec (F8).

import { detectSilentDrop } from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import { type RunAlert, waitForRunAlert } from '../alert-wait.ts';
import { BASH_EXECUTED } from '../shell-prompt.ts';
import { failWith } from '../step-sink.ts';
import type { ExecPreparation } from './exec-preparation.ts';
import type { RuntimeDeps, ShellTarget } from './target.ts';

export async function awaitThisRunsAlert(
  deps: RuntimeDeps,
  target: ShellTarget,
  window: { since: number; before: ReadonlySet<string> },
  prepared: ExecPreparation,
): Promise<RunAlert> {
  const { central, config, sink } = deps;
  // The wait itself keeps only a bash process that ran after the exec (run-alert.ts runProcess).
  let found: RunAlert;
  try {
    found = await waitForRunAlert(central, target, window, config.alertTimeoutMs);
  } catch (err) {
    const f8 = detectSilentDrop({
      execSucceeded: true,
      newProcessSeen: false,
      identicalExecs: prepared.identical,
      budget: prepared.budget,
      waitedMs: Date.now() - window.since,
    });
    if (f8) throw failWith(sink, f8, { code: 'EXEC_DROPPED', what: "Waiting for this run's alert" });
    throw err;
  }
  sink.hop('alert in Central', Date.now() - window.since);
  sink.evidence('alertId', found.alert.id);
  const problems = [
    found.alert.state === 'ACTIVE' ? undefined : `it is ${found.alert.state}, not ACTIVE`,
    BASH_EXECUTED.test(found.alert.processViolation?.message ?? '')
      ? undefined
      : `its violation reads "${found.alert.processViolation?.message ?? ''}", not "Binary '/bin/bash' executed"`,
  ].filter((p) => p !== undefined);
  if (problems.length > 0) {
    throw new HarnessError({
      code: 'ALERT_UNEXPECTED',
      what: `Checking alert ${found.alert.id} of "${target.policy}"`,
      cause: problems.join('; '),
      fix: "Look at the alert in Violations: the policy's criteria or the exec are not the module's",
    });
  }
  return found;
}
