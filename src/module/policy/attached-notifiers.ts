// "Go to Policy behavior - actions": the text's notifiers on Central's policy, owned by the CR so
// that the config-controller's resync keeps them (F2); and no SecurityPolicy left where Central's
// controller never looks (F9).

import type { Notifier, Policy } from '../../../types/rhacs.ts';
import {
  detectConsoleOnlyNotifiers,
  detectIgnoredNamespace,
  resolveNotifierRefs,
} from '../../diagnose/index.ts';
import { HarnessError } from '../../errors.ts';
import type { SecurityPolicyObject } from '../../kube/index.ts';
import type { AcceptedPolicy } from '../policy-acceptance.ts';
import type { StepDeps } from '../step-deps.ts';
import { failWith } from '../step-sink.ts';

export interface AttachedNotifiers {
  policy: Policy;
  notifiers: Notifier[];
  cr: SecurityPolicyObject | undefined;
}

export async function attachedNotifiers(
  deps: StepDeps,
  accepted: AcceptedPolicy,
  wanted: readonly string[],
): Promise<AttachedNotifiers> {
  const { central, kube, module, config } = deps;
  const [policy, notifiers, cr] = await Promise.all([
    central.getPolicy(accepted.policyId),
    central.listNotifiers(),
    kube.getSecurityPolicy(config.central.namespace, module.cr.name),
  ]);
  const refs = resolveNotifierRefs([...wanted], notifiers);
  const problems = [
    refs.unresolved.length === 0 ? undefined : `no notifier is named ${refs.unresolved.join(' or ')}`,
    policy.name === module.policy.name
      ? undefined
      : `the CR's policy is "${policy.name}", not "${module.policy.name}"`,
    policy.source === 'DECLARATIVE'
      ? undefined
      : `the policy's source is ${policy.source}: the CR does not own it`,
    refs.ids.every((id) => policy.notifiers.includes(id))
      ? undefined
      : `Central's policy holds notifiers [${policy.notifiers.join(', ')}], not all of ${wanted.join(', ')}`,
  ].filter((p) => p !== undefined);
  if (problems.length > 0) {
    throw new HarnessError({
      code: 'POLICY_NOTIFIERS_NOT_ATTACHED',
      what: `Checking that "${module.policy.name}" notifies ${wanted.join(' and ')}`,
      cause: problems.join('; '),
      fix: 'Create the integrations first (scenarios 00-02), then re-apply the CR with spec.notifiers naming them',
    });
  }
  return { policy, notifiers, cr };
}

export function notifiersSurviveResync(deps: StepDeps, attached: AttachedNotifiers): void {
  const f2 = detectConsoleOnlyNotifiers({
    policy: attached.policy,
    crNotifiers: (attached.cr?.spec.notifiers as string[] | undefined) ?? undefined,
    notifiers: attached.notifiers,
  });
  if (f2)
    throw failWith(deps.sink, f2, { code: 'CONSOLE_ONLY_NOTIFIERS', what: 'Checking the policy notifiers' });
}

export async function noStrayCr(deps: StepDeps): Promise<void> {
  const { kubeExtras, sink, config } = deps;
  const crs = await kubeExtras.listSecurityPolicies().catch((err: unknown) => {
    sink.evidence('securityPolicyListError', err instanceof Error ? err.message : String(err));
    return [];
  });
  const f9 = detectIgnoredNamespace({ crs, centralNamespace: config.central.namespace, minAgeMs: 10_000 });
  if (f9) sink.finding({ ...f9, severity: 'advisory' });
}
