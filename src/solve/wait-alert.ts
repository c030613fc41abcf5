// solve's wait for the alert its exec raised, by the one rule for "this run's alert"
// (src/module/run-alert.ts); a wait that runs out is a warning for solve, not an error.

import type { Alert } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import type { ModuleNames } from '../check/state.ts';
import { HarnessError, isHarnessError } from '../errors.ts';
import {
  type ModuleTarget,
  bashSignalsBefore as signalsBefore,
  waitForRunAlert,
} from '../module/run-alert.ts';

export interface WaitAlertOptions {
  /** Epoch ms just before the exec. */
  since: number;
  timeoutMs: number;
  /** Signal ids of the bash processes the alerts held before the exec (bashSignalsBefore). */
  before: ReadonlySet<string>;
}

export interface AlertWait {
  alert?: Alert;
  waitedMs: number;
}

const targetOf = (names: ModuleNames): ModuleTarget => ({
  policy: names.policyName,
  namespace: names.namespace,
  deployment: names.deployment,
});

/** The bash processes Central already holds for the module's alerts: call it just before the exec. */
export function bashSignalsBefore(central: CentralClient, names: ModuleNames): Promise<Set<string>> {
  return signalsBefore(central, targetOf(names));
}

export async function waitForExecAlert(
  central: CentralClient,
  names: ModuleNames,
  opts: WaitAlertOptions,
): Promise<AlertWait> {
  const started = Date.now();
  try {
    const found = await waitForRunAlert(central, targetOf(names), opts, {
      timeoutMs: opts.timeoutMs,
      onTimeout: () =>
        new HarnessError({
          code: 'ALERT_TIMEOUT',
          what: `Waiting for the alert of the exec into ${names.namespace}/${names.deployment}`,
          cause: `none within ${Math.round(opts.timeoutMs / 1000)} s`,
          fix: 'See the warning solve prints',
        }),
    });
    return { alert: found.alert, waitedMs: Date.now() - started };
  } catch (err) {
    if (isHarnessError(err) && err.code === 'ALERT_TIMEOUT') return { waitedMs: Date.now() - started };
    throw err;
  }
}
