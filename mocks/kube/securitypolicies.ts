// Writes to the SecurityPolicy custom resource: create, update, the four patch types, delete
// with finalizers, the status subresource, and the decoding rules of fieldValidation.
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../contract.ts';
import { parseJsonBody } from './http.ts';
import { newUid, nowTimestamp, randomSuffix } from './ids.ts';
import { jsonPatch, mergePatch, serverSideApply, TestFailed } from './patch.ts';
import { NAMESPACES, SECURITY_POLICIES, storeKey } from './resources.ts';
import { prune, type Schema, validate } from './schema.ts';
import {
  type CrdVersion,
  SECURITY_POLICY_STATUS,
  securityPolicyObject,
  securityPolicySpec,
} from './securitypolicy-schema.ts';

/** The CRD's spec schema and the whole object's, for one RHACS version. */
interface CrdSchema {
  spec: Schema;
  object: Schema;
}

export function crdSchema(version: CrdVersion): CrdSchema {
  const spec = securityPolicySpec(version);
  return { spec, object: securityPolicyObject(spec) };
}

import {
  ApiError,
  alreadyExists,
  badRequest,
  conflict,
  type FieldError,
  invalid,
  notFound,
  unsupportedMediaType,
} from './status.ts';
import type { ObjectStore } from './store.ts';

const RESOURCE = storeKey(SECURITY_POLICIES);
const API_VERSION = `${SECURITY_POLICIES.group}/${SECURITY_POLICIES.version}`;
const KIND = SECURITY_POLICIES.kind;
const GROUP_KIND = { kind: KIND, group: SECURITY_POLICIES.group };

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteResult {
  code: number;
  object: KubeObject;
  warnings: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeError(detail: string): ApiError {
  return badRequest(
    `${KIND} in version "${SECURITY_POLICIES.version}" cannot be handled as a ${KIND}: ${detail}`,
  );
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  if (value === 'Strict' || value === 'Warn' || value === 'Ignore') return value;
  throw badRequest(
    `fieldValidation: Unsupported value: "${value}": supported values: "Ignore", "Strict", "Warn"`,
  );
}

function dryRunOf(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  for (const v of values) {
    if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  }
  return values.length > 0;
}

function checkMetaTypes(meta: Record<string, unknown>): void {
  for (const field of ['labels', 'annotations'] as const) {
    const map = meta[field];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      throw decodeError(
        `json: cannot unmarshal ${Array.isArray(map) ? 'array' : typeof map} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`,
      );
    }
    for (const v of Object.values(map)) {
      if (typeof v !== 'string') {
        throw decodeError(
          `json: cannot unmarshal ${typeof v} into Go struct field ObjectMeta.metadata.${field} of type string`,
        );
      }
    }
  }
  if (meta.finalizers !== undefined && meta.finalizers !== null) {
    if (!Array.isArray(meta.finalizers) || meta.finalizers.some((f) => typeof f !== 'string')) {
      throw decodeError(
        'json: cannot unmarshal into Go struct field ObjectMeta.metadata.finalizers of type []string',
      );
    }
  }
  if (meta.name !== undefined && typeof meta.name !== 'string') {
    throw decodeError(
      `json: cannot unmarshal ${typeof meta.name} into Go struct field ObjectMeta.metadata.name of type string`,
    );
  }
}

/** Prunes unknown and null fields; returns the pruned object and the unknown field paths. */
function pruneObject(raw: unknown, schema: CrdSchema): { object: KubeObject; unknown: string[] } {
  if (!isObject(raw)) {
    throw badRequest(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(raw) ? 'array' : typeof raw} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  if (typeof raw.kind !== 'string' || raw.kind === '')
    throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(raw)}'`);
  if (raw.apiVersion !== API_VERSION) {
    throw badRequest(
      `the API version in the data (${String(raw.apiVersion ?? '')}) does not match the expected API version (${API_VERSION})`,
    );
  }
  if (raw.kind !== KIND)
    throw badRequest(`the kind in the data (${raw.kind}) does not match the expected kind (${KIND})`);
  const unknown: string[] = [];
  const meta = raw.metadata ?? {};
  if (!isObject(meta)) throw decodeError('json: cannot unmarshal into Go struct field of type v1.ObjectMeta');
  checkMetaTypes(meta);
  const cleanMeta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) {
    if (!OBJECT_META_FIELDS.has(k)) unknown.push(`metadata.${k}`);
    else if (v !== null) cleanMeta[k] = v;
  }
  const pruned = prune({ ...raw, metadata: {} }, schema.object, '', unknown) as Record<string, unknown>;
  pruned.metadata = cleanMeta;
  // The apiserver decodes into Go maps (no key order) and reports the pruned paths sorted.
  return { object: pruned as unknown as KubeObject, unknown: unknown.sort() };
}

