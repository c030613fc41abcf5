import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HarnessError } from '../../src/errors.ts';
import { Probe, seconds, Wait } from '../../src/wait.ts';

const timeoutError = (what: string) => (o: { elapsedMs: number; probes: number; lastSeen: unknown }) =>
  new HarnessError({
    code: 'X_TIMEOUT',
    what,
    cause: `not there after ${o.probes} probes; last saw ${JSON.stringify(o.lastSeen)}`,
    fix: 'wait longer',
  });

test('Wait.until returns the first done value and stops probing', async () => {
  let calls = 0;
  const value = await Wait.until(async () => (++calls === 3 ? Probe.done('ready') : Probe.notYet(calls)), {
    timeoutMs: 2_000,
    intervalMs: 1,
    onTimeout: timeoutError('thing'),
  });
  assert.equal(value, 'ready');
  assert.equal(calls, 3);
});

test("Wait.until ends in the caller's error with what the last probe saw", async () => {
  await assert.rejects(
    Wait.until(async () => Probe.notYet({ generation: 1 }), {
      timeoutMs: 60,
      intervalMs: 5,
      onTimeout: timeoutError('Waiting for the policy'),
    }),
    (e: unknown) =>
      e instanceof HarnessError &&
      e.code === 'X_TIMEOUT' &&
      /Waiting for the policy/.test(e.message) &&
      /last saw \{"generation":1\}/.test(e.cause),
  );
});

test('Wait.until probes once more at the deadline and backs off in between', async () => {
  const times: number[] = [];
  await assert.rejects(
    Wait.until(
      async () => {
        times.push(Date.now());
        return Probe.notYet();
      },
      { timeoutMs: 200, intervalMs: 10, factor: 2, maxIntervalMs: 80, onTimeout: timeoutError('x') },
    ),
  );
  assert.ok(times.length >= 3 && times.length <= 7, `probes: ${times.length}`);
  const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
  assert.ok((gaps.at(-2) ?? 0) >= (gaps[0] ?? 0), `gaps grow: ${gaps.join(',')}`);
});

test('Wait.until stops with WAIT_ABORTED when the signal fires', async () => {
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 20);
  await assert.rejects(
    Wait.until(async () => Probe.notYet(), {
      timeoutMs: 5_000,
      intervalMs: 1_000,
      signal: abort.signal,
      onTimeout: timeoutError('x'),
    }),
    (e: unknown) => e instanceof HarnessError && e.code === 'WAIT_ABORTED',
  );
});

test('Wait.forValue treats undefined as not yet', async () => {
  let n = 0;
  assert.equal(
    await Wait.forValue(async () => (++n > 1 ? n : undefined), {
      timeoutMs: 1_000,
      intervalMs: 1,
      onTimeout: timeoutError('x'),
    }),
    2,
  );
});

test('seconds() prints short waits with a decimal', () => {
  assert.equal(seconds(500), '0.5 s');
  assert.equal(seconds(90_000), '90 s');
});

test("Wait.until stops with the caller's onAbort error when the signal fires", async () => {
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 20);
  await assert.rejects(
    Wait.until(async () => Probe.notYet(), {
      timeoutMs: 5_000,
      intervalMs: 1_000,
      signal: abort.signal,
      onTimeout: timeoutError('x'),
      onAbort: () => new HarnessError({ code: 'X_CLOSED', what: 'x', cause: 'closed', fix: 'none' }),
    }),
    (e: unknown) => e instanceof HarnessError && e.code === 'X_CLOSED',
  );
});
