// The workshop's workload (Deployment visa-processor in payments) and what the deployment and
// replicaset controllers would do with it: a ReplicaSet per pod-template hash, one Running pod.
import type { KubeObject } from '../contract.ts';
import { newUid, nowTimestamp, podTemplateHash, randomHex, randomSuffix, sha256Hex } from './ids.ts';
import { DEPLOYMENTS, NAMESPACES, PODS, REPLICASETS, storeKey } from './resources.ts';
import type { ObjectStore } from './store.ts';

const NS = storeKey(NAMESPACES);
const DEPLOY = storeKey(DEPLOYMENTS);
const RS = storeKey(REPLICASETS);
const POD = storeKey(PODS);

const REVISION = 'deployment.kubernetes.io/revision';
const NODE_NAME = 'worker-0.production.lab.local';

const DEMO_NAMESPACE = 'payments';
const DEMO_DEPLOYMENT = 'visa-processor';
const DEMO_IMAGE = 'quay.io/rhacs-demo/visa-processor:latest-v2';
const DEMO_SIDECAR_IMAGE = 'quay.io/rhacs-demo/visa-processor:sidecar-latest-v2';

/** Secured-cluster Sensor (the operator's image name); the lab's Sensor runs inside its Central. */
/**
 * Sensor's namespace: the secured cluster's, set by its own SecuredCluster resource or Helm release
 * and independent of Central's (a Central elsewhere is reached through centralEndpoint, stackrox
 * image/templates/helm/stackrox-secured-cluster/internal/defaults/30-base-config.yaml.htpl). The lab
 * keeps it in stackrox whatever Central's namespace is.
 */
const SENSOR_NAMESPACE = 'stackrox';
const SENSOR_IMAGE = 'registry.redhat.io/advanced-cluster-security/rhacs-main-rhel8';

/**
 * Images whose containers the lab emulates in-process (the exec shell, the lab's Sensor): always
 * Running and Ready.
 */
const EMULATED_IMAGES: ReadonlySet<string> = new Set([DEMO_IMAGE, DEMO_SIDECAR_IMAGE]);
export const isEmulatedImage = (image: string) =>
  EMULATED_IMAGES.has(image) || image.startsWith(`${SENSOR_IMAGE}:`);

/** The lab's Sensor Deployment: its env is where Sensor's process filter settings come from. */
export interface SensorSpec {
  /** e.g. "4.11.0", the image tag. */
  version: string;
  env: Record<string, string>;
}

/**
 * Decides a new pod's status before it is stored (the kubelet's part). Without one every pod is
 * Running and Ready at once, which is right only for the emulated images.
 */
export type PodAdmission = (pod: KubeObject) => KubeObject;

/** Who a process runs as inside each of the workshop's containers, and where. */
export interface ContainerProfile {
  /** name '' is a uid with no passwd entry in the image (runAsUser set to another uid). */
  user: { name: string; uid: number; gid: number; home: string };
  workingDir: string;
  env: Record<string, string>;
}

const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The profile of a container whose pod runs it as `runAsUser` (container, else pod securityContext),
 * as OpenShift's restricted SCCs do with an arbitrary UID: the image's passwd knows only its own
 * users, so another uid has no name, and its group is root (OpenShift's "Support arbitrary user ids" in its
 * image creation guidelines: the arbitrary user is always a member of the root group).
 */
export function containerProfileFor(
  pod: KubeObject,
  containerName: string,
  hostname: string,
): ContainerProfile {
  const profile = containerProfile(containerName, hostname);
  const spec = asRecord(pod.spec);
  const container = (Array.isArray(spec.containers) ? spec.containers : [])
    .map(asRecord)
    .find((c) => c.name === containerName);
  const runAs = asRecord(container?.securityContext).runAsUser ?? asRecord(spec.securityContext).runAsUser;
  if (typeof runAs !== 'number' || runAs === profile.user.uid) return profile;
  if (runAs === 0) return { ...profile, user: { name: 'root', uid: 0, gid: 0, home: '/root' } };
  return { ...profile, user: { name: '', uid: runAs, gid: 0, home: '/' } };
}

