// One run at a time per cluster: the harness's coordination.k8s.io/v1 Lease against the lab.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoordinationV1Api, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { HarnessError } from '../../src/errors.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { acquireRunLease, type RunLeaseOptions } from '../../src/kube/run-lease.ts';

const NAMESPACE = 'stackrox';
const MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('run lease against the lab', () => {
  let dir: string;
  let lab: Lab;
  let kube: KubeClient;
  let leases: CoordinationV1Api;
  let seq = 0;

  const options = (overrides: Partial<RunLeaseOptions> = {}): RunLeaseOptions => ({
    namespace: NAMESPACE,
    name: `lease-${++seq}`,
    runId: 'run-a',
    host: 'host-a',
    durationSeconds: 30,
    waitMs: 0,
    say: () => {},
    ...overrides,
  });
  /** The stored lease as JSON text fields, whatever type client-node hands back for MicroTime. */
  const read = async (name: string) => {
    const lease = await leases.readNamespacedLease({ namespace: NAMESPACE, name });
    return JSON.parse(JSON.stringify(lease)) as {
      metadata: { resourceVersion: string };
      spec: Record<string, string | number | undefined>;
    };
  };
  const exists = async (name: string) =>
    leases.readNamespacedLease({ namespace: NAMESPACE, name }).then(
      () => true,
      (e: { code?: number }) => (e.code === 404 ? false : Promise.reject(e)),
    );

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-lease-test-'));
    lab = await startLab({ dir });
    kube = await connectKube({ kube: { kubeconfig: lab.kubeconfigPath } });
    leases = kube.kubeConfig.makeApiClient(CoordinationV1Api);
  });
  after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('acquire creates the lease for runId@host with microsecond times; release deletes it', async () => {
    const opts = options({ durationSeconds: 45 });
    const lease = await acquireRunLease(kube, opts);
    assert.equal(lease.holder, 'run-a@host-a');
    const stored = await read(opts.name);
    assert.equal(stored.spec.holderIdentity, 'run-a@host-a');
    assert.equal(stored.spec.leaseDurationSeconds, 45);
    assert.equal(stored.spec.leaseTransitions, 0);
    assert.match(String(stored.spec.acquireTime), MICRO);
    assert.match(String(stored.spec.renewTime), MICRO);
    await lease.release();
    assert.equal(await exists(opts.name), false);
    await lease.release();
  });

  test('a second run waits up to waitMs, says so once, then fails with RUN_IN_PROGRESS', async () => {
    const first = await acquireRunLease(kube, options());
    const name = `lease-${seq}`;
    const since = String((await read(name)).spec.acquireTime);
    const lines: string[] = [];
    const started = Date.now();
    const error = await acquireRunLease(
      kube,
      options({
        name,
        runId: 'run-b',
        host: 'host-b',
        durationSeconds: 5,
        waitMs: 700,
        say: (l) => lines.push(l),
      }),
    ).then(
      () => assert.fail('the second run got the lease'),
      (e: unknown) => e,
    );
    assert.ok(Date.now() - started >= 700, 'it waited');
    assert.ok(error instanceof HarnessError, String(error));
    assert.equal(error.code, 'RUN_IN_PROGRESS');
    assert.equal(
      error.cause,
      `another run (id run-a, host host-a, since ${since}) is in progress on this cluster`,
    );
    assert.match(error.fix, new RegExp(`kubectl delete lease ${name} -n ${NAMESPACE}`));
    assert.match(error.fix, /expires 30 s after its last renewal/, "the holder's own duration");
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0] ?? '', /another run \(id run-a, host host-a, since .*\).*waiting up to 0\.7 s/);
    assert.equal((await read(name)).spec.holderIdentity, 'run-a@host-a', 'the first run keeps it');
    await first.release();
  });

  test('a waiting run gets the lease once the holder releases it', async () => {
    const first = await acquireRunLease(kube, options());
    const name = `lease-${seq}`;
    const second = acquireRunLease(kube, options({ name, runId: 'run-b', host: 'host-b', waitMs: 5_000 }));
    await sleep(300);
    await first.release();
    const lease = await second;
    assert.equal((await read(name)).spec.holderIdentity, 'run-b@host-b');
    await lease.release();
  });

  test('an expired lease is taken over and leaseTransitions goes up by one', async () => {
    const name = `lease-${++seq}`;
    const past = new V1MicroTime(Date.now() - 10_000);
    const dead: V1Lease = {
      metadata: { name, namespace: NAMESPACE },
      spec: {
        holderIdentity: 'run-dead@host-x',
        leaseDurationSeconds: 2,
        acquireTime: past,
        renewTime: past,
        leaseTransitions: 3,
      },
    };
    await leases.createNamespacedLease({ namespace: NAMESPACE, body: dead });
    const lines: string[] = [];
    const lease = await acquireRunLease(kube, options({ name, say: (l) => lines.push(l) }));
    const stored = await read(name);
    assert.equal(stored.spec.holderIdentity, 'run-a@host-a');
    assert.equal(stored.spec.leaseTransitions, 4);
    assert.equal(stored.spec.leaseDurationSeconds, 30);
    assert.ok(Date.parse(String(stored.spec.acquireTime)) > Date.now() - 5_000);
    assert.match(lines.join('\n'), /took over the expired run lease of run-dead@host-x/);
    await lease.release();
  });

  test('renewal every durationSeconds/3 keeps the lease from expiring', async () => {
    const opts = options({ durationSeconds: 1 });
    const lease = await acquireRunLease(kube, opts);
    const firstRenew = Date.parse(String((await read(opts.name)).spec.renewTime));
    await sleep(1_600);
    const stored = await read(opts.name);
    assert.ok(Date.parse(String(stored.spec.renewTime)) > firstRenew + 500, 'renewTime moved on');
    assert.equal(stored.spec.holderIdentity, 'run-a@host-a');
    const other = await acquireRunLease(kube, options({ name: opts.name, runId: 'run-b' })).catch(
      (e: unknown) => e,
    );
    assert.ok(other instanceof HarnessError && other.code === 'RUN_IN_PROGRESS', String(other));
    assert.equal(lease.lost, undefined);
    await lease.release();
  });

  test('a renewal that meets a Conflict stops, reports the loss and leaves the new holder alone', async () => {
    const lost: HarnessError[] = [];
    const lines: string[] = [];
    const opts = options({
      durationSeconds: 1,
      onLost: (e) => lost.push(e),
      say: (l) => lines.push(l),
    });
    const lease = await acquireRunLease(kube, opts);
    // Read-modify-write until it lands: the holder's own renewals may move the resourceVersion on.
    for (;;) {
      const current = await leases.readNamespacedLease({ namespace: NAMESPACE, name: opts.name });
      current.spec = { ...current.spec, holderIdentity: 'intruder@host-z', renewTime: new V1MicroTime() };
      const wrote = await leases
        .replaceNamespacedLease({ namespace: NAMESPACE, name: opts.name, body: current })
        .then(
          () => true,
          (e: { code?: number }) => (e.code === 409 ? false : Promise.reject(e)),
        );
      if (wrote) break;
    }
    await sleep(900);
    assert.equal(lost.length, 1);
    assert.equal(lease.lost, lost[0]);
    assert.equal(lost[0]?.code, 'RUN_LEASE_LOST');
    assert.match(lost[0]?.cause ?? '', /changed by someone else/);
    await lease.release();
    assert.equal((await read(opts.name)).spec.holderIdentity, 'intruder@host-z');
    const afterLoss = (await read(opts.name)).metadata.resourceVersion;
    await sleep(500);
    assert.equal((await read(opts.name)).metadata.resourceVersion, afterLoss, 'no more renewals');
  });
});
