// What marks an object in the cluster as made by a verify run, and the run's record of what it
// made in Central (which has no labels): a ConfigMap in Central's namespace, written as each thing
// is created and emptied as it is removed. A run that failed, was killed or ran with KEEP=1 leaves
// both behind, so the next run (or `npm run cleanup`) can tell its leftovers from the user's setup.
import { CoreV1Api, CustomObjectsApi, PatchStrategy, type V1ConfigMap } from '@kubernetes/client-node';
import { MANAGED_BY } from '../receivers/in-cluster.ts';
import type { KubeClient } from './client.ts';
import { requestOptions } from './context.ts';
import { apiError, commonKubeError } from './failures.ts';
import { type SecurityPolicyObject, SP_GROUP, SP_PLURAL, SP_VERSION } from './security-policy.ts';
import { apiFailure } from './status.ts';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const RUN_ID_LABEL = 'rhacs-harness/run-id';
/** On a CR the run applied over a console-made policy of the same name: that policy as it was (JSON). */
export const ADOPTED_POLICY_ANNOTATION = 'rhacs-harness/adopted-policy';
const RECORD_LABEL = 'rhacs-harness/record';
const REQUEST_TIMEOUT_MS = 10_000;

/** The labels of everything a run creates in the cluster. */
export function harnessLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY_LABEL]: MANAGED_BY, [RUN_ID_LABEL]: runId };
}

const OURS = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;
const opts = () => requestOptions(REQUEST_TIMEOUT_MS);

export function recordName(runId: string): string {
  return `rhacs-harness-run-${runId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
}

function failure(kube: KubeClient, e: unknown, what: string, verb: string): Error {
  return commonKubeError(e, what, kube.server, verb) ?? apiError(e, what, 'check the API server and retry');
}

/** SecurityPolicies in `namespace` labelled as a run's. */
export async function listHarnessSecurityPolicies(
  kube: KubeClient,
  namespace: string,
): Promise<SecurityPolicyObject[]> {
  const api = kube.kubeConfig.makeApiClient(CustomObjectsApi);
  const list = (await api
    .listNamespacedCustomObject(
      { group: SP_GROUP, version: SP_VERSION, namespace, plural: SP_PLURAL, labelSelector: OURS },
      opts(),
    )
    .catch((e: unknown) => {
      if (apiFailure(e).httpCode === 404) return { items: [] };
      throw failure(
        kube,
        e,
        `Listing the harness's SecurityPolicies in ${namespace}`,
        'list securitypolicies',
      );
    })) as { items?: SecurityPolicyObject[] };
  return list.items ?? [];
}

/** Namespaces labelled as a run's (the in-cluster receivers'), with their run id. */
export async function listHarnessNamespaces(
  kube: KubeClient,
): Promise<{ name: string; runId: string; terminating: boolean }[]> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  const list = await api.listNamespace({ labelSelector: OURS }, opts()).catch((e: unknown) => {
    throw failure(kube, e, "Listing the harness's namespaces", 'list namespaces');
  });
  return list.items.map((n) => ({
    name: n.metadata?.name ?? '',
    runId: n.metadata?.labels?.[RUN_ID_LABEL] ?? '',
    terminating: n.metadata?.deletionTimestamp !== undefined,
  }));
}

export async function deleteNamespace(kube: KubeClient, name: string): Promise<void> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  await api.deleteNamespace({ name }, opts()).catch((e: unknown) => {
    if (apiFailure(e).httpCode === 404) return;
    throw failure(kube, e, `Deleting namespace ${name}`, 'delete namespaces');
  });
}

export interface RunRecord {
  runId: string;
  name: string;
  /** key -> value, as written by recordCreated. */
  entries: Record<string, string>;
}

/** The records of earlier runs in `namespace` (every run's, this one's included). */
export async function listRunRecords(kube: KubeClient, namespace: string): Promise<RunRecord[]> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  const list = await api
    .listNamespacedConfigMap({ namespace, labelSelector: `${OURS},${RECORD_LABEL}=created` }, opts())
    .catch((e: unknown) => {
      throw failure(kube, e, `Listing the harness's run records in ${namespace}`, 'list configmaps');
    });
  return list.items.map((c) => ({
    runId: c.metadata?.labels?.[RUN_ID_LABEL] ?? '',
    name: c.metadata?.name ?? '',
    entries: { ...(c.data ?? {}) },
  }));
}

/** Adds (value) or removes (null) one entry of the run's record, creating the record if needed. */
export async function writeRunRecord(
  kube: KubeClient,
  namespace: string,
  runId: string,
  key: string,
  value: string | null,
): Promise<void> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  const name = recordName(runId);
  const what = `Recording what run ${runId} created (ConfigMap ${namespace}/${name})`;
  const patch = () =>
    api.patchNamespacedConfigMap(
      { namespace, name, body: { data: { [key]: value } } },
      requestOptions(REQUEST_TIMEOUT_MS, { 'Content-Type': PatchStrategy.MergePatch }),
    );
  try {
    await patch();
    return;
  } catch (e) {
    if (apiFailure(e).httpCode !== 404) throw failure(kube, e, what, 'patch configmaps');
  }
  if (value === null) return;
  const body: V1ConfigMap = {
    metadata: { name, namespace, labels: { ...harnessLabels(runId), [RECORD_LABEL]: 'created' } },
    data: { [key]: value },
  };
  await api.createNamespacedConfigMap({ namespace, body }, opts()).catch(async (e: unknown) => {
    if (apiFailure(e).httpCode !== 409) throw failure(kube, e, what, 'create configmaps');
    await patch();
  });
}

export async function deleteRunRecord(kube: KubeClient, namespace: string, name: string): Promise<void> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  await api.deleteNamespacedConfigMap({ namespace, name }, opts()).catch((e: unknown) => {
    if (apiFailure(e).httpCode === 404) return;
    throw failure(kube, e, `Deleting the run record ${namespace}/${name}`, 'delete configmaps');
  });
}

/** Deletes the run's record if it holds no entry (any more). */
export async function dropRunRecordIfEmpty(
  kube: KubeClient,
  namespace: string,
  runId: string,
): Promise<void> {
  const api = kube.kubeConfig.makeApiClient(CoreV1Api);
  const name = recordName(runId);
  const current = await api.readNamespacedConfigMap({ namespace, name }, opts()).catch((e: unknown) => {
    if (apiFailure(e).httpCode === 404) return undefined;
    throw failure(kube, e, `Reading the run record ${namespace}/${name}`, 'get configmaps');
  });
  if (!current || Object.keys(current.data ?? {}).length > 0) return;
  await api
    .deleteNamespacedConfigMap(
      {
        namespace,
        name,
        body: { preconditions: { resourceVersion: current.metadata?.resourceVersion ?? '' } },
      },
      opts(),
    )
    .catch((e: unknown) => {
      const code = apiFailure(e).httpCode;
      // 409: an entry was written meanwhile; 404: already gone.
      if (code === 404 || code === 409) return;
      throw failure(kube, e, `Deleting the run record ${namespace}/${name}`, 'delete configmaps');
    });
}

/** The run record of `runId` as the cleanup ledger writes it. */
export function runRecorder(kube: KubeClient, namespace: string, runId: string) {
  return {
    write: (key: string, value: string | null) => writeRunRecord(kube, namespace, runId, key, value),
    dropIfEmpty: () => dropRunRecordIfEmpty(kube, namespace, runId),
  };
}
