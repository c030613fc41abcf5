import type { CentralClient } from '../central/index.ts';
import type { ModuleNames } from '../check/state.ts';
import type { HarnessConfig } from '../config.ts';
import type { KubeClient } from '../kube/index.ts';
import type { ModuleModel } from '../module/model.ts';

export type SolveLog = (step: string, text: string) => void;

/** What every solve step works with; `notifierIds` carries the integrations made so far to the policy. */
export interface SolveContext {
  cfg: HarnessConfig;
  env: NodeJS.ProcessEnv;
  central: CentralClient;
  kube: KubeClient;
  model: ModuleModel;
  names: ModuleNames;
  log: SolveLog;
  warn: SolveLog;
  notifierIds: Map<string, string>;
}