export function containerProfile(containerName: string, hostname: string): ContainerProfile {
  const service = {
    KUBERNETES_SERVICE_HOST: '172.30.0.1',
    KUBERNETES_SERVICE_PORT: '443',
    KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://172.30.0.1:443',
  };
  if (containerName === 'visa-processor') {
    return {
      user: { name: 'tomcat', uid: 1000, gid: 1000, home: '/home/tomcat' },
      workingDir: '/usr/local/tomcat',
      env: {
        HOSTNAME: hostname,
        PATH: `/usr/local/tomcat/bin:/opt/java/openjdk/bin:${SYSTEM_PATH}`,
        HOME: '/usr/local/tomcat',
        CATALINA_HOME: '/usr/local/tomcat',
        JAVA_HOME: '/opt/java/openjdk',
        JAVA_VERSION: 'jdk-17.0.13+11',
        TOMCAT_MAJOR: '9',
        TOMCAT_VERSION: '9.0.98',
        LANG: 'en_US.UTF-8',
        LANGUAGE: 'en_US:en',
        LC_ALL: 'en_US.UTF-8',
        ...service,
      },
    };
  }
  return {
    user: { name: 'root', uid: 0, gid: 0, home: '/root' },
    workingDir: '/',
    env: { HOSTNAME: hostname, PATH: SYSTEM_PATH, HOME: '/root', ...service },
  };
}

function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name,
      uid: newUid(),
      resourceVersion: '',
      creationTimestamp: nowTimestamp(),
      labels: { 'kubernetes.io/metadata.name': name, ...labels },
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function container(name: string, image: string, securityContext: Record<string, unknown>) {
  return {
    name,
    image,
    imagePullPolicy: 'Always',
    resources: {},
    securityContext,
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

/** A Deployment as the API server stores it after defaulting, with its pod template. */
function deploymentObject(d: {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  containers: Record<string, unknown>[];
  podSpec?: Record<string, unknown>;
  strategy: Record<string, unknown>;
}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: d.name,
      namespace: d.namespace,
      uid: newUid(),
      resourceVersion: '',
      generation: 1,
      creationTimestamp: nowTimestamp(),
      labels: { ...d.labels },
      annotations: { [REVISION]: '1' },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: d.labels.app } },
      template: {
        metadata: { labels: { ...d.labels } },
        spec: {
          containers: d.containers,
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
          ...d.podSpec,
        },
      },
      strategy: d.strategy,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: {},
  };
}

function visaProcessorDeployment(): KubeObject {
  return deploymentObject({
    name: DEMO_DEPLOYMENT,
    namespace: DEMO_NAMESPACE,
    labels: { app: DEMO_DEPLOYMENT, demo: 'roadshow' },
    containers: [
      {
        ...container('visa-processor', DEMO_IMAGE, { capabilities: { add: ['SYS_ADMIN'] } }),
        ports: [{ containerPort: 8080, protocol: 'TCP' }],
      },
      container('visa-processor-sidecar', DEMO_SIDECAR_IMAGE, { privileged: true }),
    ],
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
  });
}

/**
 * A StackRox component labelled as the operator labels it, in `namespace`: Central's components in
 * Central's namespace, the secured cluster's (Sensor) in its own (both the Helm release namespace:
 * stackrox-central-services templates/02-config-controller-02-deployment.yaml,
 * stackrox-secured-cluster-services templates/sensor.yaml.htpl).
 */
function stackroxDeployment(name: string, namespace: string, container: Record<string, unknown>): KubeObject {
  return deploymentObject({
    name,
    namespace,
    labels: { app: name, 'app.kubernetes.io/component': name, 'app.kubernetes.io/name': 'stackrox' },
    containers: [container],
    podSpec: { serviceAccountName: name },
    strategy: { type: 'Recreate' },
  });
}

/**
 * Central's config-controller (the lab runs it inside its Central); a rollout restarts it. Like the
 * Helm chart's, it learns its namespace, the only one it watches, from POD_NAMESPACE (fieldRef
 * metadata.namespace) and reaches Central at central.<namespace>.svc.
 */
function configControllerDeployment(version: string, namespace: string): KubeObject {
  return stackroxDeployment('config-controller', namespace, {
    ...container('manager', `${SENSOR_IMAGE}:${version}`, { readOnlyRootFilesystem: true }),
    command: ['/stackrox/config-controller'],
    env: [
      {
        name: 'POD_NAMESPACE',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
      },
      { name: 'ROX_CENTRAL_ENDPOINT', value: `central.${namespace}.svc:443` },
    ],
  });
}

