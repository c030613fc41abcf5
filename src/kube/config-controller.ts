// Where Central's config-controller runs: the namespace it reconciles SecurityPolicies in, and only
// that one (stackrox config-controller/main.go, cache DefaultNamespaces = POD_NAMESPACE, which the
// Helm chart and the operator set from the pod's own namespace: Central's).
import { AppsV1Api } from '@kubernetes/client-node';
import type { KubeContext } from './context.ts';

/** The Deployment's name in Central's Helm chart and the operator (02-config-controller-02-deployment.yaml). */
export const CONFIG_CONTROLLER_DEPLOYMENT = 'config-controller';

/**
 * The namespaces holding a Deployment named config-controller (one list call across namespaces);
 * undefined when they cannot be listed (RBAC, or Central on another cluster): then nothing is known.
 */
export async function configControllerNamespaces(ctx: KubeContext): Promise<string[] | undefined> {
  try {
    const list = await ctx.kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces({
      fieldSelector: `metadata.name=${CONFIG_CONTROLLER_DEPLOYMENT}`,
    });
    return [...new Set(list.items.map((d) => d.metadata?.namespace ?? '').filter((ns) => ns !== ''))];
  } catch {
    return undefined;
  }
}
