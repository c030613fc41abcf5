// When an applied SecurityPolicy is in effect. The CR's status cannot say: it has no
// observedGeneration, so right after a re-apply it still shows the previous generation's
// AcceptedByCentral=True and policyId, and a failed conversion leaves that "True" in place
// (stackrox config-controller/internal/controller/policy_controller.go; reference/securitypolicy-cr.md,
// "Status"). The one rule of the harness: the spec is accepted when Central's policy matches it
// (name, notifier ids, scope, criteria, stages), and a PolicyValidated=False or AcceptedByCentral=False
// that outlasts the controller's retries is its refusal, explained with its message. Verify, check
// and solve all use it.

import type { Notifier, Policy, SecurityPolicyCondition } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import { HarnessError } from '../errors.ts';
import type { SecurityPolicyObject } from '../kube/security-policy.ts';
import { fixForCondition, notAcceptedError } from '../kube/security-policy.ts';
import { Probe, seconds, Wait } from '../wait.ts';
import { explainNotifierRefusal } from './notifier-refusal.ts';

/** Node clock vs the API server's lastTransitionTime. */
const CLOCK_SKEW_MS = 2_000;
/**
 * A failed reconcile is requeued with backoff and a failed conversion flushes the notifier cache at
 * most once a second, so a notifier created seconds earlier resolves within about a second
 * (reference/securitypolicy-cr.md, "Latency"): a False condition is final only after this window.
 */
const RETRY_WINDOW_MS = 5_000;
/** A False condition written before the apply answers this spec only if it is still there after this. */
const STALE_WINDOW_MS = 15_000;
/** Not retried by the controller: final at once (policy_controller.go, the default-policy clash). */
const FINAL_AT_ONCE = /^Failed to reconcile: existing default policy/;

export interface AcceptedPolicy {
  policyId: string;
  policy: Policy;
  conditions: SecurityPolicyCondition[];
}

export interface AcceptanceSources {
  kube: {
    getSecurityPolicy(namespace: string, name: string): Promise<SecurityPolicyObject | undefined>;
    /** Where the config-controller runs, asked only when a CR never got a status (finding F9). */
    configControllerNamespaces?(): Promise<string[] | undefined>;
  };
  central: Pick<CentralClient, 'getPolicy' | 'listNotifiers'>;
}

export interface AcceptanceRequest {
  namespace: string;
  name: string;
  /** Central's namespace: a CR elsewhere is never reconciled (finding F9). */
  centralNamespace: string;
  /** The spec as applied; undefined: the CR's own spec (check, which applies nothing). */
  spec?: Record<string, unknown>;
  /** When the spec was applied (ms); a condition written before it may be stale. */
  appliedAt?: number;
  timeoutMs: number;
  /** How long the controller's retries may take to clear a False condition (default 5 s). */
  retryWindowMs?: number;
}