function decode(
  raw: unknown,
  mode: FieldValidation,
  schema: CrdSchema,
): { object: KubeObject; warnings: string[] } {
  const { object, unknown } = pruneObject(raw, schema);
  if (unknown.length > 0 && mode === 'Strict') {
    throw decodeError(`strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(', ')}`);
  }
  return { object, warnings: mode === 'Warn' ? unknown.map((f) => `unknown field "${f}"`) : [] };
}

function validateName(name: string, errors: FieldError[]): void {
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    errors.push({
      field: 'metadata.name',
      reason: 'FieldValueInvalid',
      detail: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    });
  }
}

function validateSpec(object: KubeObject, errors: FieldError[], schema: CrdSchema): void {
  if (object.spec !== undefined) validate(object.spec, schema.spec, 'spec', errors);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function withoutVersion(object: KubeObject): unknown {
  return { ...object, metadata: { ...object.metadata, resourceVersion: '' } };
}

export class SecurityPolicies {
  /** The last configuration each field manager applied (server-side apply), per object. */
  private readonly applied = new Map<string, Map<string, unknown>>();

  private readonly schema: CrdSchema;

  constructor(
    private readonly store: ObjectStore,
    version: CrdVersion = '4.11',
  ) {
    this.schema = crdSchema(version);
  }

  get(namespace: string, name: string): KubeObject {
    const existing = this.store.get(RESOURCE, namespace, name);
    if (!existing) throw notFound(SECURITY_POLICIES, name);
    return existing;
  }

  create(namespace: string, raw: unknown, query: URLSearchParams, preDecoded?: KubeObject): WriteResult {
    const dryRun = dryRunOf(query);
    const { object, warnings } = preDecoded
      ? { object: preDecoded, warnings: [] }
      : decode(raw, fieldValidationOf(query), this.schema);
    const meta = object.metadata;
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (!this.store.get(storeKey(NAMESPACES), '', namespace)) throw notFound(NAMESPACES, namespace);
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    const errors: FieldError[] = [];
    if (!meta.name && typeof meta.generateName === 'string' && meta.generateName) {
      meta.name = `${meta.generateName}${randomSuffix()}`;
    }
    if (!meta.name) {
      errors.push({
        field: 'metadata.name',
        reason: 'FieldValueRequired',
        detail: 'Required value: name or generateName is required',
      });
    } else validateName(meta.name, errors);
    validateSpec(object, errors, this.schema);
    if (errors.length > 0) throw invalid(GROUP_KIND, meta.name ?? '', errors);
    if (this.store.get(RESOURCE, namespace, meta.name)) throw alreadyExists(SECURITY_POLICIES, meta.name);

    delete object.status;
    const created: KubeObject = {
      ...object,
      metadata: {
        ...meta,
        namespace,
        uid: newUid(),
        resourceVersion: '',
        generation: 1,
        creationTimestamp: nowTimestamp(),
      },
    };
    delete created.metadata.deletionTimestamp;
    delete created.metadata.deletionGracePeriodSeconds;
    delete created.metadata.managedFields;
    if (dryRun) return { code: 201, object: created, warnings };
    return { code: 201, object: this.store.create(RESOURCE, created), warnings };
  }

  update(
    namespace: string,
    name: string,
    raw: unknown,
    query: URLSearchParams,
    subresource?: string,
    preDecoded?: KubeObject,
  ): WriteResult {
    const dryRun = dryRunOf(query);
    const existing = this.get(namespace, name);
    const { object, warnings } = preDecoded
      ? { object: preDecoded, warnings: [] }
      : decode(raw, fieldValidationOf(query), this.schema);
    const meta = object.metadata;
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    }
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    if (meta.resourceVersion && meta.resourceVersion !== existing.metadata.resourceVersion) {
      throw conflict(SECURITY_POLICIES, name);
    }
    const errors: FieldError[] = [];
    let next: KubeObject;
    if (subresource === 'status') {
      next = structuredClone(existing);
      if (object.status === undefined) delete next.status;
      else {
        validate(object.status, SECURITY_POLICY_STATUS, 'status', errors);
        next.status = object.status;
      }
    } else {
      next = {
        ...object,
        metadata: {
          ...meta,
          name,
          namespace,
          uid: existing.metadata.uid,
          resourceVersion: existing.metadata.resourceVersion,
          generation: existing.metadata.generation ?? 1,
          creationTimestamp: existing.metadata.creationTimestamp,
        },
      };
      delete next.metadata.managedFields;
      delete next.metadata.deletionTimestamp;
      delete next.metadata.deletionGracePeriodSeconds;
      if (existing.metadata.deletionTimestamp) {
        next.metadata.deletionTimestamp = existing.metadata.deletionTimestamp;
        next.metadata.deletionGracePeriodSeconds = existing.metadata.deletionGracePeriodSeconds;
        const added = (next.metadata.finalizers ?? []).filter(
          (f) => !(existing.metadata.finalizers ?? []).includes(f),
        );
        if (added.length > 0) {
          errors.push({
            field: 'metadata.finalizers',
            reason: 'FieldValueForbidden',
            detail: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`,
          });
        }
      }
      if (existing.status === undefined) delete next.status;
      else next.status = existing.status;
      validateSpec(next, errors, this.schema);
      if (!same(existing.spec, next.spec)) next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    }
    if (errors.length > 0) throw invalid(GROUP_KIND, name, errors);
    return { code: 200, object: this.commit(existing, next, dryRun), warnings };
  }

  patch(
    namespace: string,
    name: string,
    contentType: string,
    body: string,
    query: URLSearchParams,
    subresource?: string,
  ): WriteResult {
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaType === 'application/apply-patch+yaml')
      return this.apply(namespace, name, body, query, subresource);
    const existing = this.get(namespace, name);
    let patched: unknown;
    if (mediaType === 'application/merge-patch+json') {
      patched = mergePatch(existing, parseJsonBody(body, 'error decoding patch'));
    } else if (mediaType === 'application/json-patch+json') {
      try {
        patched = jsonPatch(existing, parseJsonBody(body, 'error decoding patch'));
      } catch (err) {
        if (err instanceof TestFailed) {
          throw new ApiError(
            422,
            'Invalid',
            `the server rejected our request due to an error in our request: ${err.message}`,
          );
        }
        throw err;
      }
    } else {
      throw unsupportedMediaType(mediaType);
    }
    return this.update(namespace, name, patched, query, subresource);
  }

  delete(namespace: string, name: string, body: string, query: URLSearchParams): WriteResult {
    const existing = this.get(namespace, name);
    const options =
      body.trim() === '' ? {} : parseJsonBody(body, "couldn't get version/kind; json parse error");
    const opts = isObject(options) ? options : {};
    const preconditions = isObject(opts.preconditions) ? opts.preconditions : {};
    if (typeof preconditions.uid === 'string' && preconditions.uid !== existing.metadata.uid) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${RESOURCE} "${name}": Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${existing.metadata.uid}`,
        { name, group: SECURITY_POLICIES.group, kind: SECURITY_POLICIES.plural },
      );
    }
    if (
      typeof preconditions.resourceVersion === 'string' &&
      preconditions.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw new ApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${RESOURCE} "${name}": the ResourceVersion in the precondition (${preconditions.resourceVersion}) does not match the ResourceVersion in record (${existing.metadata.resourceVersion}). The object might have been modified`,
        { name, group: SECURITY_POLICIES.group, kind: SECURITY_POLICIES.plural },
      );
    }
    const dryRun = dryRunOf(query) || (Array.isArray(opts.dryRun) && opts.dryRun.includes('All'));
    if ((existing.metadata.finalizers ?? []).length === 0) {
      if (dryRun) return { code: 200, object: existing, warnings: [] };
      this.applied.delete(`${namespace}/${name}`);
      return { code: 200, object: this.store.remove(RESOURCE, namespace, name) ?? existing, warnings: [] };
    }
    if (existing.metadata.deletionTimestamp) return { code: 200, object: existing, warnings: [] };
    const next = structuredClone(existing);
    next.metadata.deletionTimestamp = nowTimestamp();
    next.metadata.deletionGracePeriodSeconds = 0;
    next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    if (dryRun) return { code: 200, object: next, warnings: [] };
    return { code: 200, object: this.store.update(RESOURCE, next), warnings: [] };
  }

  setStatus(namespace: string, name: string, status: Record<string, unknown>): void {
    const existing = this.get(namespace, name);
    this.commit(existing, { ...existing, status: structuredClone(status) }, false);
  }

  addFinalizer(namespace: string, name: string, finalizer: string): void {
    const existing = this.get(namespace, name);
    const finalizers = existing.metadata.finalizers ?? [];
    if (finalizers.includes(finalizer)) return;
    if (existing.metadata.deletionTimestamp) {
      throw new Error(`no new finalizers can be added: ${RESOURCE} "${name}" is being deleted`);
    }
    this.commit(
      existing,
      { ...existing, metadata: { ...existing.metadata, finalizers: [...finalizers, finalizer] } },
      false,
    );
  }

  removeFinalizer(namespace: string, name: string, finalizer: string): void {
    const existing = this.get(namespace, name);
    const finalizers = (existing.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    const metadata: KubeObject['metadata'] = { ...existing.metadata, finalizers };
    if (finalizers.length === 0) delete metadata.finalizers;
    this.commit(existing, { ...existing, metadata }, false);
  }

  /** Writes `next` unless nothing changed; completes a deletion once the last finalizer is gone. */
  private commit(existing: KubeObject, next: KubeObject, dryRun: boolean): KubeObject {
    const ns = existing.metadata.namespace ?? '';
    const name = existing.metadata.name;
    if ((next.metadata.finalizers ?? []).length === 0) delete next.metadata.finalizers;
    if (same(withoutVersion(existing), withoutVersion(next))) return existing;
    if (dryRun) return next;
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0) {
      this.store.update(RESOURCE, next);
      this.applied.delete(`${ns}/${name}`);
      return this.store.remove(RESOURCE, ns, name) ?? next;
    }
    return this.store.update(RESOURCE, next);
  }

  private apply(
    namespace: string,
    name: string,
    body: string,
    query: URLSearchParams,
    subresource?: string,
  ): WriteResult {
    const manager = query.get('fieldManager');
    if (!manager) {
      throw new ApiError(
        422,
        'Invalid',
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    }
    let config: unknown;
    try {
      config = parseYaml(body);
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
    const { object, unknown } = pruneObject(config, this.schema);
    if (object.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${object.metadata.name ?? ''}) does not match the name on the URL (${name})`,
      );
    }
    if (unknown.length > 0) {
      const lines = unknown.map((f) => `.${f}: field not declared in schema`);
      const detail = lines.length === 1 ? lines[0] : `errors:\n  ${lines.join('\n  ')}`;
      throw new ApiError(
        500,
        undefined,
        `failed to create typed patch object (${namespace}/${name}; ${API_VERSION}, Kind=${KIND}): ${detail}`,
      );
    }
    const key = `${namespace}/${name}`;
    const managers = this.applied.get(key) ?? new Map<string, unknown>();
    const existing = this.store.get(RESOURCE, namespace, name);
    let result: WriteResult;
    if (!existing) {
      if (subresource === 'status') throw notFound(SECURITY_POLICIES, name);
      result = this.create(namespace, undefined, query, serverSideApply({}, object, undefined) as KubeObject);
    } else {
      const merged = serverSideApply(existing, object, managers.get(manager)) as KubeObject;
      result = this.update(namespace, name, undefined, query, subresource, merged);
    }
    if (query.getAll('dryRun').length === 0) {
      managers.set(manager, object);
      this.applied.set(key, managers);
    }
    return result;
  }
}
