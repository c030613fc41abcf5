// The start state most students arrive in: the earlier module already applied the SecurityPolicy
// `no-bash-allowed` without notifiers, and Central accepted it ("Run the following command if you have
// not created the policy in the earlier module", module text; reference/real-cluster.md §1). It is
// applied through the lab's own API, as `oc apply` would, so the config-controller reconciles it.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { KubeApi } from './lab.ts';

const CORRECTED_CR = new URL('../module/no-bash-allowed.yaml', import.meta.url);

export async function applyEarlierModuleCr(kube: KubeApi, adminToken: string): Promise<void> {
  const cr = parse(await readFile(CORRECTED_CR, 'utf8')) as {
    metadata: { name: string; namespace: string };
    spec: Record<string, unknown>;
  };
  delete cr.spec.notifiers;
  const { name, namespace } = cr.metadata;
  const res = await fetch(
    `${kube.url}/apis/config.stackrox.io/v1alpha1/namespaces/${namespace}/securitypolicies?fieldManager=kubectl-client-side-apply`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(cr),
    },
  );
  if (res.status !== 201)
    throw new Error(`applying the earlier module's CR: ${res.status} ${await res.text()}`);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const conditions = (
      kube.cluster.getSecurityPolicy(namespace, name)?.status as
        | { conditions?: { type: string; status: string }[] }
        | undefined
    )?.conditions;
    if (conditions?.some((c) => c.type === 'AcceptedByCentral' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error("the earlier module's CR was not accepted within 10 s");
    await new Promise((r) => setTimeout(r, 20));
  }
}