function sensorDeployment(sensor: SensorSpec): KubeObject {
  const env = Object.entries(sensor.env).map(([name, value]) => ({ name, value }));
  return stackroxDeployment('sensor', SENSOR_NAMESPACE, {
    ...container('sensor', `${SENSOR_IMAGE}:${sensor.version}`, { readOnlyRootFilesystem: true }),
    env,
  });
}

function imageId(image: string): string {
  const repo = image.split(':')[0] ?? image;
  return `${repo}@sha256:${sha256Hex(image)}`;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function templateOf(deployment: KubeObject): Record<string, unknown> {
  return asRecord(deployment.spec?.template);
}

function templateContainers(template: Record<string, unknown>): Record<string, unknown>[] {
  const spec = asRecord(template.spec);
  return Array.isArray(spec.containers) ? (spec.containers as Record<string, unknown>[]) : [];
}

function podIp(): string {
  return `10.128.2.${10 + Math.floor(Math.random() * 240)}`;
}

function isPodReady(pod: KubeObject): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  const conditions = asRecord(pod.status).conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => asRecord(c).type === 'Ready' && asRecord(c).status === 'True')
  );
}

export class Workloads {
  constructor(
    private readonly store: ObjectStore,
    private readonly admitPod?: PodAdmission,
  ) {}

  /** Stores a new Deployment (already validated and defaulted) and rolls out its ReplicaSet and pods. */
  createDeployment(deployment: KubeObject): KubeObject {
    return this.reconcile(this.store.create(DEPLOY, deployment));
  }

  /** Deletes a Deployment with its ReplicaSets and pods (background propagation, done at once). */
  deleteDeployment(namespaceName: string, name: string): KubeObject | undefined {
    const removed = this.store.remove(DEPLOY, namespaceName, name);
    if (!removed) return undefined;
    for (const rs of this.store.list(RS, namespaceName)) {
      const owner = (rs.metadata.ownerReferences as { uid: string }[] | undefined)?.[0];
      if (owner?.uid !== removed.metadata.uid) continue;
      for (const pod of this.podsOf(rs)) this.store.remove(POD, namespaceName, pod.metadata.name);
      this.store.remove(RS, namespaceName, rs.metadata.name);
    }
    return removed;
  }

  /** Recomputes a Deployment's ready counts after one of its pods changed readiness. */
  refreshDeploymentStatus(namespaceName: string, name: string): void {
    const deployment = this.store.get(DEPLOY, namespaceName, name);
    if (!deployment) return;
    const before = JSON.stringify(deployment.status);
    deployment.status = this.deploymentStatus(deployment, this.currentReplicaSetName(deployment));
    if (JSON.stringify(deployment.status) !== before) this.store.update(DEPLOY, deployment);
  }

  seed(sensor?: SensorSpec, centralNamespace = SENSOR_NAMESPACE): void {
    for (const name of new Set([
      'default',
      'kube-system',
      SENSOR_NAMESPACE,
      centralNamespace,
      DEMO_NAMESPACE,
    ])) {
      this.store.create(NS, namespace(name));
    }
    const deployment = this.store.create(DEPLOY, visaProcessorDeployment());
    this.reconcile(deployment);
    if (sensor) {
      this.reconcile(this.store.create(DEPLOY, sensorDeployment(sensor)));
      this.reconcile(this.store.create(DEPLOY, configControllerDeployment(sensor.version, centralNamespace)));
    }
  }

  /** `kubectl rollout restart`: stamps the template and rolls out a new ReplicaSet and pod. */
  restartDeployment(namespaceName: string, name: string): KubeObject {
    const deployment = this.store.get(DEPLOY, namespaceName, name);
    if (!deployment) throw new Error(`deployments.apps "${name}" not found in ${namespaceName}`);
    const previous = structuredClone(deployment);
    const template = templateOf(deployment);
    const meta = asRecord(template.metadata);
    meta.annotations = {
      ...asRecord(meta.annotations),
      'kubectl.kubernetes.io/restartedAt': new Date().toISOString(),
    };
    template.metadata = meta;
    return this.applyDeploymentUpdate(previous, deployment);
  }

