import { PatchStrategy } from '@kubernetes/client-node';
import type { SecurityPolicyStatus } from '../../types/rhacs.ts';
import { HarnessError } from '../errors.ts';
import { type KubeContext, requestOptions } from './context.ts';
import { apiError, commonKubeError } from './failures.ts';
import { isPlainObject, threeWayMergePatch } from './merge-patch.ts';
import { apiFailure, parseWarnings, unknownFieldsOf } from './status.ts';

export const SP_GROUP = 'config.stackrox.io';
export const SP_VERSION = 'v1alpha1';
export const SP_PLURAL = 'securitypolicies';
export const SP_KIND = 'SecurityPolicy';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface SecurityPolicyObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  spec: Record<string, unknown>;
  status?: SecurityPolicyStatus & { observedGeneration?: number };
}

export interface ApplyOptions {
  namespace: string;
  dryRun?: boolean;
  fieldManager: string;
}

export interface ApplyResult {
  object: SecurityPolicyObject;
  /** The API server's Warning headers, e.g. `unknown field "spec.SORTName"` without strict validation. */
  warnings: string[];
  operation: 'created' | 'configured' | 'unchanged';
}

/**
 * `oc apply -n <namespace> -f -` for one SecurityPolicy: client-side apply, as kubectl does by
 * default (GET, then POST or a JSON merge patch carrying the last-applied-configuration
 * annotation), with fieldValidation=Strict. Client-side rather than server-side apply so that
 * unknown fields produce kubectl's exact `strict decoding error` (finding F1).
 */
export async function applySecurityPolicy(
  ctx: KubeContext,
  obj: unknown,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  const modified = prepare(obj, opts.namespace);
  const name = modified.metadata.name;
  const what = `Applying SecurityPolicy ${opts.namespace}/${name}${opts.dryRun ? ' (dry run)' : ''}`;
  const common = {
    group: SP_GROUP,
    version: SP_VERSION,
    namespace: opts.namespace,
    plural: SP_PLURAL,
    fieldManager: opts.fieldManager,
    fieldValidation: 'Strict',
    ...(opts.dryRun ? { dryRun: 'All' } : {}),
  };
  const current = await getSecurityPolicy(ctx, opts.namespace, name);
  try {
    if (current === undefined) {
      const res = await ctx.custom.createNamespacedCustomObjectWithHttpInfo(
        { ...common, body: modified },
        requestOptions(ctx.requestTimeoutMs),
      );
      return {
        object: res.data as SecurityPolicyObject,
        warnings: parseWarnings(res.headers),
        operation: 'created',
      };
    }
    const original = parseLastApplied(current.metadata.annotations?.[LAST_APPLIED]);
    const patch = threeWayMergePatch(original, modified as never, current);
    if (Object.keys(patch).length === 0) return { object: current, warnings: [], operation: 'unchanged' };
    const res = await ctx.custom.patchNamespacedCustomObjectWithHttpInfo(
      { ...common, name, body: patch },
      requestOptions(ctx.requestTimeoutMs, { 'Content-Type': PatchStrategy.MergePatch }),
    );
    return {
      object: res.data as SecurityPolicyObject,
      warnings: parseWarnings(res.headers),
      operation: 'configured',
    };
  } catch (e) {
    throw applyError(ctx, e, what, opts.namespace);
  }
}

/** The CR, or undefined when it does not exist. */
export async function getSecurityPolicy(
  ctx: KubeContext,
  namespace: string,
  name: string,
): Promise<SecurityPolicyObject | undefined> {
  const what = `Reading SecurityPolicy ${namespace}/${name}`;
  try {
    return (await ctx.custom.getNamespacedCustomObject(
      { group: SP_GROUP, version: SP_VERSION, namespace, plural: SP_PLURAL, name },
      requestOptions(ctx.requestTimeoutMs),
    )) as SecurityPolicyObject;
  } catch (e) {
    const f = apiFailure(e);
    if (f.httpCode === 404 && !isCrdMissing(f.message)) return undefined;
    throw (
      commonKubeError(e, what, ctx.server, `get securitypolicies.config.stackrox.io in ${namespace}`) ??
      (f.httpCode === 404 ? crdMissing(what) : apiError(e, what, 'check the API server and retry'))
    );
  }
}