/** How Central's policy differs from a CR spec, one phrase per difference; empty when it matches. */
export function specDifferences(
  spec: Record<string, unknown>,
  policy: Policy,
  notifiers: Notifier[],
): string[] {
  const differences: string[] = [];
  const wantName = typeof spec.policyName === 'string' ? spec.policyName.trim() : '';
  if (wantName !== '' && policy.name !== wantName)
    differences.push(`name: Central has "${policy.name}", the CR "${wantName}"`);

  const entries = stringList(spec.notifiers);
  const byName = new Map(notifiers.map((n) => [n.name, n.id]));
  const ids = new Set(notifiers.map((n) => n.id));
  const unknown = entries.filter((e) => !ids.has(e) && !byName.has(e));
  if (unknown.length > 0)
    differences.push(`notifiers: no notifier in Central is named ${unknown.join(', ')}`);
  const wantIds = entries
    .map((e) => (ids.has(e) ? e : byName.get(e)))
    .filter((id): id is string => id !== undefined);
  const nameOf = (id: string) => notifiers.find((n) => n.id === id)?.name ?? id;
  if (!sameSet(wantIds, policy.notifiers)) {
    differences.push(
      `notifiers: Central's policy has [${policy.notifiers.map(nameOf).join(', ')}], the CR lists [${entries.join(', ')}]`,
    );
  }

  const wantScope = scopeKeys(spec.scope);
  const haveScope = policy.scope.map((s) => scopeKey(s.namespace, s.label?.key, s.label?.value));
  if (!sameSet(wantScope, haveScope)) {
    differences.push(`scope: Central has [${haveScope.join(', ')}], the CR [${wantScope.join(', ')}]`);
  }

  const stages = stringList(spec.lifecycleStages);
  if (stages.length > 0 && !sameSet(stages, policy.lifecycleStages)) {
    differences.push(
      `lifecycle stages: Central has [${policy.lifecycleStages.join(', ')}], the CR [${stages.join(', ')}]`,
    );
  }
  if (typeof spec.eventSource === 'string' && spec.eventSource !== policy.eventSource) {
    differences.push(`event source: Central has ${policy.eventSource}, the CR ${spec.eventSource}`);
  }
  const disabled = spec.disabled === true;
  if (disabled !== policy.disabled)
    differences.push(`disabled: Central has ${policy.disabled}, the CR ${disabled}`);

  const wantCriteria = criteriaOf(spec.policySections);
  const haveCriteria = criteriaOf(policy.policySections);
  if (!sameSet(wantCriteria, haveCriteria)) {
    differences.push(
      `criteria: Central has [${haveCriteria.join('; ')}], the CR [${wantCriteria.join('; ')}]`,
    );
  }
  if (policy.source !== 'DECLARATIVE')
    differences.push(`source: Central's policy is ${policy.source}, not yet managed by the CR`);
  return differences;
}

/** Waits until Central's policy is the applied spec, or the controller's refusal, explained. */
export async function waitForPolicyAcceptance(
  sources: AcceptanceSources,
  request: AcceptanceRequest,
): Promise<AcceptedPolicy> {
  const { namespace, name, centralNamespace, timeoutMs } = request;
  const what = `Waiting up to ${seconds(timeoutMs)} for Central's policy to match the SecurityPolicy ${namespace}/${name}`;
  const started = Date.now();
  let lastCr: SecurityPolicyObject | undefined;
  return Wait.until<AcceptedPolicy, string[]>(
    async () => {
      const cr = await sources.kube.getSecurityPolicy(namespace, name);
      if (cr === undefined) {
        throw new HarnessError({
          code: 'POLICY_CR_MISSING',
          what,
          cause: `the SecurityPolicy ${namespace}/${name} does not exist (or was deleted while waiting)`,
          fix: `apply it first: oc apply -n ${centralNamespace} -f <file>`,
        });
      }
      lastCr = cr;
      const conditions = cr.status?.conditions ?? [];
      const elapsed = Date.now() - started;
      const refusal = conditions.find(
        (c) =>
          (c.type === 'PolicyValidated' || c.type === 'AcceptedByCentral') &&
          c.status === 'False' &&
          c.message !== '' &&
          elapsed >= finalAfter(c, request),
      );
      if (refusal) {
        const notifiers = (await sources.central.listNotifiers()).map((n) => n.name);
        throw refusedError(what, cr, refusal, centralNamespace, notifiers);
      }

      const spec = request.spec ?? cr.spec;
      const policy = await policyOf(sources.central, cr);
      if (policy === undefined)
        return Probe.notYet(['the controller has not written a policyId of an existing policy yet']);
      const differences = specDifferences(spec, policy, await sources.central.listNotifiers());
      if (differences.length === 0) return Probe.done({ policyId: policy.id, policy, conditions });
      return Probe.notYet(differences);
    },
    {
      timeoutMs,
      intervalMs: 100,
      // The controller takes a few seconds: polls 2 s apart saw it up to 2 s late, which is the
      // harness's time, not the pipeline's. Two reads twice a second are nothing to the API servers.
      maxIntervalMs: 500,
      onTimeout: async ({ lastSeen }) => {
        // The first probe either read the CR or threw, so it is there.
        const cr = lastCr as SecurityPolicyObject;
        if (!cr.status || (cr.status.conditions ?? []).length === 0) {
          const controllers =
            namespace === centralNamespace ? await sources.kube.configControllerNamespaces?.() : undefined;
          return notAcceptedError(what, cr, namespace, centralNamespace, controllers);
        }
        const accepted = cr.status.conditions?.find((c) => c.type === 'AcceptedByCentral');
        return new HarnessError({
          code: 'POLICY_NOT_IN_EFFECT',
          what,
          cause: `after ${seconds(timeoutMs)} Central's policy still differs from the applied spec (${(lastSeen ?? []).join('; ')})${accepted?.status === 'True' ? "; the CR's AcceptedByCentral=True is from an earlier apply, not this spec" : ''}`,
          fix: `read the controller's view: oc -n ${centralNamespace} get securitypolicy ${name} -o yaml, and its logs: oc -n ${centralNamespace} logs deploy/config-controller; re-apply the CR once it reconciles`,
          details: { namespace, name, status: cr.status, differences: lastSeen },
        });
      },
    },
  );
}

