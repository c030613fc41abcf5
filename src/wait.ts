// The harness's one wait vocabulary. Every wait on Central, the cluster, a receiver or a polled API goes
// through `Wait.until`: a probe is called with a backoff until it returns a value, and a wait that
// runs out ends in the caller's own precise HarnessError (what was awaited, where, for how long,
// what was seen last, the fix), never in a generic "timed out".
//
// Channel readers that are woken by an event stream (src/channels/) keep their own waiters; they
// still report through the same kind of HarnessError.

import { setTimeout as sleep } from 'node:timers/promises';
import { HarnessError } from './errors.ts';

export interface WaitSchedule {
  /** How long the whole wait may take. */
  timeoutMs: number;
  /** The first pause between probes (default 20 ms); it grows by `factor` up to `maxIntervalMs`. */
  intervalMs?: number;
  /** The longest pause between probes (default 1 s). */
  maxIntervalMs?: number;
  /** Growth of the pause after each probe (default 2). */
  factor?: number;
  /** Ends the wait early: with `onAbort`'s error, else WAIT_ABORTED. */
  signal?: AbortSignal;
}

/** What a timed-out wait knows, for the caller's error. */
export interface WaitOutcome<S> {
  elapsedMs: number;
  probes: number;
  /** What the last probe saw (its `seen`), when it said. */
  lastSeen: S | undefined;
}

/** A probe's answer: `done` with the value, or not yet, with what it saw instead. */
export type ProbeResult<T, S> = { done: true; value: T } | { done: false; seen?: S };

export const Probe = {
  done<T>(value: T): { done: true; value: T } {
    return { done: true, value };
  },
  notYet<S>(seen?: S): { done: false; seen?: S } {
    return seen === undefined ? { done: false } : { done: false, seen };
  },
} as const;

export interface UntilSpec<S> extends WaitSchedule {
  /** The error for a wait that ran out; it is given what the wait saw. */
  onTimeout: (outcome: WaitOutcome<S>) => HarnessError | Promise<HarnessError>;
  /** The error for a wait its `signal` stopped (e.g. a reader closed under it). */
  onAbort?: () => HarnessError;
}

async function until<T, S = never>(probe: () => Promise<ProbeResult<T, S>>, spec: UntilSpec<S>): Promise<T> {
  const started = Date.now();
  const deadline = started + spec.timeoutMs;
  let pause = spec.intervalMs ?? 20;
  let probes = 0;
  let lastSeen: S | undefined;
  for (;;) {
    const result = await probe();
    probes++;
    if (result.done) return result.value;
    if (result.seen !== undefined) lastSeen = result.seen;
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      await sleep(Math.min(pause, left), undefined, spec.signal ? { signal: spec.signal } : undefined);
    } catch {
      if (spec.onAbort) throw spec.onAbort();
      throw new HarnessError({
        code: 'WAIT_ABORTED',
        what: 'Waiting',
        cause: 'the run was stopped while the wait was under way',
        fix: 'Nothing to fix: the run was interrupted',
      });
    }
    pause = Math.min(spec.maxIntervalMs ?? 1_000, Math.round(pause * (spec.factor ?? 2)));
  }
  throw await spec.onTimeout({ elapsedMs: Date.now() - started, probes, lastSeen });
}

/** Waits for a probe that returns the value, or undefined while it is not there yet. */
function forValue<T>(probe: () => Promise<T | undefined>, spec: UntilSpec<never>): Promise<T> {
  return until<T, never>(async () => {
    const value = await probe();
    return value === undefined ? Probe.notYet() : Probe.done(value);
  }, spec);
}

/** Seconds for a message, e.g. "90 s" or "0.5 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

export const Wait = { until, forValue } as const;
