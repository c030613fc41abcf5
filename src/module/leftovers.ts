// Giving back what a verify run took over, and recognising what an earlier run left behind.
//
// A run's own objects carry its labels (src/kube/harness-objects.ts): the SecurityPolicy it created
// (with, when it adopted a console-made policy, that policy as it was in an annotation), the
// in-cluster receiver's namespace, and the run record listing the notifiers it created in Central.
// Anything without those marks is the user's and is never touched here.

import type { Policy } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import { HarnessError, isHarnessError } from '../errors.ts';
import type { KubeClient } from '../kube/client.ts';
import {
  ADOPTED_POLICY_ANNOTATION,
  deleteNamespace,
  deleteRunRecord,
  listHarnessNamespaces,
  listHarnessSecurityPolicies,
  listRunRecords,
  RUN_ID_LABEL,
} from '../kube/harness-objects.ts';
import type { SecurityPolicyObject } from '../kube/security-policy.ts';
import { MANAGED_BY } from '../receivers/in-cluster.ts';
import { Probe, seconds, Wait } from '../wait.ts';
import { CR_GONE_TIMEOUT_MS } from './time-budget.ts';

export interface LeftoverDeps {
  kube: KubeClient;
  central: CentralClient;
}

/** The key of a created notifier in the run record. */
export const notifierRecordKey = (id: string) => `notifier.${id}`;

const CR_CHANGE_PREFIX = 'securitypolicy.';

interface CrChange {
  namespace: string;
  name: string;
  uid: string;
  /** The CR's generation before the run applied its spec: the run's apply made it at most one more. */
  generation: number;
  /** The CR as the user had it, to re-apply. */
  original: Record<string, unknown>;
}

/**
 * The run record's entry for the user's own CR the run re-applies, so a run that dies (or keeps
 * things with KEEP=1) before it puts the CR back leaves what it was.
 */
export function crChangeRecord(
  before: SecurityPolicyObject,
  original: Record<string, unknown>,
): { key: string; value: string } {
  const change: CrChange = {
    namespace: before.metadata.namespace ?? '',
    name: before.metadata.name,
    uid: before.metadata.uid ?? '',
    generation: before.metadata.generation ?? 0,
    original,
  };
  return { key: `${CR_CHANGE_PREFIX}${change.namespace}.${change.name}`, value: JSON.stringify(change) };
}

/**
 * Re-applies the user's CR as it was, if it is still the one the run changed and nobody changed
 * its spec after the run (a spec change bumps metadata.generation; metadata and status writes do
 * not: the CustomResource strategy of k8s.io/apiextensions-apiserver).
 */
async function putBackCr(kube: KubeClient, change: CrChange): Promise<string> {
  const current = await kube.getSecurityPolicy(change.namespace, change.name);
  const where = `${change.namespace}/${change.name}`;
  if (current === undefined) return `left alone: ${where} was deleted since`;
  if (current.metadata.uid !== change.uid || (current.metadata.generation ?? 0) > change.generation + 1)
    return `left alone: ${where} was changed again after the run (generation ${current.metadata.generation ?? '?'}), so that change is kept`;
  await kube.applySecurityPolicy(change.original, {
    namespace: change.namespace,
    fieldManager: MANAGED_BY,
  });
  return 'put back as it was';
}

async function waitCrGone(kube: KubeClient, namespace: string, name: string): Promise<void> {
  await Wait.until<true, string>(
    async () =>
      (await kube.getSecurityPolicy(namespace, name)) === undefined
        ? Probe.done(true)
        : Probe.notYet('still there'),
    {
      timeoutMs: CR_GONE_TIMEOUT_MS,
      intervalMs: 50,
      onTimeout: (o) =>
        new HarnessError({
          code: 'CR_DELETE_TIMEOUT',
          what: `Deleting SecurityPolicy ${namespace}/${name}`,
          cause: `it still exists after ${seconds(o.elapsedMs)} (its finalizer was not removed)`,
          fix: `Check that the config-controller in ${namespace} is running (oc -n ${namespace} logs deploy/config-controller)`,
        }),
    },
  );
}

async function policyOrUndefined(central: CentralClient, id: string): Promise<Policy | undefined> {
  return central.getPolicy(id).catch((e: unknown) => {
    if (isHarnessError(e) && e.code === 'CENTRAL_NOT_FOUND') return undefined;
    throw e;
  });
}

/**
 * The user's policy back as it was, same id: the CR that adopted it is deleted without it
 * (kube.releaseSecurityPolicy), then the original is PUT back. Central's PutPolicy has no source
 * check and stores the body as sent, `source` included (central/policy/service/service_impl.go
 * PutPolicy -> central/policy/datastore/datastore_impl.go UpdatePolicy).
 */
