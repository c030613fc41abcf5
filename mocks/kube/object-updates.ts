// PUT and PATCH of plain stored objects (Leases, ConfigMaps): the generic registry's update path
// (k8s.io/apiserver/pkg/registry/generic/registry/store.go Update): the object must exist (no create
// on update), a non-empty resourceVersion that is not the stored one is 409 Conflict, an empty one
// updates unconditionally, and uid and creationTimestamp stay the server's.
import type { KubeObject } from '../contract.ts';
import { parseJsonBody } from './http.ts';
import { checkLease } from './lease-schema.ts';
import { patchByContentType } from './patch.ts';
import { CONFIGMAPS, LEASES, type ResourceDef, storeKey } from './resources.ts';
import { badRequest, conflict, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * DELETE's DeleteOptions.preconditions (k8s.io/apiserver/pkg/storage/interfaces.go Preconditions.Check;
 * the registry answers its failure as a Conflict). An empty body has none.
 */
export function checkDeletePreconditions(
  def: ResourceDef,
  existing: KubeObject | undefined,
  body: string,
): void {
  if (existing === undefined || body.trim() === '') return;
  const options = parseJsonBody(body);
  const pre = isRec(options) && isRec(options.preconditions) ? options.preconditions : {};
  const name = existing.metadata.name;
  if (typeof pre.uid === 'string' && pre.uid !== existing.metadata.uid) {
    throw conflict(
      def,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
    );
  }
  const version = pre.resourceVersion;
  if (typeof version === 'string' && version !== existing.metadata.resourceVersion) {
    throw conflict(
      def,
      name,
      `Precondition failed: ResourceVersion in precondition: ${version}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
    );
  }
}

export class ObjectUpdates {
  constructor(private readonly store: ObjectStore) {}

  /** Which resources this class updates and patches. */
  static handles(def: ResourceDef): boolean {
    return def === LEASES || def === CONFIGMAPS;
  }

  update(def: ResourceDef, namespace: string, name: string, body: string): KubeObject {
    const existing = this.existing(def, namespace, name);
    return this.replace(def, namespace, name, parseJsonBody(body), existing);
  }

  patch(def: ResourceDef, namespace: string, name: string, contentType: string, body: string): KubeObject {
    const existing = this.existing(def, namespace, name);
    return this.replace(def, namespace, name, patchByContentType(existing, contentType, body), existing);
  }

  private existing(def: ResourceDef, namespace: string, name: string): KubeObject {
    const found = this.store.get(storeKey(def), namespace, name);
    if (!found) throw notFound(def, name);
    return found;
  }

  private replace(
    def: ResourceDef,
    namespace: string,
    name: string,
    raw: unknown,
    existing: KubeObject,
  ): KubeObject {
    if (!isRec(raw) || !isRec(raw.metadata)) {
      throw badRequest(
        `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: missing metadata`,
      );
    }
    if (raw.kind !== undefined && raw.kind !== def.kind) {
      throw badRequest(`the kind of the object (${String(raw.kind)}) does not match the URL (${def.kind})`);
    }
    const meta = raw.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    const version = meta.resourceVersion;
    if (typeof version === 'string' && version !== '' && version !== existing.metadata.resourceVersion) {
      throw conflict(def, name);
    }
    const next = structuredClone(raw) as unknown as KubeObject;
    next.apiVersion = existing.apiVersion;
    next.kind = def.kind;
    next.metadata = {
      ...next.metadata,
      name,
      namespace,
      uid: existing.metadata.uid,
      creationTimestamp: existing.metadata.creationTimestamp,
      resourceVersion: existing.metadata.resourceVersion,
    };
    if (def === LEASES) checkLease(next);
    return this.store.update(storeKey(def), next);
  }
}
