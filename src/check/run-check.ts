// `check` end to end: connect, read, judge. Connection and configuration problems are thrown as
// HarnessErrors (the CLI prints them and exits 2); everything else is a goal result.

import type { CentralClient } from '../central/index.ts';
import { connectCentral } from '../central/index.ts';
import { loadReadbackConfig, type ReadbackConfig } from '../channels/readback-config.ts';
import type { HarnessConfig } from '../config.ts';
import { connectKube, type KubeClient } from '../kube/index.ts';
import { moduleOfConfig } from '../module/model.ts';
import { type CollectOptions, collectState } from './collect.ts';
import { evaluateGoals } from './evaluate.ts';
import type { GoalResult } from './goal.ts';
import { type CheckState, type ModuleNames, namesOf } from './state.ts';

/** The module's names from the model (the guide, or the built-in copy). */
export function namesFromConfig(cfg: HarnessConfig): ModuleNames {
  return namesOf(moduleOfConfig(cfg), cfg.central.namespace);
}

/** How check reads a target from its settings: the one place for `check` and for verify's goals. */
export function collectOptionsOf(
  cfg: HarnessConfig,
  clients: { central: CentralClient; kube: KubeClient },
  names: ModuleNames,
  readback: ReadbackConfig = cfg.readback,
): CollectOptions {
  return {
    ...clients,
    readback,
    proxy: cfg.proxy,
    names,
    secrets: cfg.secrets,
    ...(cfg.genericWebhookReadUrl !== undefined ? { genericReadUrl: cfg.genericWebhookReadUrl } : {}),
    ...(cfg.labInboxUrl !== undefined ? { labInboxUrl: cfg.labInboxUrl } : {}),
  };
}

export interface RunCheckOptions {
  sendTest?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface CheckRun {
  state: CheckState;
  results: GoalResult[];
  /** Every secret seen (settings and read-back), for redact(). */
  secrets: string[];
}

export async function runCheck(cfg: HarnessConfig, opts: RunCheckOptions = {}): Promise<CheckRun> {
  const readback = loadReadbackConfig(opts.env ?? process.env);
  let central: CentralClient | undefined;
  let kube: KubeClient | undefined;
  try {
    central = await connectCentral(cfg);
    kube = await connectKube(cfg);
    const state = await collectState({
      ...collectOptionsOf(cfg, { central, kube }, namesFromConfig(cfg), readback),
      ...(opts.sendTest ? { sendTest: true } : {}),
    });
    return { state, results: evaluateGoals(state), secrets: [...cfg.secrets, ...readback.secrets] };
  } finally {
    central?.close();
  }
}
