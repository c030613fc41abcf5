// ClusterState (mocks/contract.ts) over the API server's store: how the lab's Central sees the cluster.
import type {
  ClusterState,
  DeploymentView,
  KubeObject,
  NamespaceView,
  ProcessEvent,
  WatchEventType,
} from '../contract.ts';
import { podTemplateHash } from './ids.ts';
import { DEPLOYMENTS, NAMESPACES, SECURITY_POLICIES, storeKey } from './resources.ts';
import type { SecurityPolicies } from './securitypolicies.ts';
import type { ServiceEndpoints } from './service-proxy.ts';
import type { ObjectStore } from './store.ts';

export class StoreClusterState implements ClusterState {
  private readonly processListeners = new Set<(event: ProcessEvent) => void>();

  constructor(
    readonly clusterName: string,
    readonly clusterId: string,
    private readonly store: ObjectStore,
    private readonly policies: SecurityPolicies,
    private readonly endpoints?: ServiceEndpoints,
  ) {}

  resolveServiceUrl(url: string): string {
    return this.endpoints ? this.endpoints.resolveUrl(url) : url;
  }

  getDeployment(namespace: string, name: string): DeploymentView | undefined {
    const d = this.store.get(storeKey(DEPLOYMENTS), namespace, name);
    if (!d) return undefined;
    const template = (d.spec?.template ?? {}) as {
      spec?: { containers?: { name: string; image: string; env?: { name: string; value?: string }[] }[] };
    };
    return {
      uid: d.metadata.uid,
      name: d.metadata.name,
      namespace,
      labels: d.metadata.labels ?? {},
      annotations: d.metadata.annotations ?? {},
      containers: (template.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image,
        ...(c.env
          ? {
              env: Object.fromEntries(
                c.env.flatMap((e) => (typeof e.value === 'string' ? [[e.name, e.value]] : [])),
              ),
            }
          : {}),
      })),
      templateHash: podTemplateHash(template),
    };
  }

  hasDeployment(uid: string): boolean {
    return this.store.list(storeKey(DEPLOYMENTS)).some((d) => d.metadata.uid === uid);
  }

  getNamespace(name: string): NamespaceView | undefined {
    const ns = this.store.get(storeKey(NAMESPACES), '', name);
    if (!ns) return undefined;
    return {
      uid: ns.metadata.uid,
      name,
      labels: ns.metadata.labels ?? {},
      annotations: ns.metadata.annotations ?? {},
    };
  }

  listSecurityPolicies(): KubeObject[] {
    return this.store.list(storeKey(SECURITY_POLICIES));
  }

  getSecurityPolicy(namespace: string, name: string): KubeObject | undefined {
    return this.store.get(storeKey(SECURITY_POLICIES), namespace, name);
  }

  setSecurityPolicyStatus(namespace: string, name: string, status: Record<string, unknown>): void {
    this.policies.setStatus(namespace, name, status);
  }

  addSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void {
    this.policies.addFinalizer(namespace, name, finalizer);
  }

  removeSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void {
    this.policies.removeFinalizer(namespace, name, finalizer);
  }

  onSecurityPolicyEvent(listener: (type: WatchEventType, object: KubeObject) => void): () => void {
    const resource = storeKey(SECURITY_POLICIES);
    return this.store.subscribe((event) => {
      if (event.resource === resource) listener(event.type, event.object);
    });
  }

  onDeploymentChange(listener: (namespace: string, name: string) => void): () => void {
    const resource = storeKey(DEPLOYMENTS);
    return this.store.subscribe((event) => {
      if (event.resource === resource && event.type !== 'DELETED')
        listener(event.object.metadata.namespace ?? '', event.object.metadata.name);
    });
  }

  onProcessEvent(listener: (event: ProcessEvent) => void): () => void {
    this.processListeners.add(listener);
    return () => this.processListeners.delete(listener);
  }

  /** Delivers a process event to every listener; one listener's failure does not stop the others. */
  emitProcessEvent(event: ProcessEvent): void {
    for (const listener of [...this.processListeners]) {
      try {
        listener(structuredClone(event));
      } catch {
        // Listener errors belong to the listener.
      }
    }
  }
}
