// The start state most students arrive in: the earlier module already applied the SecurityPolicy
// `no-bash-allowed` without notifiers, and Central accepted it ("Run the following command if you have
// not created the policy in the earlier module", module text; reference/real-cluster.md §1). It is
// applied through the lab's own API, as `oc apply` would, so the config-controller reconciles it.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { CentralInternals } from './central/server.ts';
import type { KubeApi } from './lab.ts';

const CORRECTED_CR = new URL('../module/no-bash-allowed.yaml', import.meta.url);

type Cr = { metadata: { name: string; namespace: string }; spec: Record<string, unknown> };

async function postCr(kube: KubeApi, adminToken: string, cr: Cr): Promise<void> {
  const { namespace } = cr.metadata;
  const res = await fetch(
    `${kube.url}/apis/config.stackrox.io/v1alpha1/namespaces/${namespace}/securitypolicies?fieldManager=kubectl-client-side-apply`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(cr),
    },
  );
  if (res.status !== 201) throw new Error(`applying the module's CR: ${res.status} ${await res.text()}`);
}

async function untilCondition(kube: KubeApi, cr: Cr, type: string, status: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const conditions = (
      kube.cluster.getSecurityPolicy(cr.metadata.namespace, cr.metadata.name)?.status as
        | { conditions?: { type: string; status: string }[] }
        | undefined
    )?.conditions;
    if (conditions?.some((c) => c.type === type && c.status === status)) return;
    if (Date.now() > deadline) throw new Error(`the module's CR did not reach ${type}=${status} within 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The module's CR, in Central's namespace (the file says stackrox). */
async function moduleCr(namespace: string): Promise<Cr> {
  const cr = parse(await readFile(CORRECTED_CR, 'utf8')) as Cr;
  cr.metadata.namespace = namespace;
  return cr;
}

export async function applyEarlierModuleCr(
  kube: KubeApi,
  adminToken: string,
  namespace: string,
): Promise<void> {
  const cr = await moduleCr(namespace);
  delete cr.spec.notifiers;
  await postCr(kube, adminToken, cr);
  await untilCondition(kube, cr, 'AcceptedByCentral', 'True');
}

/**
 * The module's CR, notifiers included, applied before slack-alerts and teams-alerts existed, some
 * minutes ago: PolicyValidated=False ("Notifier 'slack-alerts' does not exist") and the controller's
 * retry backoff already at ~5 min (16 failures: 5 ms * 2^16), so creating the notifiers now is not
 * noticed until then; an unchanged re-apply does not trigger a reconcile (generation unchanged).
 */
export const BACKOFF_FAILURES = 16;

export async function applyCrBeforeNotifiers(
  kube: KubeApi,
  central: CentralInternals,
  adminToken: string,
  namespace: string,
): Promise<void> {
  const cr = await moduleCr(namespace);
  await postCr(kube, adminToken, cr);
  await untilCondition(kube, cr, 'PolicyValidated', 'False');
  central.assumeControllerFailures(cr.metadata.name, BACKOFF_FAILURES);
}
