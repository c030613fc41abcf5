// One verify run at a time per cluster: a coordination.k8s.io/v1 Lease held for the whole run
// (kubernetes.io/docs/concepts/architecture/leases). Two runs against one cluster share the
// visa-processor pod and its alerts and break each other's negative controls (real-cluster.md section 6).
//
// The lease says who holds it (`<runId>@<host>`), since when, and until when (renewTime +
// leaseDurationSeconds). The holder renews it every third of the duration; a run that died stops
// renewing, so its lease expires and the next run takes it over. Every write carries the
// resourceVersion it was based on, so of two runs racing for it exactly one wins (409 Conflict).
import { hostname } from 'node:os';
import { CoordinationV1Api, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import type { HarnessConfig } from '../config.ts';
import { describeError, HarnessError } from '../errors.ts';
import { Probe, seconds, Wait } from '../wait.ts';
import type { KubeClient } from './client.ts';
import { connectKube } from './connect.ts';
import { requestOptions } from './context.ts';
import { apiError, commonKubeError } from './failures.ts';
import { apiFailure } from './status.ts';

export const RUN_LEASE_NAME = 'rhacs-notifications-harness';

const REQUEST_TIMEOUT_MS = 10_000;

export interface RunLeaseOptions {
  namespace: string;
  name: string;
  runId: string;
  host: string;
  /** leaseDurationSeconds: how long after its last renewal the lease counts as abandoned. */
  durationSeconds: number;
  /** How long to wait for another run's lease to be released or to expire (0: do not wait). */
  waitMs: number;
  signal?: AbortSignal;
  /** Where progress lines go (default console.log). */
  say?: (line: string) => void;
  /** Told once when a renewal finds the lease taken or deleted by someone else. */
  onLost?: (error: HarnessError) => void;
}

export interface RunLease {
  /** `<runId>@<host>`. */
  readonly holder: string;
  /** Set when a renewal found the lease no longer ours; renewing has stopped then. */
  readonly lost: HarnessError | undefined;
  /** Stops renewing and deletes the lease if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

interface OtherHolder {
  runId: string;
  host: string;
  since: string;
  /** Its leaseDurationSeconds: how long after its last renewal it counts as abandoned. */
  durationSeconds: number | undefined;
}

/** Takes the run lease, waiting up to `waitMs` for another run's; renews it until release(). */
export async function acquireRunLease(kube: KubeClient, opts: RunLeaseOptions): Promise<RunLease> {
  const api = kube.kubeConfig.makeApiClient(CoordinationV1Api);
  const holder = `${opts.runId}@${opts.host}`;
  const say = opts.say ?? ((line: string) => console.log(line));
  const where = `${opts.namespace}/${opts.name}`;
  const what = `Taking the run lease ${where} on ${kube.server}`;
  const call = requestOptions(REQUEST_TIMEOUT_MS);
  let toldWaiting = false;

  const fail = (e: unknown, verb: string): HarnessError =>
    commonKubeError(e, what, kube.server, verb) ??
    apiError(e, what, `check that the namespace ${opts.namespace} exists and the API server is healthy`);

  const fresh = (previous?: V1Lease): V1Lease => {
    const now = new V1MicroTime();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: previous?.metadata ?? { name: opts.name, namespace: opts.namespace },
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: opts.durationSeconds,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: previous ? (previous.spec?.leaseTransitions ?? 0) + 1 : 0,
      },
    };
  };

  const tryAcquire = async () => {
    const current = await readLease(api, opts.namespace, opts.name).catch((e: unknown) => {
      throw fail(e, 'get leases.coordination.k8s.io');
    });
    try {
      if (current === undefined) {
        return Probe.done(
          await api.createNamespacedLease({ namespace: opts.namespace, body: fresh() }, call),
        );
      }
      const spec = current.spec ?? {};
      const other = spec.holderIdentity ?? '';
      if (other === holder) {
        // This very run (a restarted setup): keep its acquireTime and transitions.
        return Probe.done(await replace(api, opts, renewed(current, opts.durationSeconds)));
      }
      if (other === '' || isExpired(current)) {
        const taken = await replace(api, opts, fresh(current));
        if (other !== '') say(`Run lease ${where}: took over the expired run lease of ${other}`);
        return Probe.done(taken);
      }
      const seen = holderOf(current);
      if (!toldWaiting) {
        toldWaiting = true;
        say(
          `Run lease ${where}: ${describeOther(seen)} holds it; waiting up to ${seconds(opts.waitMs)} for it to finish`,
        );
      }
      return Probe.notYet(seen);
    } catch (e) {
      // Another run created or took it between our read and our write: look again.
      if (apiFailure(e).httpCode === 409) return Probe.notYet<OtherHolder>();
      throw fail(e, 'create/update leases.coordination.k8s.io');
    }
  };

  const taken = await Wait.until<V1Lease, OtherHolder>(tryAcquire, {
    timeoutMs: opts.waitMs,
    intervalMs: 250,
    maxIntervalMs: Math.max(250, Math.min(5_000, (opts.durationSeconds * 1000) / 3)),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onTimeout: async ({ lastSeen }) => {
      const seen =
        lastSeen ?? holderOf(await readLease(api, opts.namespace, opts.name).catch(() => undefined));
      return new HarnessError({
        code: 'RUN_IN_PROGRESS',
        what,
        cause: `${describeOther(seen)} is in progress on this cluster`,
        fix: `wait for that run to finish and start again (waited ${seconds(opts.waitMs)}); if that run is dead, its lease expires ${seen.durationSeconds ?? opts.durationSeconds} s after its last renewal, or delete it now: \`kubectl delete lease ${opts.name} -n ${opts.namespace}\``,
        details: { lease: where, holder: seen },
      });
    },
  });
  return new HeldLease(api, opts, holder, taken, say);
}

