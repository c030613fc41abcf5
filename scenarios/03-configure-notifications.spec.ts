// "Configure Notifications": the policy No bash allowed, the module's SecurityPolicy YAML (strict, as
// `oc apply` does), the corrected CR with spec.notifiers, and the notifiers on Central's policy.

import { expect, test } from '../fixtures/harness.ts';
import { softStep } from '../fixtures/steps.ts';
import {
  detectConsoleOnlyNotifiers,
  detectGuideNamespace,
  detectIgnoredNamespace,
  detectStrictDecoding,
  resolveNotifierRefs,
  strictDecodingFields,
} from '../src/diagnose/index.ts';
import { HarnessError } from '../src/errors.ts';
import { GUIDE_CR_NAMESPACE } from '../src/module/central-namespace.ts';
import { correctCr, dryRunApply } from '../src/module/corrected-cr.ts';
import { type CrMarks, registerCrUndo, withMarks } from '../src/module/cr-undo.ts';
import {
  blockEvidence,
  blockFailure,
  clientText,
  findShellClient,
  runExecuteBlock,
} from '../src/module/guide/run-block.ts';
import { crFieldAt, FIELD_MANAGER, wantedIntegrations } from '../src/module/model.ts';
import { waitForPolicyAcceptance } from '../src/module/policy-acceptance.ts';
import { EXEC_TIMEOUT_MS, scenarioBudgetMs } from '../src/module/time-budget.ts';

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
  evidence,
  recordFinding,
  recordHop,
  failWith,
}) => {
  test.setTimeout(scenarioBudgetMs('policy', config.alertTimeoutMs));
  const namespace = config.central.namespace;
  const policyName = module.policy.name;
  const crName = module.cr.name;
  // The integrations of the text, less an optional one this run did not create (it skipped it).
  const notifierRefs = wantedIntegrations(module, await central.listNotifiers()).map((i) => i.name);

  await softStep(`Filter through the policies to find ${policyName}`, async () => {
    const policy = await central.findPolicyByName(policyName);
    if (!policy) {
      throw new HarnessError({
        code: 'POLICY_MISSING',
        what: `Finding the policy "${policyName}"`,
        cause: 'Central has no policy with that name (the earlier module creates it)',
        fix: 'Create it in the earlier module, or apply the module CR (the next step does)',
      });
    }
    evidence.note('policyBefore', { id: policy.id, source: policy.source, notifiers: policy.notifiers });
    expect(policy.lifecycleStages, 'the policy is a runtime policy').toContain('RUNTIME');
    expect(
      policy.scope.map((s) => s.namespace),
      'the policy is scoped to the payments namespace',
    ).toContain(config.pod.namespace);
  });

  // The fields the API server refused in the module's own CR: the corrected CR leaves them out.
  let unknownFields: string[] = [];
  // A guide's block runs verbatim (it applies for real, so only in verify mode, with an undo first);
  // otherwise a server-side dry run with strict validation says what `oc apply` would, changing nothing.
  const block = mode === 'verify' ? module.blocks.cr : undefined;
  const shell = block && findShellClient();
  const textNamespace = module.cr.namespace ?? namespace;
  // The undo registered before the guide's block ran, and the marks the run's CR carries.
  let undoRegistered: { namespace: string; marks: CrMarks } | undefined;
  const how = module.blocks.cr
    ? clientText(shell, mode === 'check' ? 'check mode runs nothing that changes the cluster' : undefined)
    : 'as a server-side dry run';
  await softStep(
    `Run the following command if you have not created the policy: ${module.cr.applyCommand} (${module.cr.at}), ${how}`,
    async () => {
      const f9 = detectGuideNamespace({
        guideNamespace: module.cr.namespace ?? GUIDE_CR_NAMESPACE,
        centralNamespace: namespace,
      });
      if (f9) recordFinding({ ...f9, severity: 'advisory' });
      let refusal: unknown;
      if (block && shell) {
        // The verbatim CR carries no marks; the corrected apply right after adds them.
        const marks = await registerCrUndo(
          { kube, central, cleanup, runId: config.runId },
          { namespace: textNamespace, name: crName, policyName },
        );
        undoRegistered = { namespace: textNamespace, marks };
        const run = await runExecuteBlock(block.body, {
          client: shell,
          kubeconfig: kube.kubeConfig.exportConfig(),
          timeoutMs: EXEC_TIMEOUT_MS,
        });
        evidence.note('guideCrBlock', blockEvidence(run, config.secrets));
        refusal = blockFailure(block, run, how, { timeoutMs: EXEC_TIMEOUT_MS, secrets: config.secrets });
      } else {
        refusal = (await dryRunApply(kube, module.cr.object, { namespace, fieldManager: FIELD_MANAGER }))
          .error;
      }
      if (refusal === undefined) return;
      unknownFields = strictDecodingFields(refusal);
      const f1 = detectStrictDecoding(refusal);
      if (f1) {
        const located = unknownFields.map((f) => `${f} at ${crFieldAt(module, f) ?? module.cr.at}`);
        throw failWith(
          { ...f1, happened: `${f1.happened} (${located.join(', ')})` },
          {
            code: 'MODULE_CR_REJECTED',
            what: `Applying the module's SecurityPolicy (${module.cr.at}) as the module says`,
          },
        );
      }
      throw refusal;
    },
  );

  const corrected = correctCr(module.cr.object, {
    unknownFields,
    namespace,
    ...(module.cr.namespace === undefined ? {} : { appliedIn: module.cr.namespace }),
    notifiers: notifierRefs,
  });
  const accepted =
    await test.step(`Apply the module's CR${corrected.changes.length > 0 ? ` corrected (${corrected.changes.join('; ')})` : ''} in ${namespace}: Central's policy becomes that spec`, async () => {
      const request = {
        namespace,
        name: crName,
        centralNamespace: namespace,
        timeoutMs: config.alertTimeoutMs,
      };
      if (mode === 'check') return waitForPolicyAcceptance({ kube, central }, request);
      const marks =
        undoRegistered?.namespace === namespace
          ? undoRegistered.marks
          : await registerCrUndo(
              { kube, central, cleanup, runId: config.runId },
              { namespace, name: crName, policyName },
            );
      const appliedAt = Date.now();
      const applied = await kube.applySecurityPolicy(withMarks(corrected.object, marks), {
        namespace,
        fieldManager: FIELD_MANAGER,
      });
      evidence.note('crApply', { operation: applied.operation, warnings: applied.warnings });
      const result = await waitForPolicyAcceptance(
        { kube, central },
        { ...request, spec: applied.object.spec, appliedAt },
      );
      recordHop('CR accepted by Central', Date.now() - appliedAt);
      return result;
    });
  evidence.note('policyId', accepted.policyId);

  const [policy, notifiers, cr] =
    await test.step(`Go to Policy behavior - actions: ${notifierRefs.join(' and ')} are attached`, async () => {
      const found = await Promise.all([
        central.getPolicy(accepted.policyId),
        central.listNotifiers(),
        kube.getSecurityPolicy(namespace, crName),
      ]);
      const [p, all] = found;
      const wanted = resolveNotifierRefs(notifierRefs, all);
      expect(wanted.unresolved, 'the notifiers exist (the integration scenarios create them)').toEqual([]);
      expect(p.name).toBe(policyName);
      expect(p.source, 'the CR owns the policy').toBe('DECLARATIVE');
      expect([...p.notifiers].sort(), "Central's policy holds both notifier ids").toEqual(
        expect.arrayContaining(wanted.ids),
      );
      return found;
    });

  await softStep(
    'The notifiers survive the config-controller resync (not attached only in the console)',
    async () => {
      const f2 = detectConsoleOnlyNotifiers({
        policy,
        crNotifiers: (cr?.spec.notifiers as string[] | undefined) ?? undefined,
        notifiers,
      });
      if (f2) {
        throw failWith(f2, { code: 'CONSOLE_ONLY_NOTIFIERS', what: 'Checking the policy notifiers' });
      }
    },
  );

  await test.step(`No SecurityPolicy sits unreconciled outside ${namespace}`, async () => {
    const crs = await kubeExtras.listSecurityPolicies().catch((err: unknown) => {
      evidence.note('securityPolicyListError', err instanceof Error ? err.message : String(err));
      return [];
    });
    const f9 = detectIgnoredNamespace({
      crs,
      centralNamespace: namespace,
      minAgeMs: 10_000,
    });
    if (f9) recordFinding({ ...f9, severity: 'advisory' });
  });
  await goalsHold('policy');
});