/** The policy the controller says is the CR's; a same-name policy is not proof (a stray CR, finding F9). */
async function policyOf(
  central: AcceptanceSources['central'],
  cr: SecurityPolicyObject,
): Promise<Policy | undefined> {
  const id = cr.status?.policyId;
  if (!id) return undefined;
  try {
    return await central.getPolicy(id);
  } catch (err) {
    if (err instanceof HarnessError && err.details?.status === 404) return undefined;
    throw err;
  }
}

function refusedError(
  what: string,
  cr: SecurityPolicyObject,
  condition: SecurityPolicyCondition,
  centralNamespace: string,
  centralNotifiers: string[],
): HarnessError {
  const refusal = explainNotifierRefusal(condition.message, centralNotifiers, centralNamespace);
  return new HarnessError({
    code: 'POLICY_REJECTED',
    what,
    cause: `${condition.type}=False: ${condition.message}${refusal ? ` (written at ${condition.lastTransitionTime ?? 'an unknown time'}); ${refusal.cause}` : ''}`,
    fix: refusal?.fix ?? fixForCondition(condition.message, centralNamespace),
    details: { namespace: cr.metadata.namespace, name: cr.metadata.name, status: cr.status, condition },
  });
}

/** How long into the wait a False condition must still stand to be the controller's answer. */
function finalAfter(condition: SecurityPolicyCondition, request: AcceptanceRequest): number {
  const retry = Math.min(request.retryWindowMs ?? RETRY_WINDOW_MS, request.timeoutMs);
  if (request.appliedAt === undefined) return 0;
  const at = Date.parse(condition.lastTransitionTime ?? '');
  const fresh = Number.isFinite(at) && at >= request.appliedAt - CLOCK_SKEW_MS;
  if (!fresh) return Math.min(Math.max(STALE_WINDOW_MS, retry), request.timeoutMs);
  return FINAL_AT_ONCE.test(condition.message) ? 0 : retry;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function sameSet(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function scopeKey(namespace: string | undefined, key: string | undefined, value: string | undefined): string {
  return `${namespace || '*'}${key ? ` ${key}=${value ?? ''}` : ''}`;
}

function scopeKeys(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((s) => {
    const scope = (typeof s === 'object' && s !== null ? s : {}) as {
      namespace?: string;
      label?: { key?: string; value?: string } | null;
    };
    return scopeKey(scope.namespace, scope.label?.key, scope.label?.value);
  });
}

/** "fieldName[!][AND]=v1,v2" per policy group, with Central's defaults (OR, not negated). */
function criteriaOf(sections: unknown): string[] {
  if (!Array.isArray(sections)) return [];
  return sections.flatMap((section) => {
    const groups = (section as { policyGroups?: unknown }).policyGroups;
    if (!Array.isArray(groups)) return [];
    return groups.map((g) => {
      const group = g as {
        fieldName?: string;
        booleanOperator?: string;
        negate?: boolean;
        values?: { value?: string }[];
      };
      const values = (group.values ?? []).map((v) => v.value ?? '').sort();
      return `${group.fieldName ?? ''}${group.negate ? '!' : ''}${group.booleanOperator === 'AND' ? '[AND]' : ''}=${values.join(',')}`;
    });
  });
}
