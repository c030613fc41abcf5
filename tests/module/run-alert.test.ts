// The one rule for "this run's alert" (src/module/run-alert.ts), shared by verify, solve and the
// screenshots.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOCK_SKEW_MS, findRunAlert, runProcess } from '../../src/module/run-alert.ts';
import { alert, alertsCentral, proc } from '../check/fixtures.ts';

const TARGET = { policy: 'No bash allowed', namespace: 'payments', deployment: 'visa-processor' };

test('a bash process at or after the exec, less the clock-skew margin, and not held before, is this run’s', () => {
  const since = Date.parse('2026-11-27T12:00:00Z');
  const mine = proc('bash', new Date(since + 5).toISOString());
  const lagging = proc('bash', new Date(since - CLOCK_SKEW_MS + 100).toISOString());
  const old = proc('bash', new Date(since - CLOCK_SKEW_MS - 100).toISOString());
  const merged = proc('bash', new Date(since + 5).toISOString(), '/usr/bin/bash');
  const none = new Set<string>();
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [mine] } }), { since, before: none }),
    mine,
  );
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [lagging] } }), { since, before: none }),
    lagging,
  );
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [old] } }), { since, before: none }),
    undefined,
  );
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [merged] } }), { since, before: none }),
    merged,
  );
  // Inside the margin only the "held before" set tells an earlier exec from this one.
  const held = new Set([lagging.signal.id]);
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [lagging] } }), { since, before: held }),
    undefined,
  );
  const ls = proc('ls', new Date(since + 5).toISOString());
  assert.equal(
    runProcess(alert({ processViolation: { message: '', processes: [ls] } }), { since, before: none }),
    undefined,
  );
});

test('only an ACTIVE alert of exactly the module’s policy and deployment counts', async () => {
  const since = Date.now();
  const processes = [proc('bash', new Date(since + 5).toISOString())];
  const window = { since, before: new Set<string>() };
  const resolved = alert({
    id: 'a-resolved',
    state: 'RESOLVED',
    processViolation: { message: '', processes },
  });
  const copy = alert({ id: 'a-copy', processViolation: { message: '', processes } });
  copy.policy = { ...copy.policy, name: 'No bash allowed (COPY)' };
  assert.equal(await findRunAlert(alertsCentral([resolved, copy]), TARGET, window), undefined);
  const active = alert({ id: 'a-active', processViolation: { message: '', processes } });
  assert.equal((await findRunAlert(alertsCentral([resolved, copy, active]), TARGET, window))?.alert, active);
});