/** Deletes the CR (Central then deletes its policy); false when it did not exist. */
export async function deleteSecurityPolicy(
  ctx: KubeContext,
  namespace: string,
  name: string,
): Promise<boolean> {
  const what = `Deleting SecurityPolicy ${namespace}/${name}`;
  try {
    await ctx.custom.deleteNamespacedCustomObject(
      { group: SP_GROUP, version: SP_VERSION, namespace, plural: SP_PLURAL, name },
      requestOptions(ctx.requestTimeoutMs),
    );
    return true;
  } catch (e) {
    const f = apiFailure(e);
    if (f.httpCode === 404 && !isCrdMissing(f.message)) return false;
    throw (
      commonKubeError(e, what, ctx.server, `delete securitypolicies.config.stackrox.io in ${namespace}`) ??
      (f.httpCode === 404 ? crdMissing(what) : apiError(e, what, 'check the API server and retry'))
    );
  }
}

/** How many times releaseSecurityPolicy starts over when the controller wrote the CR in between. */
const RELEASE_ATTEMPTS = 5;

/**
 * Deletes the CR but leaves its Central policy where it is, same id. The config-controller's
 * finalizer deletes Central's policy only `if IsAcceptedByCentral() && PolicyId != ""`
 * (config-controller/internal/controller/policy_controller.go, the same in 4.10.0, 4.11.0 and master), so status.policyId
 * is cleared first through the status subresource (a status write does not change the generation,
 * and the controller reconciles only generation changes: getEventFilter). The delete carries the
 * resourceVersion of that write as a precondition: a reconcile in between (the periodic requeue
 * writes policyId again) makes it 409 Conflict, and the release starts over. Returns false when
 * the CR does not exist.
 */
export async function releaseSecurityPolicy(
  ctx: KubeContext,
  namespace: string,
  name: string,
): Promise<boolean> {
  const what = `Releasing SecurityPolicy ${namespace}/${name} (deleting it, keeping its Central policy)`;
  const base = { group: SP_GROUP, version: SP_VERSION, namespace, plural: SP_PLURAL, name };
  const fail = (e: unknown, verb: string): HarnessError =>
    commonKubeError(
      e,
      what,
      ctx.server,
      `${verb} securitypolicies${verb === 'patch' ? '/status' : ''}.config.stackrox.io in ${namespace}`,
    ) ?? apiError(e, what, 'check the API server and retry');
  for (let attempt = 1; ; attempt++) {
    let released: SecurityPolicyObject;
    try {
      released = (await ctx.custom.patchNamespacedCustomObjectStatus(
        { ...base, body: { status: { policyId: '' } } },
        requestOptions(ctx.requestTimeoutMs, { 'Content-Type': PatchStrategy.MergePatch }),
      )) as SecurityPolicyObject;
    } catch (e) {
      if (apiFailure(e).httpCode === 404) return false;
      throw fail(e, 'patch');
    }
    try {
      await ctx.custom.deleteNamespacedCustomObject(
        { ...base, body: { preconditions: { resourceVersion: released.metadata.resourceVersion ?? '' } } },
        requestOptions(ctx.requestTimeoutMs),
      );
      return true;
    } catch (e) {
      const code = apiFailure(e).httpCode;
      if (code === 404) return false;
      if (code !== 409 || attempt >= RELEASE_ATTEMPTS) throw fail(e, 'delete');
    }
  }
}

