// Central's id of a Deployment is the Kubernetes object's uid: Sensor copies metadata.uid into the
// deployment it reports (stackrox pkg/protoconv/resources/resources.go newWrap: Id = GetUID()).
import { AppsV1Api } from '@kubernetes/client-node';
import { type KubeContext, requestOptions } from './context.ts';
import { apiError, commonKubeError } from './failures.ts';

export async function centralDeploymentId(
  ctx: KubeContext,
  namespace: string,
  name: string,
): Promise<string> {
  const what = `Reading Deployment ${namespace}/${name} for its id in Central`;
  try {
    const d = await ctx.kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name, namespace }, requestOptions(ctx.requestTimeoutMs));
    return d.metadata?.uid ?? '';
  } catch (e) {
    throw (
      commonKubeError(e, what, ctx.server, `get deployments in ${namespace}`) ??
      apiError(
        e,
        what,
        `the module expects Deployment ${name} in namespace ${namespace}: deploy the workshop's demo applications (\`oc get deploy -n ${namespace}\`)`,
      )
    );
  }
}
