import type { CentralClient } from '../../central/index.ts';
import type { HarnessConfig } from '../../config.ts';
import type { KubeClient } from '../../kube/index.ts';
import type { KubeExtras } from '../../kube/kube-extras.ts';
import type { ModuleModel } from '../model.ts';
import type { StepSink } from '../step-sink.ts';
import type { HarnessMode } from '../undo-registrar.ts';

/** What the runtime step's parts work with. */
export interface RuntimeDeps {
  config: HarnessConfig;
  module: ModuleModel;
  mode: HarnessMode;
  central: CentralClient;
  kube: KubeClient;
  kubeExtras: KubeExtras;
  sink: StepSink;
}

/** The pod the shell opens in, and the alert's target. */
export interface ShellTarget {
  policy: string;
  namespace: string;
  selector: string;
  deployment: string;
  pod: string;
  container: string;
}
