// `check` end to end: connect, read, judge. Connection and configuration problems are thrown as
// HarnessErrors (the CLI prints them and exits 2); everything else is a goal result.

import type { CentralClient } from '../central/index.ts';
import { connectCentral } from '../central/index.ts';
import { loadReadbackConfig } from '../channels/readback-config.ts';
import type { HarnessConfig } from '../config.ts';
import { connectKube, type KubeClient } from '../kube/index.ts';
import { moduleOfConfig } from '../module/model.ts';
import { collectState } from './collect.ts';
import { evaluateGoals } from './evaluate.ts';
import type { GoalResult } from './goal.ts';
import { type CheckState, type ModuleNames, namesOf } from './state.ts';

/** The module's names from the model (the guide, or the built-in copy). */
export function namesFromConfig(cfg: HarnessConfig): ModuleNames {
  return namesOf(moduleOfConfig(cfg), cfg.central.namespace);
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
      central,
      kube,
      readback,
      proxy: cfg.proxy,
      names: namesFromConfig(cfg),
      ...(cfg.genericWebhookReadUrl !== undefined ? { genericReadUrl: cfg.genericWebhookReadUrl } : {}),
      secrets: cfg.secrets,
      ...(cfg.labInboxUrl !== undefined ? { labInboxUrl: cfg.labInboxUrl } : {}),
      ...(opts.sendTest ? { sendTest: true } : {}),
    });
    return { state, results: evaluateGoals(state), secrets: [...cfg.secrets, ...readback.secrets] };
  } finally {
    central?.close();
  }
}