export function notAcceptedError(
  what: string,
  cr: SecurityPolicyObject,
  namespace: string,
  centralNamespace: string,
  /** Where a config-controller Deployment was found, when the harness looked (KubeClient). */
  controllerNamespaces?: string[],
): HarnessError {
  const status = cr.status;
  const conditions = status?.conditions ?? [];
  const failing = conditions.find((c) => c.status === 'False') ?? conditions.find((c) => c.status !== 'True');
  const details = { namespace, name: cr.metadata.name, status };
  if (!status || (conditions.length === 0 && status.accepted === undefined)) {
    if (namespace !== centralNamespace) {
      return new HarnessError({
        code: 'POLICY_NOT_RECONCILED',
        what,
        cause: `the CR exists in namespace ${namespace} but never got a status: the config-controller only reconciles SecurityPolicies in Central's namespace (${centralNamespace}), so no policy was created and no error is shown anywhere (module finding F9)`,
        fix: `apply it with -n ${centralNamespace} (oc apply -n ${centralNamespace} -f ...) and delete the stray CR from ${namespace}`,
        details,
      });
    }
    const elsewhere = (controllerNamespaces ?? []).filter((ns) => ns !== centralNamespace);
    if (elsewhere.length > 0 && !controllerNamespaces?.includes(centralNamespace)) {
      const actual = elsewhere.join(', ');
      return new HarnessError({
        code: 'POLICY_NOT_RECONCILED',
        what,
        cause: `the CR never got a status: Central's config-controller runs in namespace ${actual}, not ${centralNamespace}, and reconciles SecurityPolicies only in its own namespace, so this one is ignored (module finding F9). The harness took ${centralNamespace} for Central's namespace from CENTRAL_NAMESPACE (default stackrox)`,
        fix: `set CENTRAL_NAMESPACE=${elsewhere[0]} (Central's namespace) and run again; delete the stray CR: oc delete securitypolicy ${cr.metadata.name} -n ${namespace}`,
        details: { ...details, controllerNamespaces },
      });
    }
    return new HarnessError({
      code: 'POLICY_NOT_RECONCILED',
      what,
      cause: 'the CR never got a status from the config-controller',
      fix: `check the config-controller runs (oc -n ${centralNamespace} get deploy config-controller; RHACS 4.6+) and read its logs`,
      details,
    });
  }
  if (failing) {
    return new HarnessError({
      code: 'POLICY_REJECTED',
      what,
      cause: `${failing.type}=${failing.status}: ${failing.message}`,
      fix: fixForCondition(failing.message, centralNamespace),
      details: { ...details, condition: failing },
    });
  }
  return new HarnessError({
    code: 'POLICY_REJECTED',
    what,
    cause: `accepted=${String(status.accepted)}: ${status.message ?? 'no message'}${status.policyId ? '' : ' (no policyId yet)'}`,
    fix: fixForCondition(status.message ?? '', centralNamespace),
    details,
  });
}

export function fixForCondition(message: string, centralNamespace: string): string {
  const notifier = /Notifier '([^']+)' does not exist/.exec(message);
  if (notifier) {
    return `create the ${notifier[1]} notifier in Central first (Platform Configuration -> Integrations), with exactly that name, or remove it from spec.notifiers; the controller retries with a growing backoff (up to 16 min 40 s), so if the CR stays refused after you created it, restart it: oc -n ${centralNamespace} rollout restart deployment/config-controller`;
  }
  if (/event source/i.test(message)) return 'set spec.eventSource: DEPLOYMENT_EVENT for a RUNTIME policy';
  if (/existing default policy/i.test(message)) {
    return 'rename spec.policyName: a default (system) policy already has this name';
  }
  return `fix the CR spec as the message says and re-apply it; the controller logs are in namespace ${centralNamespace}`;
}

