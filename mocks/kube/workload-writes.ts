// The few writes the lab allows on built-in resources: patching or replacing a Deployment (which
// rolls out a new ReplicaSet when the pod template changes) and deleting a pod (which is replaced).
import type { KubeObject } from '../contract.ts';
import { parseJsonBody } from './http.ts';
import { patchByContentType } from './patch.ts';
import { DEPLOYMENTS, PODS, storeKey } from './resources.ts';
import { badRequest, conflict, methodNotAllowed, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';
import type { Workloads } from './workload.ts';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class WorkloadWrites {
  constructor(
    private readonly store: ObjectStore,
    private readonly workloads: Workloads,
  ) {}

  patchDeployment(namespace: string, name: string, contentType: string, body: string): KubeObject {
    const existing = this.store.get(storeKey(DEPLOYMENTS), namespace, name);
    if (!existing) throw notFound(DEPLOYMENTS, name);
    const patched = patchByContentType(existing, contentType, body);
    return this.replaceDeployment(namespace, name, patched, existing);
  }

  updateDeployment(namespace: string, name: string, body: string): KubeObject {
    const existing = this.store.get(storeKey(DEPLOYMENTS), namespace, name);
    if (!existing) throw notFound(DEPLOYMENTS, name);
    return this.replaceDeployment(namespace, name, parseJsonBody(body), existing);
  }

  deletePod(namespace: string, name: string): KubeObject {
    const removed = this.store.remove(storeKey(PODS), namespace, name);
    if (!removed) throw notFound(PODS, name);
    this.workloads.replacePod(removed);
    return removed;
  }

  private replaceDeployment(namespace: string, name: string, raw: unknown, existing: KubeObject): KubeObject {
    if (!isObject(raw) || !isObject(raw.metadata) || !isObject(raw.spec)) {
      throw badRequest(
        'Deployment in version "v1" cannot be handled as a Deployment: missing metadata or spec',
      );
    }
    const next = raw as unknown as KubeObject;
    if (next.metadata.name !== undefined && next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (
      next.metadata.resourceVersion &&
      next.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(DEPLOYMENTS, name);
    }
    const template = isObject(next.spec?.template) ? next.spec.template : undefined;
    if (!template || !isObject(template.spec) || !Array.isArray(template.spec.containers)) {
      throw methodNotAllowed();
    }
    next.metadata = {
      ...next.metadata,
      name,
      namespace,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: existing.metadata.resourceVersion,
    };
    if (existing.status) next.status = existing.status;
    return this.workloads.applyDeploymentUpdate(existing, next);
  }
}
