// "Configure Notifications": the policy No bash allowed, the module's SecurityPolicy YAML (strict, as
// `oc apply` does), the corrected CR with spec.notifiers, and the notifiers on Central's policy.
// Each step's work is in src/module/policy/.

import { test } from '../fixtures/harness.ts';
import { softStep } from '../fixtures/steps.ts';
import { wantedIntegrations } from '../src/module/model.ts';
import {
  attachedNotifiers,
  noStrayCr,
  notifiersSurviveResync,
} from '../src/module/policy/attached-notifiers.ts';
import { findEarlierPolicy } from '../src/module/policy/earlier-policy.ts';
import { planCorrectedCr, planModuleCr } from '../src/module/policy/module-cr.ts';
import type { ChangingStepDeps } from '../src/module/step-deps.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Configure Notifications', async ({
  goalsHold,
  config,
  module,
  mode,
  kube,
  kubeExtras,
  central,
  cleanup,
  sink,
}) => {
  test.setTimeout(scenarioBudgetMs('policy', config.alertTimeoutMs));
  const deps: ChangingStepDeps = { config, module, mode, central, kube, kubeExtras, sink, cleanup };
  const namespace = config.central.namespace;
  // The integrations of the text, less an optional one this run did not create (it skipped it).
  const notifierRefs = wantedIntegrations(module, await central.listNotifiers()).map((i) => i.name);

  await softStep(`Filter through the policies to find ${module.policy.name}`, () => findEarlierPolicy(deps));

  const asWrittenCr = planModuleCr(deps);
  await softStep(asWrittenCr.title, () => asWrittenCr.run(deps));
  const correctedCr = planCorrectedCr(deps, asWrittenCr.outcome, notifierRefs);
  const accepted = await test.step(correctedCr.title, () => correctedCr.run(deps));

  const attached =
    await test.step(`Go to Policy behavior - actions: ${notifierRefs.join(' and ')} are attached`, () =>
      attachedNotifiers(deps, accepted, notifierRefs));
  await softStep(
    'The notifiers survive the config-controller resync (not attached only in the console)',
    async () => notifiersSurviveResync(deps, attached),
  );
  await test.step(`No SecurityPolicy sits unreconciled outside ${namespace}`, () => noStrayCr(deps));
  await goalsHold('policy');
});
