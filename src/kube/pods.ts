import type { V1Pod } from '@kubernetes/client-node';
import { HarnessError } from '../errors.ts';
import { type KubeContext, requestOptions } from './context.ts';
import { apiError, commonKubeError } from './failures.ts';
import { apiFailure } from './status.ts';

export interface FoundPod {
  name: string;
  /** Container names in spec order; the first is what `oc exec` without -c uses. */
  containers: string[];
  uid: string;
}

/** How the module's workload gets there, and which settings moved the harness elsewhere. */
function deployHint(namespace: string, selector: string): string {
  const moved =
    namespace === 'payments' && selector === 'app=visa-processor'
      ? ''
      : ` (POD_NAMESPACE / POD_SELECTOR made the harness look for ${selector} in namespace ${namespace})`;
  return `the module expects Deployment visa-processor (label app=visa-processor) in namespace payments, deployed with the workshop's demo applications in an earlier module; deploy them, or set POD_NAMESPACE / POD_SELECTOR to where it runs${moved}, then wait for \`oc get pods -n payments -l app=visa-processor\` to show Running`;
}

/** The running pod `oc get pod -n <ns> -l <selector> -o jsonpath={.items[0]...}` would pick. */
export async function findPod(ctx: KubeContext, namespace: string, selector: string): Promise<FoundPod> {
  const what = `Finding a pod with ${selector} in namespace ${namespace}`;
  let pods: V1Pod[];
  try {
    const list = await ctx.core.listNamespacedPod(
      { namespace, labelSelector: selector },
      requestOptions(ctx.requestTimeoutMs),
    );
    pods = list.items;
  } catch (e) {
    throw (
      commonKubeError(e, what, ctx.server, `list pods in ${namespace}`) ??
      apiError(e, what, deployHint(namespace, selector))
    );
  }

  if (pods.length === 0) {
    const nsExists = await namespaceExists(ctx, namespace);
    if (nsExists === false) {
      throw new HarnessError({
        code: 'NAMESPACE_NOT_FOUND',
        what,
        cause: `namespace ${namespace} does not exist on ${ctx.server}`,
        fix: deployHint(namespace, selector),
        details: { namespace, selector },
      });
    }
    throw new HarnessError({
      code: 'POD_NOT_FOUND',
      what,
      cause: `no pod in ${namespace} matches ${selector} (the namespace exists)`,
      fix: deployHint(namespace, selector),
      details: { namespace, selector },
    });
  }

  const running = pods.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
  const chosen = running[0];
  if (!chosen) {
    const phases = pods.map((p) => `${p.metadata?.name ?? '?'}=${p.status?.phase ?? 'Unknown'}`).join(', ');
    throw new HarnessError({
      code: 'POD_NOT_RUNNING',
      what,
      cause: `pods match ${selector} but none is Running (${phases})`,
      fix: `wait for the rollout (\`oc rollout status deploy/visa-processor -n ${namespace}\`) and check \`oc describe pod\` for image pull or scheduling problems`,
      details: { namespace, selector, phases },
    });
  }
  return {
    name: chosen.metadata?.name ?? '',
    containers: (chosen.spec?.containers ?? []).map((c) => c.name),
    uid: chosen.metadata?.uid ?? '',
  };
}

/** true/false when the API server says so; undefined when the user may not read namespaces. */
async function namespaceExists(ctx: KubeContext, name: string): Promise<boolean | undefined> {
  try {
    await ctx.core.readNamespace({ name }, requestOptions(ctx.requestTimeoutMs));
    return true;
  } catch (e) {
    const code = apiFailure(e).httpCode;
    if (code === 404) return false;
    return undefined;
  }
}
