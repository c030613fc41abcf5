// The run lease as verify's global setup takes it (src/kube/run-lease.ts takeRunLease), against a lab.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { HarnessError } from '../../src/errors.ts';
import { releaseRunLease, takeRunLease } from '../../src/kube/run-lease.ts';

let dir: string;
let lab: Lab;
const settings = (runId: string) => ({
  kube: { kubeconfig: lab.kubeconfigPath },
  central: { namespace: 'stackrox', insecureSkipTlsVerify: false },
  runId,
  secrets: [],
});

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-lease-fixture-'));
  lab = await startLab({ dir });
});
after(async () => {
  await lab.close();
  await rm(dir, { recursive: true, force: true });
});

test('a second run on a held cluster fails with RUN_IN_PROGRESS and the kubectl command; release frees it', async () => {
  await takeRunLease(settings('first-run'));
  const error = await takeRunLease(settings('second-run'), 0).catch((e: unknown) => e);
  assert.ok(error instanceof HarnessError, String(error));
  assert.equal(error.code, 'RUN_IN_PROGRESS');
  assert.match(error.cause, new RegExp(`^another run \\(id first-run, host ${hostname()}, since \\S+\\)`));
  assert.match(error.fix, /kubectl delete lease rhacs-notifications-harness -n stackrox/);

  await releaseRunLease();
  const kc = new KubeConfig();
  kc.loadFromFile(lab.kubeconfigPath ?? '');
  const read = kc
    .makeApiClient(CoordinationV1Api)
    .readNamespacedLease({ namespace: 'stackrox', name: 'rhacs-notifications-harness' });
  await assert.rejects(read, (e: { code?: number }) => e.code === 404);
  await takeRunLease(settings('second-run'), 0);
  await releaseRunLease();
});