export async function giveBackAdoptedPolicy(
  { kube, central }: LeftoverDeps,
  cr: { namespace: string; name: string },
  original: Policy,
): Promise<void> {
  await kube.releaseSecurityPolicy(cr.namespace, cr.name);
  await waitCrGone(kube, cr.namespace, cr.name);
  if ((await policyOrUndefined(central, original.id)) === undefined) {
    throw new HarnessError({
      code: 'POLICY_LOST',
      what: `Giving back the policy "${original.name}" (id ${original.id})`,
      cause: 'Central no longer has it: something else deleted it while the run held it',
      fix: `Recreate it in the console (it was: ${original.description || 'no description'}; notifiers ${original.notifiers.length})`,
    });
  }
  await central.updatePolicy(original);
}

/**
 * Removes a CR the run created, and the Central policy it made. The finalizer deletes the policy
 * only when the CR's last apply was accepted (policy_controller.go: `IsAcceptedByCentral() &&
 * PolicyId != ""`), so one left behind is removed here: 4.11+ refuses DELETE of a DECLARATIVE
 * policy to anyone but the config-controller (service_impl.go DeletePolicy), so it is made
 * IMPERATIVE first (PutPolicy stores the source sent).
 */
export async function removeRunCr(
  { kube, central }: LeftoverDeps,
  cr: { namespace: string; name: string },
): Promise<void> {
  const last = await kube.getSecurityPolicy(cr.namespace, cr.name);
  if (last === undefined) return;
  await kube.deleteSecurityPolicy(cr.namespace, cr.name);
  await waitCrGone(kube, cr.namespace, cr.name);
  const id = last.status?.policyId;
  if (!id) return;
  const policy = await policyOrUndefined(central, id);
  if (policy === undefined) return;
  if (policy.source === 'DECLARATIVE') await central.updatePolicy({ ...policy, source: 'IMPERATIVE' });
  await central.deletePolicy(id);
}

export interface Leftover {
  runId: string;
  /** A run record goes last, and only when everything else of its run was removed. */
  kind: 'object' | 'record';
  what: string;
  /** What the report says once it is removed (default "removed"). */
  done?: string;
  /** Removes it; a string is what the report says instead of `done`. */
  remove(): Promise<unknown>;
}

function adoptedOf(cr: SecurityPolicyObject): Policy | undefined {
  const text = cr.metadata.annotations?.[ADOPTED_POLICY_ANNOTATION];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as Policy;
  } catch {
    return undefined;
  }
}

/**
 * What earlier runs left in the cluster and in Central, marked as theirs, in the order it is
 * removed: CRs first (their policies), then notifiers (a CR may name them), then namespaces.
 */
export async function findLeftovers(
  deps: LeftoverDeps,
  where: { centralNamespace: string; runId: string },
): Promise<{ leftovers: Leftover[]; unreadable: string[] }> {
  const { kube, central } = deps;
  const found: Leftover[] = [];
  const unreadable: string[] = [];
  // One kind that cannot be listed (RBAC, say) does not hide the others.
  const read = async <T>(list: () => Promise<T[]>): Promise<T[]> =>
    list().catch((e: unknown) => {
      unreadable.push(e instanceof Error ? e.message : String(e));
      return [];
    });
  for (const cr of await read(() => listHarnessSecurityPolicies(kube, where.centralNamespace))) {
    const runId = cr.metadata.labels?.[RUN_ID_LABEL] ?? '';
    if (runId === where.runId) continue;
    const ref = { namespace: where.centralNamespace, name: cr.metadata.name };
    const adopted = adoptedOf(cr);
    found.push(
      adopted
        ? {
            runId,
            kind: 'object',
            what: `SecurityPolicy ${ref.namespace}/${ref.name}, holding the console-made policy "${adopted.name}" (id ${adopted.id})`,
            done: 'removed; the policy is given back as it was, same id',
            remove: () => giveBackAdoptedPolicy(deps, ref, adopted),
          }
        : {
            runId,
            kind: 'object',
            what: `SecurityPolicy ${ref.namespace}/${ref.name} and its Central policy${cr.status?.policyId ? ` ${cr.status.policyId}` : ''}`,
            remove: () => removeRunCr(deps, ref),
          },
    );
  }
  const records = (await read(() => listRunRecords(kube, where.centralNamespace))).filter(
    (r) => r.runId !== where.runId,
  );
  // The user's CRs first: the run's notifiers may still be named in the spec it applied.
  const changes: Leftover[] = [];
  for (const record of records) {
    for (const [key, value] of Object.entries(record.entries)) {
      if (!key.startsWith(CR_CHANGE_PREFIX)) continue;
      let change: CrChange;
      try {
        change = JSON.parse(value) as CrChange;
      } catch {
        continue;
      }
      changes.push({
        runId: record.runId,
        kind: 'object',
        what: `the change to SecurityPolicy ${change.namespace}/${change.name}`,
        remove: () => putBackCr(kube, change),
      });
    }
  }
  found.unshift(...changes);
  for (const record of records) {
    const keys = Object.keys(record.entries).sort();
    for (const key of keys) {
      const id = key.startsWith('notifier.') ? key.slice('notifier.'.length) : undefined;
      if (id === undefined) continue;
      const name = record.entries[key] ?? '';
      found.push({
        runId: record.runId,
        kind: 'object',
        what: `notifier "${name}" (id ${id})`,
        remove: async () => {
          const current = (await central.listNotifiers()).find((n) => n.id === id);
          // Same id but renamed: someone took it over; it is no longer only the run's.
          if (current && current.name === name) await central.deleteNotifier(id);
        },
      });
    }
    found.push({
      runId: record.runId,
      kind: 'record',
      what: `its record ConfigMap ${where.centralNamespace}/${record.name}`,
      remove: () => deleteRunRecord(kube, where.centralNamespace, record.name),
    });
  }
  for (const ns of await read(() => listHarnessNamespaces(kube))) {
    if (ns.runId === where.runId || ns.terminating) continue;
    found.push({
      runId: ns.runId,
      kind: 'object',
      what: `namespace ${ns.name} (in-cluster receiver)`,
      remove: () => deleteNamespace(kube, ns.name),
    });
  }
  return { leftovers: found, unreadable };
}

