// The config-controller: turns SecurityPolicy CRs in Central's namespace, and only there, into DECLARATIVE
// policies, through the same validation as the API. It resolves notifier names through a cache
// that refreshes when older than notifierCacheTtlMs (real: 5 min, client.go EnsureFresh) and is
// flushed after a failed conversion (FlushCache, at most once a second), and re-applies CR specs
// over console edits on resync (4.11) or restart (4.8-4.10).
// A failed reconcile is retried as controller-runtime retries an error: per CR, 5 ms doubling up
// to 1000 s, reset by a success (workqueue DefaultTypedControllerRateLimiter,
// ItemExponentialFailureRateLimiter(5ms, 1000s)); a default-policy name clash is not retried
// (policy_controller.go returns nil). A CR change is reconciled at once, whatever the backoff.

import type { Policy, SecurityPolicyCondition } from '../../types/rhacs.ts';
import { type ClusterState, type KubeObject, POLICY_FINALIZER } from '../contract.ts';
import { CentralError } from './errors.ts';
import { onRollout } from './rollouts.ts';
import { isObject, policyFromJson } from './shapes.ts';
import type { CentralStore } from './store.ts';

export interface ControllerTiming {
  controllerDelayMs: number;
  notifierCacheTtlMs: number;
  resyncIntervalMs: number | null;
}

export interface ControllerOptions {
  cluster: ClusterState;
  /**
   * Central's namespace, where the controller runs and the only one it watches: its manager's cache
   * has DefaultNamespaces = {POD_NAMESPACE} (stackrox config-controller/main.go NewCache,
   * pkg/env/namespace.go), set from the pod's metadata.namespace (helm
   * 02-config-controller-02-deployment.yaml). A CR anywhere else is never reconciled.
   */
  namespace: string;
  store: CentralStore;
  timing: ControllerTiming;
  log: (line: string) => void;
}

interface NotifierCache {
  byName: Map<string, string>;
  ids: Set<string>;
  refreshedAt: number;
}

/** The controller's Deployment in Central's namespace (helm 02-config-controller-02-deployment.yaml). */
const CONFIG_CONTROLLER = 'config-controller';

/** The prefix of a spec that cannot become a policy (policy_controller.go, securitypolicy-cr.md). */
const CONVERSION_FAILED = 'Unable to convert given spec to protobuf: ';

type Outcome = { ok: true } | { ok: false; retry: boolean };

