// How the embedded lab's parts talk to each other inside one process. The Kubernetes API owns the
// cluster's objects; Central reads them through ClusterState, as its sensor and config-controller
// read a real cluster. Receivers are reached only over HTTP, like the real Slack and Teams.

/** What collector reports for each binary a container executes (before sensor dedup). */
export interface ProcessEvent {
  /** RFC 3339 with milliseconds, when the binary was executed. */
  time: string;
  clusterId: string;
  namespace: string;
  deploymentName: string;
  deploymentUid: string;
  podName: string;
  podUid: string;
  containerName: string;
  /** Changes whenever the container is replaced (a new pod after a rollout restart). */
  containerId: string;
  containerStartTime: string;
  imageId: string;
  execFilePath: string;
  /** The basename of execFilePath, e.g. "bash". */
  name: string;
  /** The arguments after argv[0], joined with single spaces ("" when none). */
  args: string;
  uid: number;
  gid: number;
  pid: number;
  parentExecFilePath: string;
}

export interface ContainerView {
  name: string;
  image: string;
  /** The literal `env` values of the pod template (valueFrom entries are left out). */
  env?: Record<string, string>;
}

export interface DeploymentView {
  uid: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containers: ContainerView[];
  /** Changes when the pod template changes (a rollout, so new pods and restarted processes). */
  templateHash?: string;
}

export interface NamespaceView {
  uid: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A Kubernetes object as stored by the lab's API server (plain JSON). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid: string;
    resourceVersion: string;
    generation?: number;
    creationTimestamp: string;
    deletionTimestamp?: string;
    finalizers?: string[];
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Central's view of the secured cluster, implemented by the lab's Kubernetes API. */
export interface ClusterState {
  readonly clusterName: string;
  readonly clusterId: string;
  getDeployment(namespace: string, name: string): DeploymentView | undefined;
  /** Whether a Deployment with this uid exists (Central's deployment id is the uid: stackrox pkg/protoconv/resources/resources.go). */
  hasDeployment(uid: string): boolean;
  getNamespace(name: string): NamespaceView | undefined;
  /** Every SecurityPolicy in every namespace, including ones being deleted. */
  listSecurityPolicies(): KubeObject[];
  getSecurityPolicy(namespace: string, name: string): KubeObject | undefined;
  /** Writes the status subresource (bumps resourceVersion, not generation). */
  setSecurityPolicyStatus(namespace: string, name: string, status: Record<string, unknown>): void;
  addSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void;
  /** Removing the last finalizer of an object with a deletionTimestamp completes its deletion. */
  removeSecurityPolicyFinalizer(namespace: string, name: string, finalizer: string): void;
  onSecurityPolicyEvent(listener: (type: WatchEventType, object: KubeObject) => void): () => void;
  onProcessEvent(listener: (event: ProcessEvent) => void): () => void;
  /** A Deployment was added or changed (e.g. a rollout restart of stackrox/config-controller). */
  onDeploymentChange(listener: (namespace: string, name: string) => void): () => void;
  /**
   * Cluster DNS as seen from inside the cluster: `http://<svc>.<ns>.svc[.cluster.local]:<port>/...`
   * becomes an address the lab's process can reach (a ready pod's loopback port); other URLs come
   * back unchanged. Optional so older ClusterState fakes stay valid.
   */
  resolveServiceUrl?(url: string): string;
}

/** What the shell tells the API server each time it "executes" a binary. */
export interface ExecutedBinary {
  execFilePath: string;
  args: string;
  uid: number;
  gid: number;
  parentExecFilePath: string;
}

/** What the API server hands the exec WebSocket once auth, pod and container checks passed. */
export interface ExecSession {
  podName: string;
  namespace: string;
  containerName: string;
  hostname: string;
  user: { name: string; uid: number; gid: number; home: string };
  workingDir: string;
  env: Record<string, string>;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  /** Called for every binary the emulated shell runs, in order. */
  onExec(binary: ExecutedBinary): void;
}

export const CRD_GROUP = 'config.stackrox.io';
export const CRD_VERSION = 'v1alpha1';
export const CRD_PLURAL = 'securitypolicies';
/** Central's namespace unless the lab is told otherwise (`--central-namespace`); Sensor's always. */
export const DEFAULT_CENTRAL_NAMESPACE = 'stackrox';
export const POLICY_FINALIZER = 'securitypolicies.config.stackrox.io/finalizer';
