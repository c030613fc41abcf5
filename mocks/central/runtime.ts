// The runtime path of an exec: collector event -> sensor dedup -> Central runtime detection ->
// alert (merged per policy and deployment while ACTIVE) -> notifier deliveries.
import { randomUUID } from 'node:crypto';
import type { Alert, AlertContainer, Policy, RhacsVersion } from '../../types/rhacs.ts';
import type { ClusterState, DeploymentView, ProcessEvent } from '../contract.ts';
import {
  evaluateRuntimePolicy,
  MAX_ALERT_PROCESSES,
  processViolationMessage,
  SensorDedup,
  toProcessIndicator,
} from './detection.ts';
import type { Notifications } from './notify.ts';
import { processFilterSettings } from './process-filter-settings.ts';
import type { ProcessIndicators } from './process-indicators.ts';
import { onRollout } from './rollouts.ts';
import type { CentralStore } from './store.ts';

export interface RuntimeOptions {
  cluster: ClusterState;
  store: CentralStore;
  notifications: Notifications;
  processes: ProcessIndicators;
  log: (line: string) => void;
  version: RhacsVersion;
  /** Collector -> Sensor -> Central: how long an exec takes to reach Central (mocks/latency.ts). */
  sensorDelayMs?: number;
}

/** Where the secured cluster's Sensor runs (the operator's and Helm's default). */
export const SENSOR_NAMESPACE = 'stackrox';
export const SENSOR_DEPLOYMENT = 'sensor';