class HeldLease implements RunLease {
  #lost: HarnessError | undefined;
  #current: V1Lease;
  #timer: NodeJS.Timeout | undefined;
  #renewing = false;
  #released = false;

  constructor(
    private readonly api: CoordinationV1Api,
    private readonly opts: RunLeaseOptions,
    readonly holder: string,
    taken: V1Lease,
    private readonly say: (line: string) => void,
  ) {
    this.#current = taken;
    this.#timer = setInterval(() => void this.renew(), (opts.durationSeconds * 1000) / 3);
    // The lease must never keep the process alive on its own.
    this.#timer.unref();
  }

  get lost(): HarnessError | undefined {
    return this.#lost;
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.stop();
    if (this.#lost) return;
    const { namespace, name } = this.opts;
    const current = await readLease(this.api, namespace, name).catch(() => undefined);
    if (current?.spec?.holderIdentity !== this.holder) return;
    try {
      await this.api.deleteNamespacedLease(
        {
          namespace,
          name,
          body: {
            preconditions: { uid: current.metadata?.uid, resourceVersion: current.metadata?.resourceVersion },
          },
        },
        requestOptions(REQUEST_TIMEOUT_MS),
      );
    } catch (e) {
      // Gone already, or taken meanwhile (precondition Conflict): either way it is not ours to delete.
      const code = apiFailure(e).httpCode;
      if (code === 404 || code === 409) return;
      throw apiError(
        e,
        `Releasing the run lease ${namespace}/${name}`,
        `delete it by hand: \`kubectl delete lease ${name} -n ${namespace}\``,
      );
    }
  }

  private stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  private async renew(): Promise<void> {
    if (this.#renewing || this.#timer === undefined) return;
    this.#renewing = true;
    const { namespace, name } = this.opts;
    try {
      const stored = await replace(this.api, this.opts, renewed(this.#current, this.opts.durationSeconds));
      if (this.#timer !== undefined) this.#current = stored;
    } catch (e) {
      const code = apiFailure(e).httpCode;
      if (code === 409 || code === 404) {
        this.stop();
        this.#lost = new HarnessError({
          code: 'RUN_LEASE_LOST',
          what: `Renewing the run lease ${namespace}/${name}`,
          cause:
            code === 409
              ? 'the lease was changed by someone else (409 Conflict): another run took it over, so two runs may now share the cluster'
              : 'the lease was deleted by someone else (404): another run can start on this cluster at any moment',
          fix: `check \`kubectl get lease ${name} -n ${namespace} -o yaml\` for the other holder, let one run finish, then run again`,
        });
        this.say(this.#lost.message);
        this.opts.onLost?.(this.#lost);
      }
      // A failed request (network, 5xx) is retried at the next tick; the lease outlives two misses.
    } finally {
      this.#renewing = false;
    }
  }
}

async function readLease(
  api: CoordinationV1Api,
  namespace: string,
  name: string,
): Promise<V1Lease | undefined> {
  try {
    return await api.readNamespacedLease({ namespace, name }, requestOptions(REQUEST_TIMEOUT_MS));
  } catch (e) {
    if (apiFailure(e).httpCode === 404) return undefined;
    throw e;
  }
}

function replace(api: CoordinationV1Api, opts: RunLeaseOptions, body: V1Lease): Promise<V1Lease> {
  return api.replaceNamespacedLease(
    { namespace: opts.namespace, name: opts.name, body },
    requestOptions(REQUEST_TIMEOUT_MS),
  );
}

/** The same lease with renewTime now, based on its resourceVersion. */
function renewed(lease: V1Lease, durationSeconds: number): V1Lease {
  const spec = lease.spec ?? {};
  return {
    ...lease,
    spec: {
      ...spec,
      leaseDurationSeconds: durationSeconds,
      // A plain Date would serialise with milliseconds, which kube-apiserver's MicroTime decoding refuses.
      ...(spec.acquireTime instanceof Date
        ? { acquireTime: new V1MicroTime(spec.acquireTime.getTime()) }
        : {}),
      renewTime: new V1MicroTime(),
    },
  };
}

/** client-node hands MicroTime back as the server's text, though its type says Date: read either. */
function timeOf(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value ?? ''));
}

function textOf(value: unknown): string {
  if (value === undefined || value === null) return 'an unknown time';
  return value instanceof Date ? value.toISOString() : String(value);
}

function isExpired(lease: V1Lease): boolean {
  const renewed = timeOf(lease.spec?.renewTime ?? lease.spec?.acquireTime);
  const duration = lease.spec?.leaseDurationSeconds ?? 0;
  return Number.isNaN(renewed) || renewed + duration * 1000 < Date.now();
}

function holderOf(lease: V1Lease | undefined): OtherHolder {
  const identity = lease?.spec?.holderIdentity ?? '';
  const at = identity.indexOf('@');
  return {
    runId: at < 0 ? identity || 'unknown' : identity.slice(0, at),
    host: at < 0 ? 'unknown' : identity.slice(at + 1),
    since: textOf(lease?.spec?.acquireTime),
    durationSeconds: lease?.spec?.leaseDurationSeconds,
  };
}

function describeOther(other: OtherHolder | undefined): string {
  return other ? `another run (id ${other.runId}, host ${other.host}, since ${other.since})` : 'another run';
}

// This process's run lease: verify holds it from global setup to global teardown, so a second verify
// run against the same cluster stops before its first scenario; `npm run cleanup` holds it while it
// removes leftovers. `check` reads only and takes no lease.

/** The exit code of a run stopped because another run holds the cluster (README, exit codes). */
export const RUN_IN_PROGRESS_EXIT_CODE = 3;
/** A dead run's lease is taken over this long after its last renewal. */
export const RUN_LEASE_DURATION_SECONDS = 60;
/** How long a second run waits for the first one before it gives up. */
export const RUN_LEASE_WAIT_MS = 60_000;

// Global setup and teardown run in Playwright's runner process but may load this file twice.
const SLOT = Symbol.for('rhacs-harness.run-lease');
type Slot = { [SLOT]?: RunLease };

export type RunLeaseSettings = Pick<HarnessConfig, 'kube' | 'central' | 'runId' | 'secrets'>;

export async function takeRunLease(cfg: RunLeaseSettings, waitMs = RUN_LEASE_WAIT_MS): Promise<RunLease> {
  const kube = await connectKube(cfg);
  const lease = await acquireRunLease(kube, {
    namespace: cfg.central.namespace,
    name: RUN_LEASE_NAME,
    runId: cfg.runId,
    host: hostname(),
    durationSeconds: RUN_LEASE_DURATION_SECONDS,
    waitMs,
    say: (line) => console.log(line),
    onLost: (e) => console.error(describeError(e, cfg.secrets)),
  });
  (globalThis as Slot)[SLOT] = lease;
  return lease;
}

/** Releases the lease taken by takeRunLease, if any; a failure is printed, not thrown. */
export async function releaseRunLease(): Promise<void> {
  const lease = (globalThis as Slot)[SLOT];
  delete (globalThis as Slot)[SLOT];
  await lease?.release().catch((e: unknown) => console.error(describeError(e)));
}