  /** Stores a changed Deployment (generation bumps on spec change) and reconciles its pods. */
  applyDeploymentUpdate(previous: KubeObject, next: KubeObject): KubeObject {
    const specChanged = JSON.stringify(previous.spec) !== JSON.stringify(next.spec);
    if (specChanged) next.metadata.generation = (previous.metadata.generation ?? 1) + 1;
    const stored = this.store.update(DEPLOY, next);
    return this.reconcile(stored);
  }

  /** Replaces a deleted pod with a new one from the same ReplicaSet, as the RS controller does. */
  replacePod(pod: KubeObject): void {
    const owner = (pod.metadata.ownerReferences as { name: string }[] | undefined)?.[0];
    if (!owner) return;
    const rs = this.store.get(RS, pod.metadata.namespace ?? '', owner.name);
    if (rs && Number(rs.spec?.replicas ?? 0) > 0) this.createPod(rs);
  }

  /** The Deployment owning a pod (through its ReplicaSet). */
  deploymentOfPod(pod: KubeObject): KubeObject | undefined {
    const owner = (pod.metadata.ownerReferences as { name: string }[] | undefined)?.[0];
    if (!owner) return undefined;
    const ns = pod.metadata.namespace ?? '';
    const rs = this.store.get(RS, ns, owner.name);
    const rsOwner = (rs?.metadata.ownerReferences as { name: string }[] | undefined)?.[0];
    return rsOwner ? this.store.get(DEPLOY, ns, rsOwner.name) : undefined;
  }

  private reconcile(deployment: KubeObject): KubeObject {
    const ns = deployment.metadata.namespace ?? '';
    const template = templateOf(deployment);
    const hash = podTemplateHash(template);
    const owned = this.store
      .list(RS, ns)
      .filter(
        (rs) =>
          (rs.metadata.ownerReferences as { uid: string }[] | undefined)?.[0]?.uid ===
          deployment.metadata.uid,
      );
    let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const maxRevision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
    const revision =
      current && Number(current.metadata.annotations?.[REVISION]) === maxRevision
        ? maxRevision
        : maxRevision + 1;
    const replicas = Number(deployment.spec?.replicas ?? 1);

    for (const rs of owned) {
      if (rs.metadata.name === current?.metadata.name) continue;
      if (Number(rs.spec?.replicas ?? 0) === 0) continue;
      for (const pod of this.podsOf(rs)) this.store.remove(POD, ns, pod.metadata.name);
      rs.spec = { ...rs.spec, replicas: 0 };
      rs.status = { replicas: 0, observedGeneration: (rs.metadata.generation ?? 1) + 1 };
      rs.metadata.generation = (rs.metadata.generation ?? 1) + 1;
      this.store.update(RS, rs);
    }

    if (!current) {
      current = this.store.create(RS, this.newReplicaSet(deployment, template, hash, revision, replicas));
    } else if (
      Number(current.metadata.annotations?.[REVISION]) !== revision ||
      current.spec?.replicas !== replicas
    ) {
      current.metadata.annotations = { ...current.metadata.annotations, [REVISION]: String(revision) };
      current.spec = { ...current.spec, replicas };
      current = this.store.update(RS, current);
    }
    const pods = this.podsOf(current);
    for (let i = pods.length; i < replicas; i++) this.createPod(current);
    for (const extra of pods.slice(replicas)) this.store.remove(POD, ns, extra.metadata.name);

    const updated = this.store.get(DEPLOY, ns, deployment.metadata.name) ?? deployment;
    updated.metadata.annotations = { ...updated.metadata.annotations, [REVISION]: String(revision) };
    updated.status = this.deploymentStatus(updated, current.metadata.name);
    return this.store.update(DEPLOY, updated);
  }

  private currentReplicaSetName(deployment: KubeObject): string {
    const ns = deployment.metadata.namespace ?? '';
    const hash = podTemplateHash(templateOf(deployment));
    return (
      this.store
        .list(RS, ns)
        .find(
          (rs) =>
            (rs.metadata.ownerReferences as { uid: string }[] | undefined)?.[0]?.uid ===
              deployment.metadata.uid && rs.metadata.labels?.['pod-template-hash'] === hash,
        )?.metadata.name ?? ''
    );
  }

