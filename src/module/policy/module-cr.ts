// "Run the following command if you have not created the policy": the module's CR as the text has
// it. A guide's block runs verbatim (it applies for real, so only in verify mode, with an undo
// first); otherwise a server-side dry run with strict validation says what `oc apply` would,
// changing nothing. Then the CR, corrected where the API server refused it, in Central's namespace.

import { detectGuideNamespace, detectStrictDecoding, strictDecodingFields } from '../../diagnose/index.ts';
import { GUIDE_CR_NAMESPACE } from '../central-namespace.ts';
import { correctCr, dryRunApply } from '../corrected-cr.ts';
import { type CrMarks, registerCrUndo, withMarks } from '../cr-undo.ts';
import {
  blockEvidence,
  blockFailure,
  clientText,
  findShellClient,
  runExecuteBlock,
} from '../guide/run-block.ts';
import { crFieldAt, FIELD_MANAGER } from '../model.ts';
import { type AcceptedPolicy, waitForPolicyAcceptance } from '../policy-acceptance.ts';
import type { ChangingStepDeps, StepDeps } from '../step-deps.ts';
import { failWith } from '../step-sink.ts';
import { EXEC_TIMEOUT_MS } from '../time-budget.ts';

/** What applying the text's CR left for the corrected apply. */
export interface AsWritten {
  /** The fields the API server refused: the corrected CR leaves them out. */
  unknownFields: string[];
  /** The undo registered before the guide's block ran, and the marks the run's CR carries. */
  undo?: { namespace: string; marks: CrMarks };
}

export interface CrPlan {
  title: string;
  /** What the run found, filled in even when it fails (the refused fields are what it fails on). */
  readonly outcome: AsWritten;
  run(deps: ChangingStepDeps): Promise<void>;
}

export function planModuleCr(deps: Pick<StepDeps, 'module' | 'mode' | 'config'>): CrPlan {
  const { module, mode, config } = deps;
  const namespace = config.central.namespace;
  const block = mode === 'verify' ? module.blocks.cr : undefined;
  const shell = block && findShellClient();
  const how = module.blocks.cr
    ? clientText(shell, mode === 'check' ? 'check mode runs nothing that changes the cluster' : undefined)
    : 'as a server-side dry run';
  const result: AsWritten = { unknownFields: [] };
  return {
    title: `Run the following command if you have not created the policy: ${module.cr.applyCommand} (${module.cr.at}), ${how}`,
    outcome: result,
    run: async ({ kube, central, cleanup, sink }) => {
      const f9 = detectGuideNamespace({
        guideNamespace: module.cr.namespace ?? GUIDE_CR_NAMESPACE,
        centralNamespace: namespace,
      });
      if (f9) sink.finding({ ...f9, severity: 'advisory' });
      let refusal: unknown;
      if (block && shell) {
        const textNamespace = module.cr.namespace ?? namespace;
        // The verbatim CR carries no marks; the corrected apply right after adds them.
        const marks = await registerCrUndo(
          { kube, central, cleanup, runId: config.runId },
          { namespace: textNamespace, name: module.cr.name, policyName: module.policy.name },
        );
        result.undo = { namespace: textNamespace, marks };
        const run = await runExecuteBlock(block.body, {
          client: shell,
          kubeconfig: kube.kubeConfig.exportConfig(),
          timeoutMs: EXEC_TIMEOUT_MS,
        });
        sink.evidence('guideCrBlock', blockEvidence(run, config.secrets));
        refusal = blockFailure(block, run, how, { timeoutMs: EXEC_TIMEOUT_MS, secrets: config.secrets });
      } else {
        refusal = (await dryRunApply(kube, module.cr.object, { namespace, fieldManager: FIELD_MANAGER }))
          .error;
      }
      if (refusal === undefined) return;
      result.unknownFields = strictDecodingFields(refusal);
      const f1 = detectStrictDecoding(refusal);
      if (f1) {
        const located = result.unknownFields.map((f) => `${f} at ${crFieldAt(module, f) ?? module.cr.at}`);
        throw failWith(
          sink,
          { ...f1, happened: `${f1.happened} (${located.join(', ')})` },
          {
            code: 'MODULE_CR_REJECTED',
            what: `Applying the module's SecurityPolicy (${module.cr.at}) as the module says`,
          },
        );
      }
      throw refusal;
    },
  };
}

export interface CorrectedPlan {
  title: string;
  run(deps: ChangingStepDeps): Promise<AcceptedPolicy>;
}

/** The module's CR, corrected (F1, F9, and spec.notifiers: F2), applied in Central's namespace. */
export function planCorrectedCr(
  deps: Pick<StepDeps, 'module' | 'mode' | 'config'>,
  asWritten: AsWritten,
  notifiers: readonly string[],
): CorrectedPlan {
  const { module, mode, config } = deps;
  const namespace = config.central.namespace;
  const corrected = correctCr(module.cr.object, {
    unknownFields: asWritten.unknownFields,
    namespace,
    ...(module.cr.namespace === undefined ? {} : { appliedIn: module.cr.namespace }),
    notifiers,
  });
  const changes = corrected.changes.length > 0 ? ` corrected (${corrected.changes.join('; ')})` : '';
  return {
    title: `Apply the module's CR${changes} in ${namespace}: Central's policy becomes that spec`,
    run: async ({ kube, central, cleanup, sink }) => {
      const name = module.cr.name;
      const request = { namespace, name, centralNamespace: namespace, timeoutMs: config.alertTimeoutMs };
      const accepted =
        mode === 'check' ? await waitForPolicyAcceptance({ kube, central }, request) : await apply();
      sink.evidence('policyId', accepted.policyId);
      return accepted;

      async function apply(): Promise<AcceptedPolicy> {
        const marks =
          asWritten.undo?.namespace === namespace
            ? asWritten.undo.marks
            : await registerCrUndo(
                { kube, central, cleanup, runId: config.runId },
                { namespace, name, policyName: module.policy.name },
              );
        const appliedAt = Date.now();
        const applied = await kube.applySecurityPolicy(withMarks(corrected.object, marks), {
          namespace,
          fieldManager: FIELD_MANAGER,
        });
        sink.evidence('crApply', { operation: applied.operation, warnings: applied.warnings });
        const result = await waitForPolicyAcceptance(
          { kube, central },
          { ...request, spec: applied.object.spec, appliedAt },
        );
        sink.hop('CR accepted by Central', Date.now() - appliedAt);
        return result;
      }
    },
  };
}
