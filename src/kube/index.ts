export { KubeClient } from './client.ts';
export { type ConnectKubeOptions, connectKube, loadKubeConfig } from './connect.ts';
export type { ContainerEnvRead } from './container-env.ts';
export type { ExecInteractiveOptions, ExecResult, ExecScriptOptions, InteractiveResult } from './exec.ts';
export { exitCodeOf } from './exec.ts';
export type { FoundPod } from './pods.ts';
export type {
  ApplyOptions,
  ApplyResult,
  SecurityPolicyObject,
} from './security-policy.ts';
export { SP_GROUP, SP_KIND, SP_PLURAL, SP_VERSION } from './security-policy.ts';
