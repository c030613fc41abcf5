import type { KubeConfig } from '@kubernetes/client-node';
import { configControllerNamespaces } from './config-controller.ts';
import { type ContainerEnvRead, readContainerEnv } from './container-env.ts';
import type { KubeContext } from './context.ts';
import { centralDeploymentId } from './deployment-id.ts';
import {
  type ExecInteractiveOptions,
  type ExecResult,
  type ExecScriptOptions,
  execInteractive,
  execScript,
  type InteractiveResult,
} from './exec.ts';
import { type FoundPod, findPod } from './pods.ts';
import {
  type ApplyOptions,
  type ApplyResult,
  applySecurityPolicy,
  deleteSecurityPolicy,
  getSecurityPolicy,
  releaseSecurityPolicy,
  type SecurityPolicyObject,
} from './security-policy.ts';

/** The harness's view of one Kubernetes API server (real cluster or embedded lab alike). */
export class KubeClient {
  readonly #ctx: KubeContext;

  constructor(ctx: KubeContext) {
    this.#ctx = ctx;
  }

  /** API server URL of the current context. */
  get server(): string {
    return this.#ctx.server;
  }

  get contextName(): string {
    return this.#ctx.contextName;
  }

  get kubeConfig(): KubeConfig {
    return this.#ctx.kc;
  }

  findPod(namespace: string, selector: string): Promise<FoundPod> {
    return findPod(this.#ctx, namespace, selector);
  }

  /** Central's id of the Deployment (its Kubernetes uid); see deployment-id.ts. */
  centralDeploymentId(namespace: string, name: string): Promise<string> {
    return centralDeploymentId(this.#ctx, namespace, name);
  }

  execScript(
    namespace: string,
    pod: string,
    container: string | undefined,
    argv: string[],
    opts: ExecScriptOptions,
  ): Promise<ExecResult> {
    return execScript(this.#ctx, namespace, pod, container, argv, opts);
  }

  execInteractive(namespace: string, pod: string, opts: ExecInteractiveOptions): Promise<InteractiveResult> {
    return execInteractive(this.#ctx, namespace, pod, opts);
  }

  applySecurityPolicy(obj: unknown, opts: ApplyOptions): Promise<ApplyResult> {
    return applySecurityPolicy(this.#ctx, obj, opts);
  }

  getSecurityPolicy(namespace: string, name: string): Promise<SecurityPolicyObject | undefined> {
    return getSecurityPolicy(this.#ctx, namespace, name);
  }

  /** A Deployment container's literal env; never throws (an unreadable Deployment says why). */
  readContainerEnv(namespace: string, deployment: string, container: string): Promise<ContainerEnvRead> {
    return readContainerEnv(this.#ctx, namespace, deployment, container);
  }

  /** Where a Deployment config-controller runs (undefined: not listable); see config-controller.ts. */
  configControllerNamespaces(): Promise<string[] | undefined> {
    return configControllerNamespaces(this.#ctx);
  }

  deleteSecurityPolicy(namespace: string, name: string): Promise<boolean> {
    return deleteSecurityPolicy(this.#ctx, namespace, name);
  }

  /** Deletes the CR, keeping its Central policy (and its id); false when it did not exist. */
  releaseSecurityPolicy(namespace: string, name: string): Promise<boolean> {
    return releaseSecurityPolicy(this.#ctx, namespace, name);
  }
}
