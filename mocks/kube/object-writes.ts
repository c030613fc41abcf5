// Creating and deleting namespaces and the plain namespaced objects a client deploys (ConfigMaps,
// Services, Deployments): validation and defaulting as the API server does it, namespace deletion
// with a short Terminating phase, and cascading deletes (the garbage collector's part).
import type { KubeObject } from '../contract.ts';
import { newUid, nowTimestamp } from './ids.ts';
import { checkLease } from './lease-schema.ts';
import { patchByContentType } from './patch.ts';
import {
  ALL_RESOURCES,
  CONFIGMAPS,
  DEPLOYMENTS,
  LEASES,
  NAMESPACES,
  REPLICASETS,
  type ResourceDef,
  SERVICES,
  storeKey,
} from './resources.ts';
import { ApiError, alreadyExists, badRequest, forbidden, invalid, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';
import type { Workloads } from './workload.ts';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ObjectWritesOptions {
  /** How long a deleted namespace stays Terminating before its content and itself are gone (default 300 ms). */
  namespaceTerminationMs?: number;
  /** Waits until the namespace's containers have stopped; the namespace goes only after that. */
  containersStopped?: (namespace: string) => Promise<void>;
}

export class ObjectWrites {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly terminationMs: number;
  private readonly containersStopped: (namespace: string) => Promise<void>;
  private clusterIpSeq = 10;

  constructor(
    private readonly store: ObjectStore,
    private readonly workloads: Workloads,
    options: ObjectWritesOptions = {},
  ) {
    this.terminationMs = options.namespaceTerminationMs ?? 300;
    this.containersStopped = options.containersStopped ?? (async () => {});
  }

  /** Which resources this class creates and deletes. */
  static handles(def: ResourceDef): boolean {
    return [NAMESPACES, CONFIGMAPS, SERVICES, DEPLOYMENTS, LEASES].includes(def);
  }

  create(def: ResourceDef, namespace: string | undefined, body: unknown): KubeObject {
    if (!isRec(body) || !isRec(body.metadata)) {
      throw badRequest(`${def.kind} in version "v1" cannot be handled as a ${def.kind}: missing metadata`);
    }
    const meta = body.metadata;
    const name = typeof meta.name === 'string' ? meta.name : '';
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw badRequest(`the kind of the object (${String(body.kind)}) does not match the URL (${def.kind})`);
    }
    if (name === '') {
      throw invalid(def, '', [
        {
          field: 'metadata.name',
          reason: 'FieldValueRequired',
          detail: 'Required value: name or generateName is required',
        },
      ]);
    }
    const nameRule = def === NAMESPACES || def === SERVICES ? DNS_LABEL : DNS_SUBDOMAIN;
    if (!nameRule.test(name) || name.length > (nameRule === DNS_LABEL ? 63 : 253)) {
      throw invalid(def, name, [
        {
          field: 'metadata.name',
          reason: 'FieldValueInvalid',
          detail: `Invalid value: "${name}": a lowercase RFC 1123 ${nameRule === DNS_LABEL ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        },
      ]);
    }
    if (def.namespaced) {
      const ns = namespace ?? '';
      if (meta.namespace !== undefined && meta.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      this.checkNamespaceAccepts(def, ns, name);
    }
    if (this.store.get(storeKey(def), namespace ?? '', name)) throw alreadyExists(def, name);

    const object = structuredClone(body) as KubeObject;
    object.apiVersion = def.group ? `${def.group}/${def.version}` : def.version;
    object.kind = def.kind;
    object.metadata = {
      ...structuredClone(meta),
      name,
      uid: newUid(),
      resourceVersion: '',
      creationTimestamp: nowTimestamp(),
    } as KubeObject['metadata'];
    if (def.namespaced) object.metadata.namespace = namespace ?? '';
    delete object.metadata.deletionTimestamp;

    switch (def) {
      case NAMESPACES:
        object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': name };
        object.spec = { finalizers: ['kubernetes'] };
        object.status = { phase: 'Active' };
        return this.store.create(storeKey(def), object);
      case CONFIGMAPS:
        return this.store.create(storeKey(def), object);
      case LEASES:
        checkLease(object);
        return this.store.create(storeKey(def), object);
      case SERVICES:
        return this.store.create(storeKey(def), this.defaultService(object));
      case DEPLOYMENTS:
        return this.workloads.createDeployment(this.defaultDeployment(object));
      default:
        throw new ApiError(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
          {},
        );
    }
  }

  /**
   * PATCH of a namespace (`kubectl annotate ns` / `kubectl label ns`): the labels and annotations
   * that RHACS's labelKey routing reads. The rest of a namespace is not writable here.
   */
  patchNamespace(name: string, contentType: string, body: string): KubeObject {
    const existing = this.store.get(storeKey(NAMESPACES), '', name);
    if (!existing) throw notFound(NAMESPACES, name);
    const patched = patchByContentType(existing, contentType, body);
    const meta = isRec(patched) && isRec(patched.metadata) ? patched.metadata : {};
    const strings = (v: unknown): Record<string, string> =>
      Object.fromEntries(
        Object.entries(isRec(v) ? v : {}).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    const updated = structuredClone(existing);
    updated.metadata.labels = { ...strings(meta.labels), 'kubernetes.io/metadata.name': name };
    updated.metadata.annotations = strings(meta.annotations);
    return this.store.update(storeKey(NAMESPACES), updated);
  }

  delete(def: ResourceDef, namespace: string, name: string): KubeObject {
    if (def === NAMESPACES) return this.deleteNamespace(name);
    if (def === DEPLOYMENTS) {
      const removed = this.workloads.deleteDeployment(namespace, name);
      if (!removed) throw notFound(def, name);
      return removed;
    }
    const removed = this.store.remove(storeKey(def), namespace, name);
    if (!removed) throw notFound(def, name);
    return removed;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private checkNamespaceAccepts(def: ResourceDef, ns: string, name: string): void {
    const found = this.store.get(storeKey(NAMESPACES), '', ns);
    if (!found) throw notFound(NAMESPACES, ns);
    if (found.metadata.deletionTimestamp) {
      const base = forbidden({ user: '', verb: 'create', resource: def, name, namespace: ns });
      throw new ApiError(
        403,
        'Forbidden',
        `${def.group ? `${def.plural}.${def.group}` : def.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        base.details,
      );
    }
  }

  /** Marks the namespace Terminating; its content and then the namespace go after a short delay. */
  private deleteNamespace(name: string): KubeObject {
    const ns = this.store.get(storeKey(NAMESPACES), '', name);
    if (!ns) throw notFound(NAMESPACES, name);
    if (IMMORTAL_NAMESPACES.has(name)) {
      // The NamespaceLifecycle admission plugin's answer.
      throw new ApiError(
        403,
        'Forbidden',
        `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        {
          name,
          kind: 'namespaces',
        },
      );
    }
    if (ns.metadata.deletionTimestamp) return ns;
    ns.metadata.deletionTimestamp = nowTimestamp();
    ns.status = { ...ns.status, phase: 'Terminating' };
    const stored = this.store.update(storeKey(NAMESPACES), ns);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.purgeNamespace(name);
    }, this.terminationMs);
    this.timers.add(timer);
    return stored;
  }

  private async purgeNamespace(name: string): Promise<void> {
    for (const deployment of this.store.list(storeKey(DEPLOYMENTS), name)) {
      this.workloads.deleteDeployment(name, deployment.metadata.name);
    }
    // ReplicaSets before their pods would leave nothing to recreate them; pods go with the rest.
    const order = [REPLICASETS, ...ALL_RESOURCES.filter((d) => d.namespaced && d !== REPLICASETS)];
    for (const def of order) {
      for (const object of this.store.list(storeKey(def), name)) {
        this.store.remove(storeKey(def), name, object.metadata.name);
      }
    }
    await this.containersStopped(name);
    this.store.remove(storeKey(NAMESPACES), '', name);
  }

  private defaultService(object: KubeObject): KubeObject {
    const spec = isRec(object.spec) ? object.spec : {};
    const ports = Array.isArray(spec.ports) ? spec.ports.filter(isRec) : [];
    if (ports.length === 0) {
      throw invalid(SERVICES, object.metadata.name, [
        { field: 'spec.ports', reason: 'FieldValueRequired', detail: 'Required value' },
      ]);
    }
    const ip = `172.30.${Math.floor(this.clusterIpSeq / 250)}.${(this.clusterIpSeq++ % 250) + 1}`;
    object.spec = {
      ...spec,
      type: spec.type ?? 'ClusterIP',
      sessionAffinity: spec.sessionAffinity ?? 'None',
      clusterIP: ip,
      clusterIPs: [ip],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ports: ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port })),
    };
    object.status = { loadBalancer: {} };
    return object;
  }

  private defaultDeployment(object: KubeObject): KubeObject {
    const spec = isRec(object.spec) ? object.spec : {};
    const template = isRec(spec.template) ? spec.template : {};
    const podSpec = isRec(template.spec) ? template.spec : {};
    const containers = Array.isArray(podSpec.containers) ? podSpec.containers.filter(isRec) : [];
    const errors = [];
    if (!isRec(spec.selector)) {
      errors.push({ field: 'spec.selector', reason: 'FieldValueRequired', detail: 'Required value' });
    }
    if (containers.length === 0) {
      errors.push({
        field: 'spec.template.spec.containers',
        reason: 'FieldValueRequired',
        detail: 'Required value',
      });
    }
    for (const [i, c] of containers.entries()) {
      if (typeof c.image !== 'string' || c.image === '') {
        errors.push({
          field: `spec.template.spec.containers[${i}].image`,
          reason: 'FieldValueRequired',
          detail: 'Required value',
        });
      }
    }
    if (errors.length > 0) throw invalid({ kind: 'Deployment', group: 'apps' }, object.metadata.name, errors);
    object.metadata.generation = 1;
    object.spec = {
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      ...spec,
      template: {
        ...template,
        spec: {
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
          ...podSpec,
          containers: containers.map((c) => ({
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: String(c.image ?? '').endsWith(':latest') ? 'Always' : 'IfNotPresent',
            resources: {},
            ...c,
          })),
        },
      },
    };
    object.status = {};
    return object;
  }
}
