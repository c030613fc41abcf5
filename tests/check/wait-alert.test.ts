// "this run's alert" as solve waits for it (the rule: src/module/run-alert.ts): a bash process at or
// after the exec, and not one Central held before it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODULE_NAMES } from '../../src/check/index.ts';
import { bashSignalsBefore, waitForExecAlert } from '../../src/solve/wait-alert.ts';
import { alert, alertsCentral, proc } from './fixtures.ts';

test("an exec a second before this one (inside the clock-skew margin) is not this exec's alert", async () => {
  const since = Date.now();
  const earlier = proc('bash', new Date(since - 1_000).toISOString());
  const c = alertsCentral([alert({ processViolation: { message: '', processes: [earlier] } })]);
  const before = await bashSignalsBefore(c, MODULE_NAMES);
  assert.equal(before.size, 1);
  const found = await waitForExecAlert(c, MODULE_NAMES, { since, before, timeoutMs: 300 });
  assert.equal(found.alert, undefined, 'the earlier exec was taken for this one');

  const mine = proc('bash', new Date(since + 10).toISOString());
  mine.signal.id = 'sig-mine';
  const later = alertsCentral([alert({ processViolation: { message: '', processes: [earlier, mine] } })]);
  const hit = await waitForExecAlert(later, MODULE_NAMES, { since, before, timeoutMs: 300 });
  assert.ok(hit.alert, 'a new bash process is this exec');
});