/**
 * Finds, reports and (unless `reportOnly`) removes what earlier runs left. One line per leftover;
 * a removal that fails is reported with its reason and the rest go on. The run record of a run is
 * deleted last, and only when everything it listed was removed.
 */
export async function cleanUpLeftovers(
  deps: LeftoverDeps,
  where: { centralNamespace: string; runId: string },
  opts: { say: (line: string) => void; reportOnly?: boolean },
): Promise<{ found: number; failed: number }> {
  const { leftovers, unreadable } = await findLeftovers(deps, where);
  for (const u of unreadable) opts.say(`Could not look for leftovers of earlier runs: ${u}`);
  let failed = 0;
  const failedRuns = new Set<string>();
  for (const l of leftovers) {
    if (opts.reportOnly) {
      opts.say(`Leftover of run ${l.runId}: ${l.what} (not removed: read-only)`);
      continue;
    }
    if (l.kind === 'record' && failedRuns.has(l.runId)) continue;
    try {
      const said = await l.remove();
      opts.say(
        `Leftover of run ${l.runId}: ${l.what}: ${typeof said === 'string' ? said : (l.done ?? 'removed')}`,
      );
    } catch (e) {
      failed++;
      failedRuns.add(l.runId);
      const reason = e instanceof Error ? e.message : String(e);
      opts.say(`Leftover of run ${l.runId}: ${l.what}: NOT removed: ${reason}`);
    }
  }
  return { found: leftovers.length, failed };
}

/**
 * What this run took over from the user, to give back when the run ends after a failure: the
 * console-made policies its CRs adopted and the user's CRs it re-applied. Only these: what the run
 * created stays for inspection. A worker does not give them back itself after a failed test, since
 * Playwright goes on with the next scenarios in a new worker and they build on that state.
 */
export async function findOwnTakeovers(
  deps: LeftoverDeps,
  where: { centralNamespace: string; runId: string },
): Promise<Leftover[]> {
  const { kube } = deps;
  const found: Leftover[] = [];
  for (const record of await listRunRecords(kube, where.centralNamespace)) {
    if (record.runId !== where.runId) continue;
    for (const [key, value] of Object.entries(record.entries)) {
      if (!key.startsWith(CR_CHANGE_PREFIX)) continue;
      const change = JSON.parse(value) as CrChange;
      found.push({
        runId: where.runId,
        kind: 'object',
        what: `the change to SecurityPolicy ${change.namespace}/${change.name}`,
        remove: () => putBackCr(kube, change),
      });
    }
  }
  for (const cr of await listHarnessSecurityPolicies(kube, where.centralNamespace)) {
    if (cr.metadata.labels?.[RUN_ID_LABEL] !== where.runId) continue;
    const adopted = adoptedOf(cr);
    if (adopted === undefined) continue;
    const ref = { namespace: where.centralNamespace, name: cr.metadata.name };
    found.push({
      runId: where.runId,
      kind: 'object',
      what: `the console-made policy "${adopted.name}" (id ${adopted.id}), held by SecurityPolicy ${ref.namespace}/${ref.name}`,
      done: 'given back as it was, same id',
      remove: () => giveBackAdoptedPolicy(deps, ref, adopted),
    });
  }
  return found;
}