class ReconcileFailure extends Error {
  constructor(
    readonly condition: 'PolicyValidated' | 'AcceptedByCentral',
    message: string,
    readonly kind: {
      /** false: the controller returns nil and waits for the next CR change or resync. */
      retry?: boolean;
      /** A spec that could not be converted: the controller flushes its caches before the retry. */
      conversion?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** controller-runtime's per-item exponential backoff: 5 ms * 2^failures, at most 1000 s. */
export function retryBackoffMs(failures: number): number {
  return Math.min(5 * 2 ** failures, 1_000_000);
}

function keyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** What the last reconcile saw, so status-only updates (our own writes) do not loop. */
function fingerprint(obj: KubeObject): string {
  return JSON.stringify([obj.spec ?? null, obj.metadata.deletionTimestamp ?? null]);
}

/** spec -> Central policy (notifiers still as written in the CR). */
export function policyFromSpec(spec: Record<string, unknown>): Policy {
  const p = policyFromJson({
    ...spec,
    id: '',
    name: typeof spec.policyName === 'string' ? spec.policyName : '',
    policyVersion: '1.1',
    lastUpdated: null,
    source: 'DECLARATIVE',
  });
  p.isDefault = false;
  p.criteriaLocked = false;
  p.mitreVectorsLocked = false;
  return p;
}

export class ConfigController {
  private cache: NotifierCache | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Failed reconciles in a row, per CR: the exponent of the next retry's backoff. */
  private readonly failures = new Map<string, number>();
  private readonly applied = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private readonly unsubscribeRollouts: () => void;
  private resyncTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly o: ControllerOptions) {
    this.unsubscribe = o.cluster.onSecurityPolicyEvent((type, obj) => {
      if (obj.metadata.namespace !== this.o.namespace) return;
      if (type === 'DELETED') {
        this.applied.delete(keyOf(obj));
        return;
      }
      if (!obj.metadata.deletionTimestamp && this.applied.get(keyOf(obj)) === fingerprint(obj)) return;
      this.schedule(obj.metadata.name, o.timing.controllerDelayMs);
    });
    this.unsubscribeRollouts = onRollout(o.cluster, o.namespace, CONFIG_CONTROLLER, () => this.restart());
    if (o.timing.resyncIntervalMs !== null) {
      this.resyncTimer = setInterval(() => this.reconcileAll(), o.timing.resyncIntervalMs);
      this.resyncTimer.unref();
    }
    // The controller loads its caches when it starts, so notifiers created later are unknown
    // until the next refresh.
    this.notifierCache();
    this.reconcileAll();
  }

  /** A controller pod restart: caches and retry backoffs are lost and every CR is reconciled again. */
  restart(): void {
    this.cache = undefined;
    this.failures.clear();
    this.notifierCache();
    this.applied.clear();
    this.reconcileAll();
  }

  /**
   * As if the CR had failed `failures` reconciles in a row (minutes of retries on a real cluster,
   * e.g. a CR applied before its notifiers existed): its next retry comes after retryBackoffMs(failures).
   */
  assumeFailures(name: string, failures: number): void {
    this.failures.set(`${this.o.namespace}/${name}`, failures + 1);
    this.schedule(name, retryBackoffMs(failures));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.unsubscribeRollouts();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private reconcileAll(): void {
    for (const obj of this.o.cluster.listSecurityPolicies()) {
      if (obj.metadata.namespace !== this.o.namespace) continue;
      this.applied.delete(keyOf(obj));
      this.schedule(obj.metadata.name, this.o.timing.controllerDelayMs);
    }
  }

  private schedule(name: string, delayMs: number): void {
    if (this.closed) return;
    const key = `${this.o.namespace}/${name}`;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      try {
        const outcome = this.reconcile(name);
        if (outcome.ok || !outcome.retry) this.failures.delete(key);
        else {
          const failures = this.failures.get(key) ?? 0;
          this.failures.set(key, failures + 1);
          this.schedule(name, retryBackoffMs(failures));
        }
      } catch (err) {
        this.o.log(
          `config-controller: reconcile of ${key} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    }, delayMs);
    this.timers.set(key, timer);
  }

  /** FlushCache: a refetch at the next lookup, unless the cache is under a second old. */
  private flushNotifierCache(): void {
    if (this.cache && Date.now() - this.cache.refreshedAt >= 1_000) this.cache = undefined;
  }

  private notifierCache(): NotifierCache {
    const now = Date.now();
    if (!this.cache || now - this.cache.refreshedAt >= this.o.timing.notifierCacheTtlMs) {
      const byName = new Map<string, string>();
      const ids = new Set<string>();
      for (const n of this.o.store.notifiers.values()) {
        byName.set(n.name, n.id);
        ids.add(n.id);
      }
      this.cache = { byName, ids, refreshedAt: now };
    }
    return this.cache;
  }

  private resolveNotifiers(entries: string[]): string[] {
    const cache = this.notifierCache();
    return entries.map((entry) => {
      if (cache.ids.has(entry)) return entry;
      const id = cache.byName.get(entry);
      if (id !== undefined) return id;
      throw new ReconcileFailure(
        'PolicyValidated',
        `${CONVERSION_FAILED}Notifier '${entry}' does not exist`,
        { conversion: true },
      );
    });
  }

  private resolveScopes(policy: Policy): void {
    const { clusterId, clusterName } = this.o.cluster;
    const fix = (s: { cluster: string }) => {
      if (!s.cluster || s.cluster === clusterId) return;
      if (s.cluster === clusterName) s.cluster = clusterId;
      else
        throw new ReconcileFailure(
          'PolicyValidated',
          `${CONVERSION_FAILED}Cluster '${s.cluster}' does not exist`,
          { conversion: true },
        );
    };
    for (const s of policy.scope) fix(s);
    for (const e of policy.exclusions) if (e.deployment?.scope) fix(e.deployment.scope);
  }

  private reconcile(name: string): Outcome {
    const obj = this.o.cluster.getSecurityPolicy(this.o.namespace, name);
    if (!obj) return { ok: true };
    const status = isObject(obj.status) ? obj.status : {};
    const knownId = typeof status.policyId === 'string' ? status.policyId : '';

    if (obj.metadata.deletionTimestamp) {
      if (obj.metadata.finalizers?.includes(POLICY_FINALIZER)) {
        // policy_controller.go deletes Central's policy only `if IsAcceptedByCentral() && PolicyId != ""`:
        // a CR whose last apply failed leaves its policy in Central.
        const conditions = Array.isArray(status.conditions) ? status.conditions : [];
        const accepted = conditions.some(
          (c) => isObject(c) && c.type === 'AcceptedByCentral' && c.status === 'True',
        );
        if (accepted && knownId) {
          // client.go DeletePolicy refuses a cached policy that is not DECLARATIVE (an unknown id is
          // a nil policy, whose source is the proto default IMPERATIVE): the reconcile fails and is
          // retried, so the finalizer stays. The real controller reads its policy cache (refreshed
          // at most every 5 min); the lab reads Central's current policy, i.e. a fresh cache.
          const policy = this.o.store.policies.get(knownId);
          if (policy?.source !== 'DECLARATIVE') {
            this.o.log(
              `config-controller: failed to delete policy "${name}": policy "${policy?.name ?? ''}" is not externally managed and can be deleted only from central`,
            );
            return { ok: false, retry: true };
          }
          this.o.store.removePolicy(knownId);
        }
        this.o.cluster.removeSecurityPolicyFinalizer(this.o.namespace, name, POLICY_FINALIZER);
      }
      return { ok: true };
    }

    // Recorded first: our own finalizer and status writes come back as MODIFIED events.
    this.applied.set(keyOf(obj), fingerprint(obj));
    if (!obj.metadata.finalizers?.includes(POLICY_FINALIZER))
      this.o.cluster.addSecurityPolicyFinalizer(this.o.namespace, name, POLICY_FINALIZER);

    const spec = obj.spec ?? {};
    try {
      const policy = policyFromSpec(spec);
      policy.notifiers = this.resolveNotifiers(policy.notifiers);
      this.resolveScopes(policy);
      const { id, created } = this.apply(policy, knownId);
      this.writeStatus(obj, {
        validated: { status: 'True', message: 'Policy successfully validated.' },
        accepted: {
          status: 'True',
          message: created ? 'Policy was accepted by Central.' : 'Policy was updated in Central.',
        },
        policyId: id,
      });
      return { ok: true };
    } catch (err) {
      if (!(err instanceof ReconcileFailure) && !(err instanceof CentralError)) throw err;
      // Central's own refusal comes back wrapped by the controller's client (config-controller/pkg/client/client.go).
      const verb = knownId && this.o.store.policies.has(knownId) ? 'update' : 'create';
      const failure =
        err instanceof ReconcileFailure
          ? err
          : new ReconcileFailure(
              'AcceptedByCentral',
              `Failed to ${verb} policy '${typeof spec.policyName === 'string' ? spec.policyName : ''}': ${err.message}`,
            );
      if (failure.kind.conversion) this.flushNotifierCache();
      const validatedOk = failure.condition === 'AcceptedByCentral';
      // A conversion failure sets only PolicyValidated=False; AcceptedByCentral keeps what the
      // previous reconcile wrote (reference/real-cluster.md §1, config-controller/internal/controller/policy_controller.go).
      this.writeStatus(obj, {
        validated: validatedOk
          ? { status: 'True', message: 'Policy successfully validated.' }
          : { status: 'False', message: failure.message },
        accepted: validatedOk ? { status: 'False', message: failure.message } : undefined,
        policyId: knownId,
      });
      return { ok: false, retry: failure.kind.retry ?? true };
    }
  }

  /** Create, update, or adopt a same-name custom policy. Central's validation errors propagate. */
  private apply(policy: Policy, knownId: string): { id: string; created: boolean } {
    const store = this.o.store;
    const sameName = store.findPolicyByName(policy.name.trim());
    if (sameName && sameName.id !== knownId && sameName.isDefault)
      throw new ReconcileFailure(
        'PolicyValidated',
        `Failed to reconcile: existing default policy with the same name '${sameName.name}' exists`,
        { retry: false },
      );
    const targetId = knownId && store.policies.has(knownId) ? knownId : sameName?.id;
    if (targetId) {
      store.updatePolicy(targetId, policy, { source: 'DECLARATIVE' });
      return { id: targetId, created: false };
    }
    return { id: store.addPolicy(policy, { source: 'DECLARATIVE' }).id, created: true };
  }

  private writeStatus(
    obj: KubeObject,
    s: {
      validated: { status: 'True' | 'False'; message: string };
      /** undefined: keep the previous AcceptedByCentral condition (if any). */
      accepted: { status: 'True' | 'False'; message: string } | undefined;
      policyId: string;
    },
  ): void {
    const previous =
      isObject(obj.status) && Array.isArray(obj.status.conditions) ? obj.status.conditions : [];
    const now = new Date().toISOString();
    const condition = (
      type: SecurityPolicyCondition['type'],
      status: SecurityPolicyCondition['status'],
      message: string,
    ): SecurityPolicyCondition => {
      const before = previous.find((c): c is SecurityPolicyCondition => isObject(c) && c.type === type);
      const lastTransitionTime = before && before.status === status ? before.lastTransitionTime : now;
      return { type, status, message, lastTransitionTime };
    };
    const keptAccepted = previous.find(
      (c): c is SecurityPolicyCondition => isObject(c) && c.type === 'AcceptedByCentral',
    );
    const acceptedCondition = s.accepted
      ? condition('AcceptedByCentral', s.accepted.status, s.accepted.message)
      : keptAccepted;
    // 4.8+ writes only conditions and policyId: no accepted/message/observedGeneration
    // (reference/real-cluster.md §1).
    const status: Record<string, unknown> = {
      conditions: [
        condition('CentralDataFresh', 'True', 'Central caches refreshed successfully.'),
        condition('PolicyValidated', s.validated.status, s.validated.message),
        ...(acceptedCondition ? [acceptedCondition] : []),
      ],
    };
    if (s.policyId) status.policyId = s.policyId;
    this.o.cluster.setSecurityPolicyStatus(this.o.namespace, obj.metadata.name, status);
  }
}
