// "Filter through the policies to find No bash allowed": the earlier module's policy, a runtime
// policy scoped to the pod's namespace.

import type { Policy } from '../../../types/rhacs.ts';
import { HarnessError } from '../../errors.ts';
import type { StepDeps } from '../step-deps.ts';

export async function findEarlierPolicy(deps: StepDeps): Promise<Policy> {
  const { central, module, sink } = deps;
  const name = module.policy.name;
  const policy = await central.findPolicyByName(name);
  if (!policy) {
    throw new HarnessError({
      code: 'POLICY_MISSING',
      what: `Finding the policy "${name}"`,
      cause: 'Central has no policy with that name (the earlier module creates it)',
      fix: 'Create it in the earlier module, or apply the module CR (the next step does)',
    });
  }
  sink.evidence('policyBefore', { id: policy.id, source: policy.source, notifiers: policy.notifiers });
  const problems = [
    policy.lifecycleStages.includes('RUNTIME')
      ? undefined
      : `its lifecycle stages are ${policy.lifecycleStages.join(', ') || 'none'}, not RUNTIME`,
    policy.scope.some((s) => s.namespace === module.pod.namespace)
      ? undefined
      : `it is not scoped to namespace ${module.pod.namespace}`,
  ].filter((p) => p !== undefined);
  if (problems.length > 0) {
    throw new HarnessError({
      code: 'POLICY_NOT_THE_MODULES',
      what: `Finding the policy "${name}"`,
      cause: problems.join('; '),
      fix: `Make it the earlier module's runtime policy for ${module.pod.namespace} (the module's CR, applied next, does)`,
    });
  }
  return policy;
}
