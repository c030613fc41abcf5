import type { CentralClient } from '../central/index.ts';
import type { HarnessConfig } from '../config.ts';
import type { KubeClient } from '../kube/index.ts';
import type { KubeExtras } from '../kube/kube-extras.ts';
import type { ModuleModel } from './model.ts';
import type { StepSink } from './step-sink.ts';
import type { HarnessMode, UndoRegistrar } from './undo-registrar.ts';

/** What a module step's code works with: the run's settings, the model, the clients, the sink. */
export interface StepDeps {
  config: HarnessConfig;
  module: ModuleModel;
  mode: HarnessMode;
  central: CentralClient;
  kube: KubeClient;
  kubeExtras: KubeExtras;
  sink: StepSink;
}

/** A step that changes the cluster also says what it created or changed, to be undone. */
export interface ChangingStepDeps extends StepDeps {
  cleanup: UndoRegistrar;
}
