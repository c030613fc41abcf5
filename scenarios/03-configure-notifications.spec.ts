// "Configure Notifications": the policy No bash allowed, the module's SecurityPolicy YAML (strict, as
// `oc apply` does), the corrected CR with spec.notifiers, and the notifiers on Central's policy.

import { expect, test } from '../fixtures/harness.ts';
import {
  CORRECTED_CR_FILE,
  CR_NAME,
  FIELD_MANAGER,
  POLICY_NAME,
  SLACK_NOTIFIER,
  TEAMS_NOTIFIER,
} from '../fixtures/module.ts';
import { findPolicy, readCrFile, registerCrUndo } from '../fixtures/policy-steps.ts';
import { softStep } from '../fixtures/steps.ts';
import {
  detectConsoleOnlyNotifiers,
  detectGuideNamespace,
  detectIgnoredNamespace,
  detectStrictDecoding,
  resolveNotifierRefs,
} from '../src/diagnose/index.ts';
import { HarnessError } from '../src/errors.ts';
import { guideNamespaceOf, inNamespace } from '../src/module/central-namespace.ts';
import { waitForPolicyAcceptance } from '../src/module/policy-acceptance.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Configure Notifications', async ({
  config,
  mode,
  kube,
  kubeExtras,
  central,
  cleanup,
  evidence,
  recordFinding,
  recordHop,
}) => {
  test.setTimeout(scenarioBudgetMs('policy', config.alertTimeoutMs));
  const namespace = config.central.namespace;

  await softStep(`Filter through the policies to find ${POLICY_NAME}`, async () => {
    const policy = await findPolicy(central);
    if (!policy) {
      throw new HarnessError({
        code: 'POLICY_MISSING',
        what: `Finding the policy "${POLICY_NAME}"`,
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

  await softStep(
    `Run the following command if you have not created the policy: oc apply -n ${namespace} -f ${config.moduleCrFile}`,
    async () => {
      const moduleCr = await readCrFile(config.moduleCrFile);
      const f9 = detectGuideNamespace({
        guideNamespace: guideNamespaceOf(moduleCr),
        centralNamespace: namespace,
      });
      if (f9) recordFinding({ ...f9, severity: 'advisory' });
      try {
        // A server-side dry run with strict validation: what `oc apply` would say, changing nothing,
        // in Central's namespace (where the module's namespace is not Central's, F9 above says so).
        await kube.applySecurityPolicy(inNamespace(moduleCr, namespace), {
          namespace,
          dryRun: true,
          fieldManager: FIELD_MANAGER,
        });
      } catch (err) {
        const f1 = detectStrictDecoding(err);
        if (f1) {
          recordFinding(f1);
          throw new HarnessError({
            code: 'MODULE_CR_REJECTED',
            what: `Applying the module's SecurityPolicy (${config.moduleCrFile}) as the module says`,
            cause: f1.happened,
            fix: f1.fix,
            details: { finding: 'F1' },
          });
        }
        throw err;
      }
    },
  );

  const accepted =
    await test.step(`Apply the corrected CR with spec.notifiers [${SLACK_NOTIFIER}, ${TEAMS_NOTIFIER}] in ${namespace}: Central's policy becomes that spec`, async () => {
      const request = {
        namespace,
        name: CR_NAME,
        centralNamespace: namespace,
        timeoutMs: config.alertTimeoutMs,
      };
      if (mode === 'check') return waitForPolicyAcceptance({ kube, central }, request);
      const corrected = inNamespace(await readCrFile(CORRECTED_CR_FILE), namespace);
      await registerCrUndo({ config, kube, central, cleanup }, namespace, CR_NAME);
      const appliedAt = Date.now();
      const applied = await kube.applySecurityPolicy(corrected, { namespace, fieldManager: FIELD_MANAGER });
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
    await test.step('Go to Policy behavior - actions: slack-alerts and teams-alerts are attached', async () => {
      const found = await Promise.all([
        central.getPolicy(accepted.policyId),
        central.listNotifiers(),
        kube.getSecurityPolicy(namespace, CR_NAME),
      ]);
      const [p, all] = found;
      const wanted = resolveNotifierRefs([SLACK_NOTIFIER, TEAMS_NOTIFIER], all);
      expect(wanted.unresolved, 'both notifiers exist (scenarios 01 and 02 create them)').toEqual([]);
      expect(p.name).toBe(POLICY_NAME);
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
        recordFinding(f2);
        throw new HarnessError({
          code: 'CONSOLE_ONLY_NOTIFIERS',
          what: 'Checking the policy notifiers',
          cause: f2.happened,
          fix: f2.fix,
        });
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
});