export function parseImage(image: string): AlertContainer['image'] {
  let rest = image;
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash > 0 && /[.:]|^localhost$/.test(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  let tag = 'latest';
  const at = rest.indexOf('@');
  const colon = rest.lastIndexOf(':');
  if (at >= 0) {
    tag = '';
    rest = rest.slice(0, at);
  } else if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (registry === 'docker.io' && !rest.includes('/')) rest = `library/${rest}`;
  return { name: { registry, remote: rest, tag, fullName: `${registry}/${rest}${tag ? `:${tag}` : ''}` } };
}

function alertDeployment(d: DeploymentView, namespaceId: string, cluster: ClusterState): Alert['deployment'] {
  return {
    id: d.uid,
    name: d.name,
    type: 'Deployment',
    namespace: d.namespace,
    namespaceId,
    labels: { ...d.labels },
    clusterId: cluster.clusterId,
    clusterName: cluster.clusterName,
    containers: d.containers.map((c) => {
      const image = parseImage(c.image);
      // Central shows the image as the pod spec names it.
      image.name.fullName = c.image;
      return { name: c.name, image };
    }),
    annotations: { ...d.annotations },
    inactive: false,
  };
}

/** A new ACTIVE alert on a deployment, stamped now. */
export function newDeploymentAlert(
  a: Pick<Alert, 'policy' | 'lifecycleStage' | 'deployment' | 'violations' | 'processViolation'>,
): Alert {
  const now = new Date().toISOString();
  const { deployment } = a;
  return {
    id: randomUUID(),
    ...a,
    clusterId: deployment.clusterId,
    clusterName: deployment.clusterName,
    namespace: deployment.namespace,
    namespaceId: deployment.namespaceId,
    enforcement: null,
    time: now,
    firstOccurred: now,
    resolvedAt: null,
    state: 'ACTIVE',
    entityType: 'DEPLOYMENT',
  };
}

export class RuntimePipeline {
  /** Sensor's filter, built from its Deployment's env; a Sensor rollout starts an empty one. */
  private dedup: SensorDedup;
  private readonly unwatchSensor: () => void;
  private readonly warned = new Set<string>();
  private readonly unsubscribe: () => void;
  private readonly inTransit = new Set<NodeJS.Timeout>();

  constructor(private readonly o: RuntimeOptions) {
    this.dedup = this.sensorFilter(o.cluster.getDeployment(SENSOR_NAMESPACE, SENSOR_DEPLOYMENT));
    this.unwatchSensor = onRollout(o.cluster, SENSOR_NAMESPACE, SENSOR_DEPLOYMENT, (sensor) => {
      this.dedup = this.sensorFilter(sensor);
    });
    const handle = (event: ProcessEvent) => {
      try {
        this.handle(event);
      } catch (err) {
        o.log(`central: runtime detection failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    this.unsubscribe = o.cluster.onProcessEvent((event) => {
      const delay = o.sensorDelayMs ?? 0;
      if (delay <= 0) return handle(event);
      const timer = setTimeout(() => {
        this.inTransit.delete(timer);
        handle(event);
      }, delay);
      this.inTransit.add(timer);
    });
  }

  close(): void {
    for (const timer of this.inTransit) clearTimeout(timer);
    this.inTransit.clear();
    this.unsubscribe();
    this.unwatchSensor();
  }

  /**
   * Sensor reads its filter settings once at start and keeps the filter in memory only
   * (stackrox sensor/common/processfilter/filter.go).
   */
  private sensorFilter(sensor: DeploymentView | undefined): SensorDedup {
    const env = sensor?.containers.find((c) => c.name === 'sensor')?.env ?? {};
    return new SensorDedup(processFilterSettings(env, this.o.version));
  }

  private handle(event: ProcessEvent): void {
    if (!this.dedup.admit(event)) return;
    const { cluster, store } = this.o;
    const deployment = cluster.getDeployment(event.namespace, event.deploymentName);
    if (!deployment) return;
    // Every process sensor lets through is stored, whatever the policies say
    // (central/detection/lifecycle/manager_impl.go IndicatorAdded queues it before any detection).
    this.o.processes.add(toProcessIndicator(event, deployment.uid));
    const namespace = cluster.getNamespace(event.namespace);
    const ctx = { clusterName: cluster.clusterName, clusterId: cluster.clusterId, deployment, namespace };
    for (const policy of store.policies.values()) {
      if (policy.disabled || !policy.lifecycleStages.includes('RUNTIME')) continue;
      if (policy.eventSource !== 'DEPLOYMENT_EVENT') continue;
      const verdict = evaluateRuntimePolicy(policy, event, ctx);
      if (verdict.kind === 'unsupported') {
        this.warnUnsupported(policy, verdict.criteria);
        continue;
      }
      if (verdict.kind === 'match')
        this.raise(structuredClone(policy), event, deployment, namespace?.uid ?? '');
    }
  }

  private warnUnsupported(policy: Policy, criteria: string[]): void {
    const key = `${policy.id}@${policy.lastUpdated ?? ''}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.o.log(
      `WARNING: lab Central cannot evaluate policy '${policy.name}' (${policy.id}): unsupported criteria ${criteria
        .map((c) => `'${c}'`)
        .join(', ')}. This policy will never raise an alert in the embedded lab.`,
    );
  }

  private raise(policy: Policy, event: ProcessEvent, deployment: DeploymentView, namespaceId: string): void {
    const { store, cluster } = this.o;
    const indicator = toProcessIndicator(event, deployment.uid);
    const now = new Date().toISOString();
    const active = store.activeAlertFor(policy.id, deployment.uid);
    let alert: Alert;
    if (active) {
      const processes = active.processViolation?.processes ?? [];
      // A full alert takes no more processes and sends nothing.
      if (processes.length >= MAX_ALERT_PROCESSES) return;
      processes.push(indicator);
      active.processViolation = { message: processViolationMessage(processes), processes };
      active.policy = policy;
      active.time = now;
      alert = active;
    } else {
      alert = newDeploymentAlert({
        policy,
        lifecycleStage: 'RUNTIME',
        deployment: alertDeployment(deployment, namespaceId, cluster),
        violations: [],
        processViolation: { message: processViolationMessage([indicator]), processes: [indicator] },
      });
      store.putAlert(alert);
    }
    this.o.notifications.notifyAlert(alert);
  }
}
