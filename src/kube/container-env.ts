// The literal env of one container in a Deployment's pod template (what `oc set env --list` shows).
import { AppsV1Api } from '@kubernetes/client-node';
import { type KubeContext, requestOptions } from './context.ts';
import { apiFailure } from './status.ts';

export type ContainerEnvRead =
  | { env: Record<string, string> }
  /** The Deployment or container could not be read; `reason` says why (HTTP status and message). */
  | { unreadable: string };

export async function readContainerEnv(
  ctx: KubeContext,
  namespace: string,
  deployment: string,
  container: string,
): Promise<ContainerEnvRead> {
  try {
    const d = await ctx.kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: deployment, namespace }, requestOptions(ctx.requestTimeoutMs));
    const c = d.spec?.template.spec?.containers.find((x) => x.name === container);
    if (!c) return { unreadable: `it has no container ${container}` };
    const env: Record<string, string> = {};
    // valueFrom entries (ConfigMap, Secret) are not resolved: the harness reads no Secrets.
    for (const e of c.env ?? []) if (typeof e.value === 'string') env[e.name] = e.value;
    return { env };
  } catch (e) {
    const f = apiFailure(e);
    return { unreadable: f.httpCode ? `HTTP ${f.httpCode}: ${f.message}` : f.message };
  }
}
