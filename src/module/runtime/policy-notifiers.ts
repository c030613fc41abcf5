// "The policy sends to ...": before the exec, the policy and the text's notifiers must exist, and
// the policy must list every one of them.

import type { Notifier } from '../../../types/rhacs.ts';
import type { CentralClient } from '../../central/index.ts';
import { HarnessError } from '../../errors.ts';
import type { IntegrationType, ModuleModel } from '../model.ts';

export type NotifiersByType = Partial<Record<IntegrationType, Notifier>>;

export async function policyNotifiersFor(
  central: CentralClient,
  module: ModuleModel,
  wantedNames: readonly string[],
): Promise<NotifiersByType> {
  const policyName = module.policy.name;
  const [policy, all] = await Promise.all([central.findPolicyByName(policyName), central.listNotifiers()]);
  const byType: NotifiersByType = {};
  const missing: string[] = policy ? [] : [`the policy "${policyName}" is missing`];
  for (const i of module.integrations.filter((x) => wantedNames.includes(x.name))) {
    const n = all.find((x) => x.name === i.name);
    if (n) byType[i.type] = n;
    else missing.push(`notifier ${i.name} is missing`);
  }
  if (!policy || missing.length > 0) {
    throw new HarnessError({
      code: 'PRECONDITION',
      what: 'Preparing the runtime alert check',
      cause: missing.join('; '),
      fix: 'Run the integration scenarios and 03 first (npx playwright test runs them in order)',
    });
  }
  const unlisted = Object.values(byType).filter((n) => !policy.notifiers.includes(n.id));
  if (unlisted.length > 0) {
    throw new HarnessError({
      code: 'POLICY_NOTIFIERS_MISSING',
      what: `Checking that "${policyName}" sends to ${wantedNames.join(' and ')}`,
      cause: `the policy does not list ${unlisted.map((n) => n.name).join(' or ')}`,
      fix: 'Run scenario 03 first: it attaches the notifiers through the CR (spec.notifiers)',
    });
  }
  return byType;
}
