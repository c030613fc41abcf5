// The policy step: the module's CR, corrected where the API server refuses it, applied in Central's
// namespace with the text's integrations as spec.notifiers; then Central must take it up.

import { correctedModuleCr } from '../module/corrected-cr.ts';
import { waitForPolicyAcceptance } from '../module/policy-acceptance.ts';
import type { SolveContext } from './context.ts';

/** `oc apply`'s field manager: solve applies as the student does. */
const FIELD_MANAGER = 'kubectl-client-side-apply';

export async function solvePolicy(ctx: SolveContext): Promise<void> {
  const { cfg, central, kube, model, names, log, warn } = ctx;
  // The integrations the run created or kept (an optional one it skipped is not among them).
  const wanted = model.integrations.filter((i) => ctx.notifierIds.has(i.name));
  const cr = await correctedModuleCr(kube, model, {
    namespace: names.centralNamespace,
    fieldManager: FIELD_MANAGER,
    notifiers: wanted.map((i) => i.name),
  });
  for (const change of cr.changes)
    warn('policy', `the module's CR (${model.cr.at}) needed a correction: ${change}`);
  const appliedAt = Date.now();
  const applied = await kube.applySecurityPolicy(cr.object, {
    namespace: names.centralNamespace,
    fieldManager: FIELD_MANAGER,
  });
  log(
    'policy',
    `securitypolicy.config.stackrox.io/${applied.object.metadata.name} ${applied.operation} (from ${model.cr.at})`,
  );
  for (const w of applied.warnings) warn('policy', `API server: ${w}`);
  const { policy } = await waitForPolicyAcceptance(
    { kube, central },
    {
      namespace: names.centralNamespace,
      name: applied.object.metadata.name,
      centralNamespace: names.centralNamespace,
      spec: applied.object.spec,
      appliedAt,
      timeoutMs: Math.max(cfg.alertTimeoutMs, 30_000),
    },
  );
  log(
    'policy',
    `Central's policy ${policy.id} (${policy.source}) is the applied spec, notifiers: ${policy.notifiers.length}`,
  );
  const missing = wanted.filter((i) => !policy.notifiers.includes(ctx.notifierIds.get(i.name) ?? ''));
  if (missing.length > 0)
    warn('policy', `the policy does not list the ${missing.map((i) => i.name).join(' and ')} notifier`);
}