  private deploymentStatus(deployment: KubeObject, replicaSetName: string): Record<string, unknown> {
    const ns = deployment.metadata.namespace ?? '';
    const replicas = Number(deployment.spec?.replicas ?? 1);
    const rs = this.store.get(RS, ns, replicaSetName);
    const pods = rs ? this.podsOf(rs) : [];
    const ready = pods.filter(isPodReady).length;
    const available = ready >= replicas;
    const now = nowTimestamp();
    const status: Record<string, unknown> = {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas: pods.length,
      updatedReplicas: pods.length,
      conditions: [
        available
          ? {
              type: 'Available',
              status: 'True',
              lastUpdateTime: now,
              lastTransitionTime: now,
              reason: 'MinimumReplicasAvailable',
              message: 'Deployment has minimum availability.',
            }
          : {
              type: 'Available',
              status: 'False',
              lastUpdateTime: now,
              lastTransitionTime: now,
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
        {
          type: 'Progressing',
          status: 'True',
          lastUpdateTime: now,
          lastTransitionTime: now,
          reason: available ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
          message: available
            ? `ReplicaSet "${replicaSetName}" has successfully progressed.`
            : `ReplicaSet "${replicaSetName}" is progressing.`,
        },
      ],
    };
    // Like the real controller, zero counts are omitted from the status.
    if (ready > 0) {
      status.readyReplicas = ready;
      status.availableReplicas = ready;
    }
    if (pods.length > ready) status.unavailableReplicas = pods.length - ready;
    return status;
  }

  private podsOf(rs: KubeObject): KubeObject[] {
    return this.store
      .list(POD, rs.metadata.namespace)
      .filter(
        (p) => (p.metadata.ownerReferences as { uid: string }[] | undefined)?.[0]?.uid === rs.metadata.uid,
      );
  }

  private newReplicaSet(
    deployment: KubeObject,
    template: Record<string, unknown>,
    hash: string,
    revision: number,
    replicas: number,
  ): KubeObject {
    const meta = asRecord(template.metadata);
    const labels = { ...(asRecord(meta.labels) as Record<string, string>), 'pod-template-hash': hash };
    const selector = asRecord(deployment.spec?.selector);
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        uid: newUid(),
        resourceVersion: '',
        generation: 1,
        creationTimestamp: nowTimestamp(),
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          [REVISION]: String(revision),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: deployment.metadata.name,
            uid: deployment.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: {
          matchLabels: {
            ...(asRecord(selector.matchLabels) as Record<string, string>),
            'pod-template-hash': hash,
          },
        },
        template: { ...structuredClone(template), metadata: { ...structuredClone(meta), labels } },
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        observedGeneration: 1,
      },
    };
  }

  private createPod(rs: KubeObject): KubeObject {
    const template = asRecord(rs.spec?.template);
    const meta = asRecord(template.metadata);
    const spec = structuredClone(asRecord(template.spec));
    const startedAt = nowTimestamp();
    const containers = templateContainers(template);
    const ip = podIp();
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${rs.metadata.name}-${randomSuffix()}`,
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        uid: newUid(),
        resourceVersion: '',
        creationTimestamp: startedAt,
        labels: { ...(asRecord(meta.labels) as Record<string, string>) },
        annotations: {
          ...(asRecord(meta.annotations) as Record<string, string>),
          'openshift.io/scc': 'privileged',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: rs.metadata.name,
            uid: rs.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        ...spec,
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: NODE_NAME,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
      },
      status: {
        phase: 'Running',
        conditions: [
          'PodReadyToStartContainers',
          'Initialized',
          'Ready',
          'ContainersReady',
          'PodScheduled',
        ].map((type) => ({
          type,
          status: 'True',
          lastProbeTime: null,
          lastTransitionTime: startedAt,
        })),
        hostIP: '10.0.1.23',
        hostIPs: [{ ip: '10.0.1.23' }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: startedAt,
        qosClass: 'BestEffort',
        containerStatuses: containers.map((c) => ({
          name: String(c.name),
          state: { running: { startedAt } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: String(c.image),
          imageID: imageId(String(c.image)),
          containerID: `cri-o://${randomHex(32)}`,
          started: true,
        })),
      },
    };
    return this.store.create(POD, this.admitPod ? this.admitPod(pod) : pod);
  }
}
