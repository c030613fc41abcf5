// A minimal in-memory ClusterState for Central's tests: deployments, namespaces, SecurityPolicy
// CRs with finalizers and status, and process events. Watch events are delivered asynchronously,
// as a real watch would.
import { randomUUID } from 'node:crypto';
import type {
  ClusterState,
  DeploymentView,
  KubeObject,
  NamespaceView,
  ProcessEvent,
  WatchEventType,
} from '../../mocks/contract.ts';

type PolicyListener = (type: WatchEventType, object: KubeObject) => void;
type ProcessListener = (event: ProcessEvent) => void;

export class FakeCluster implements ClusterState {
  readonly clusterName = 'Production';
  readonly clusterId = randomUUID();
  private readonly deployments = new Map<string, DeploymentView>();
  private readonly namespaces = new Map<string, NamespaceView>();
  private readonly policies = new Map<string, KubeObject>();
  private readonly policyListeners = new Set<PolicyListener>();
  private readonly processListeners = new Set<ProcessListener>();
  private resourceVersion = 1;
  private pid = 100;

  constructor() {
    for (const ns of ['payments', 'stackrox', 'default']) this.addNamespace(ns);
    this.addDeployment({
      uid: randomUUID(),
      name: 'visa-processor',
      namespace: 'payments',
      labels: { app: 'visa-processor' },
      annotations: {},
      containers: [
        { name: 'visa-processor', image: 'quay.io/rhacs-demo/visa-processor:latest-v2' },
        { name: 'visa-processor-sidecar', image: 'quay.io/rhacs-demo/visa-processor:sidecar-latest-v2' },
      ],
    });
  }

  addNamespace(name: string, annotations: Record<string, string> = {}): NamespaceView {
    const ns = { uid: randomUUID(), name, labels: { 'kubernetes.io/metadata.name': name }, annotations };
    this.namespaces.set(name, ns);
    return ns;
  }

  addDeployment(d: DeploymentView): void {
    this.deployments.set(`${d.namespace}/${d.name}`, d);
  }

  getDeployment(namespace: string, name: string): DeploymentView | undefined {
    return this.deployments.get(`${namespace}/${name}`);
  }

  hasDeployment(uid: string): boolean {
    return [...this.deployments.values()].some((d) => d.uid === uid);
  }

  getNamespace(name: string): NamespaceView | undefined {
    return this.namespaces.get(name);
  }

  listSecurityPolicies(): KubeObject[] {
    return [...this.policies.values()].map((o) => structuredClone(o));
  }

  getSecurityPolicy(namespace: string, name: string): KubeObject | undefined {
    const o = this.policies.get(`${namespace}/${name}`);
    return o ? structuredClone(o) : undefined;
  }

  private bump(o: KubeObject): void {
    o.metadata.resourceVersion = String(++this.resourceVersion);
  }

  private emit(type: WatchEventType, o: KubeObject): void {
    const copy = structuredClone(o);
    queueMicrotask(() => {
      for (const l of this.policyListeners) l(type, structuredClone(copy));
    });
  }

  /** kubectl apply: creates, or replaces the spec (generation bumps when the spec changes). */
  applySecurityPolicy(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
    const key = `${namespace}/${name}`;
    const existing = this.policies.get(key);
    if (existing) {
      if (JSON.stringify(existing.spec) !== JSON.stringify(spec)) {
        existing.spec = structuredClone(spec);
        existing.metadata.generation = (existing.metadata.generation ?? 1) + 1;
      }
      this.bump(existing);
      this.emit('MODIFIED', existing);
      return structuredClone(existing);
    }
    const o: KubeObject = {
      apiVersion: 'config.stackrox.io/v1alpha1',
      kind: 'SecurityPolicy',
      metadata: {
        name,
        namespace,
        uid: randomUUID(),
        resourceVersion: '0',
        generation: 1,
        creationTimestamp: new Date().toISOString(),
      },
      spec: structuredClone(spec),
    };
    this.bump(o);
    this.policies.set(key, o);
    this.emit('ADDED', o);
    return structuredClone(o);
  }

  deleteSecurityPolicy(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const o = this.policies.get(key);
    if (!o) return;
    if (o.metadata.finalizers && o.metadata.finalizers.length > 0) {
      o.metadata.deletionTimestamp ??= new Date().toISOString();
      this.bump(o);
      this.emit('MODIFIED', o);
      return;
    }
    this.policies.delete(key);
    this.emit('DELETED', o);
  }

  setSecurityPolicyStatus(namespace: string, name: string, status: Record<string, unknown>): void {
    const o = this.policies.get(`${namespace}/${name}`);
    if (!o) return;
    o.status = structuredClone(status);
    this.bump(o);
    this.emit('MODIFIED', o);
  }

  addSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void {
    const o = this.policies.get(`${namespace}/${name}`);
    if (!o || o.metadata.finalizers?.includes(finalizer)) return;
    o.metadata.finalizers = [...(o.metadata.finalizers ?? []), finalizer];
    this.bump(o);
    this.emit('MODIFIED', o);
  }

  removeSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void {
    const key = `${namespace}/${name}`;
    const o = this.policies.get(key);
    if (!o) return;
    o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.bump(o);
    if (o.metadata.deletionTimestamp && o.metadata.finalizers.length === 0) {
      this.policies.delete(key);
      this.emit('DELETED', o);
    } else {
      this.emit('MODIFIED', o);
    }
  }

  onSecurityPolicyEvent(listener: PolicyListener): () => void {
    this.policyListeners.add(listener);
    return () => this.policyListeners.delete(listener);
  }

  onDeploymentChange(): () => void {
    return () => {};
  }

  onProcessEvent(listener: ProcessListener): () => void {
    this.processListeners.add(listener);
    return () => this.processListeners.delete(listener);
  }

  /** What collector reports when a container of the deployment runs a binary. */
  exec(options: {
    execFilePath: string;
    args?: string;
    namespace?: string;
    deployment?: string;
    uid?: number;
    containerId?: string;
  }): ProcessEvent {
    const namespace = options.namespace ?? 'payments';
    const deploymentName = options.deployment ?? 'visa-processor';
    const d = this.getDeployment(namespace, deploymentName);
    const event: ProcessEvent = {
      time: new Date().toISOString(),
      clusterId: this.clusterId,
      namespace,
      deploymentName,
      deploymentUid: d?.uid ?? randomUUID(),
      podName: `${deploymentName}-9bfcf46f7-cwtjb`,
      podUid: 'b0f3d7a2-5c1e-4f7e-9d7a-0c3f5e2d1a90',
      containerName: d?.containers[0]?.name ?? deploymentName,
      containerId: options.containerId ?? '4c8a1f2b3d5e',
      containerStartTime: '2026-11-27T10:00:00Z',
      imageId: 'sha256:0123456789abcdef',
      execFilePath: options.execFilePath,
      name: options.execFilePath.split('/').at(-1) ?? '',
      args: options.args ?? '',
      uid: options.uid ?? 1000,
      gid: 1000,
      pid: ++this.pid,
      parentExecFilePath: '/usr/bin/runc',
    };
    for (const l of this.processListeners) l(structuredClone(event));
    return event;
  }
}
