// The environment one lab is read from: the run's environment with every per-lab setting replaced
// by the lab's own, so one lab's token or webhook can never leak into another lab's run.

import { PER_LAB_VARIABLES } from './fields.ts';
import type { LabTarget } from './types.ts';

/**
 * For an embedded lab pass the running lab's settings (its lab.env) as `embeddedEnv`; run-wide
 * knobs from the environment (RUN_ID, KEEP, ALERT_TIMEOUT_MS, MODULE_CR_FILE, ...) still apply.
 */
export function labEnvironment(
  lab: LabTarget,
  baseEnv: NodeJS.ProcessEnv,
  embeddedEnv: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  // A lab naming only a context uses the run's kubeconfig ($KUBECONFIG or ~/.kube/config).
  const keepKubeconfig = !lab.embedded && lab.settings.KUBECONFIG === undefined;
  for (const name of PER_LAB_VARIABLES) {
    if (name === 'KUBECONFIG' && keepKubeconfig) continue;
    delete env[name];
  }
  Object.assign(env, embeddedEnv, lab.settings);
  env.TARGET = lab.embedded ? 'embedded' : 'cluster';
  return env;
}