function prepare(obj: unknown, namespace: string): SecurityPolicyObject {
  const what = 'Reading the SecurityPolicy to apply';
  if (!isPlainObject(obj) || !isPlainObject(obj.metadata) || typeof obj.metadata.name !== 'string') {
    throw new HarnessError({
      code: 'BAD_MANIFEST',
      what,
      cause: 'it is not a Kubernetes object with metadata.name',
      fix: 'check the YAML indentation (the module text loses it when copied: metadata, spec and their fields must be nested)',
    });
  }
  if (obj.apiVersion !== `${SP_GROUP}/${SP_VERSION}` || obj.kind !== SP_KIND) {
    throw new HarnessError({
      code: 'BAD_MANIFEST',
      what,
      cause: `expected apiVersion ${SP_GROUP}/${SP_VERSION}, kind ${SP_KIND}; got ${String(obj.apiVersion)}, ${String(obj.kind)}`,
      fix: 'apply a SecurityPolicy manifest',
    });
  }
  const ns = obj.metadata.namespace;
  if (typeof ns === 'string' && ns !== namespace) {
    throw new HarnessError({
      code: 'BAD_MANIFEST',
      what,
      cause: `the namespace from the provided object "${ns}" does not match the namespace "${namespace}"`,
      fix: 'drop metadata.namespace from the YAML or apply it to the same namespace',
    });
  }
  const copy = structuredClone(obj) as unknown as SecurityPolicyObject;
  copy.metadata.namespace = namespace;
  const annotations = { ...(copy.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const forRecord = { ...copy, metadata: { ...copy.metadata, annotations } };
  if (Object.keys(annotations).length === 0)
    delete (forRecord.metadata as { annotations?: unknown }).annotations;
  copy.metadata.annotations = { ...annotations, [LAST_APPLIED]: `${JSON.stringify(forRecord)}\n` };
  return copy;
}

function parseLastApplied(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isCrdMissing(message: string): boolean {
  return /could not find the requested resource/i.test(message);
}

function crdMissing(what: string): HarnessError {
  return new HarnessError({
    code: 'CRD_MISSING',
    what,
    cause:
      'the API server does not know securitypolicies.config.stackrox.io (the SecurityPolicy CRD is not installed)',
    fix: 'use RHACS 4.6 or later with the config-controller enabled (it installs the CRD), or create the policy in the console instead',
  });
}

function applyError(ctx: KubeContext, e: unknown, what: string, namespace: string): HarnessError {
  const common = commonKubeError(
    e,
    what,
    ctx.server,
    `create/patch securitypolicies.config.stackrox.io in ${namespace}`,
  );
  if (common) return common;
  const f = apiFailure(e);
  const message = f.message;
  if (f.httpCode === 400 && /strict decoding error|field not declared in schema/.test(message)) {
    const unknownFields = unknownFieldsOf(message);
    return new HarnessError({
      code: 'STRICT_DECODING',
      what,
      cause: `the API server rejected the object (BadRequest): ${message}. The YAML carries fields the SecurityPolicy CRD does not define (they come from Central's policy JSON export), and oc/kubectl apply validate strictly by default (module finding F1)`,
      fix: `remove ${unknownFields.join(', ') || 'the unknown fields'} from the YAML`,
      details: { unknownFields, httpCode: 400, status: f.status },
    });
  }
  if (f.httpCode === 422) {
    const causes = (f.status?.details?.causes ?? []).map((c) => ({
      field: c.field ?? '',
      reason: c.reason ?? '',
      message: c.message ?? '',
    }));
    return new HarnessError({
      code: 'INVALID',
      what,
      cause: `the API server found the object invalid: ${message}`,
      fix: `correct ${
        causes
          .map((c) => c.field)
          .filter(Boolean)
          .join(', ') || 'the fields named above'
      } in the YAML`,
      details: { causes, httpCode: 422, status: f.status },
    });
  }
  if (f.httpCode === 404) {
    if (isCrdMissing(message)) return crdMissing(what);
    if (/namespaces? "[^"]+" not found/.test(message)) {
      return new HarnessError({
        code: 'NAMESPACE_NOT_FOUND',
        what,
        cause: message,
        fix: `create the namespace or apply to Central's namespace (CENTRAL_NAMESPACE, default stackrox); only that one is reconciled`,
      });
    }
  }
  return apiError(e, what, 'read the API server message above and correct the manifest');
}
