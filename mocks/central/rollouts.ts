// A Deployment's rollout, as a process inside the lab's Central sees it: a new pod template
// replaces the pods, so the component restarts (Sensor's in-memory filter, the config-controller's
// workqueue and caches start empty).
import type { ClusterState, DeploymentView } from '../contract.ts';

/** Calls `restarted` with the new view each time the Deployment's pod template changes. */
export function onRollout(
  cluster: ClusterState,
  namespace: string,
  name: string,
  restarted: (deployment: DeploymentView | undefined) => void,
): () => void {
  let template = cluster.getDeployment(namespace, name)?.templateHash;
  return cluster.onDeploymentChange((ns, n) => {
    if (ns !== namespace || n !== name) return;
    const deployment = cluster.getDeployment(namespace, name);
    if (deployment?.templateHash === template) return;
    template = deployment?.templateHash;
    restarted(deployment);
  });
}
