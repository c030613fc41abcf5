// `solve`: the module's steps (src/module/steps.ts) done the way a student should, in the text's
// order, idempotently. Each step reports a line.

import { connectCentral } from '../central/index.ts';
import { namesOf } from '../check/state.ts';
import type { HarnessConfig } from '../config.ts';
import { connectKube } from '../kube/index.ts';
import { moduleOfConfig } from '../module/model.ts';
import { type ModuleStep, moduleSteps, type StepKind } from '../module/steps.ts';
import type { SolveContext, SolveLog } from './context.ts';
import { solveIntegration } from './integration-step.ts';
import { solvePolicy } from './policy-step.ts';
import { solveRuntime } from './runtime-step.ts';

export type { SolveLog } from './context.ts';

export interface SolveOptions {
  log: SolveLog;
  env?: NodeJS.ProcessEnv;
}

export interface SolveResult {
  alertId?: string;
  /** Things that did not go as the module expects; solve still completed its steps. */
  warnings: string[];
}

export async function runSolve(cfg: HarnessConfig, opts: SolveOptions): Promise<SolveResult> {
  const model = moduleOfConfig(cfg);
  const warnings: string[] = [];
  const central = await connectCentral(cfg);
  try {
    const kube = await connectKube(cfg);
    const ctx: SolveContext = {
      cfg,
      env: opts.env ?? process.env,
      central,
      kube,
      model,
      names: namesOf(model, cfg.central.namespace),
      log: opts.log,
      warn: (step, text) => {
        warnings.push(text);
        opts.log(step, `WARNING: ${text}`);
      },
      notifierIds: new Map(),
    };
    ctx.log(
      'connect',
      `Central ${central.endpoint} (RHACS ${central.version || 'unknown'}), Kubernetes ${kube.server}`,
    );
    let alertId: string | undefined;
    // Each kind of step's action; the step list gives the order.
    const actions: Record<StepKind, (step: ModuleStep) => Promise<void>> = {
      integration: (step) => solveIntegration(ctx, step.integration!),
      policy: () => solvePolicy(ctx),
      runtime: async () => {
        alertId = (await solveRuntime(ctx))?.id;
      },
    };
    for (const step of moduleSteps(model)) await actions[step.kind](step);
    return { ...(alertId === undefined ? {} : { alertId }), warnings };
  } finally {
    central.close();
  }
}
