// "Central raises this run's alert": the run's alert must be ACTIVE, hold this exec's bash and say
// "Binary '/bin/bash' executed"; no alert with the exec budget spent is F8
// (src/module/runtime/this-run-alert.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExecPreparation } from '../../src/module/runtime/exec-preparation.ts';
import { awaitThisRunsAlert } from '../../src/module/runtime/this-run-alert.ts';
import type { Alert } from '../../types/rhacs.ts';
import { alert, policy, proc } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { BUDGET, deps, stubCentral, TARGET } from './runtime-fixtures.ts';

const ROOM: ExecPreparation = { pod: TARGET.pod, identical: 0, budget: BUDGET };
const SPENT: ExecPreparation = { pod: TARGET.pod, identical: 5, budget: BUDGET };

/** The module's alert holding a bash process that ran `agoMs` before now. */
function runAlert(agoMs = 0, overrides: Partial<Alert> = {}): Alert {
  const a = alert(overrides);
  const bash = proc('bash', new Date(Date.now() - agoMs).toISOString());
  return { ...a, processViolation: { message: a.processViolation?.message ?? '', processes: [bash] } };
}

function window() {
  return { since: Date.now(), before: new Set<string>() };
}

test("this run's alert is returned, with its hop and id recorded", async () => {
  const d = deps({ central: stubCentral({ alerts: [runAlert()] }) });
  const found = await awaitThisRunsAlert(d, TARGET, window(), ROOM);
  assert.equal(found.alert.id, runAlert().id);
  assert.equal(d.sink.recorded.alertId, found.alert.id);
  assert.deepEqual(
    d.sink.hops.map(([name]) => name),
    ['alert in Central'],
  );
  assert.deepEqual(d.sink.findings, []);
});

test('an alert resolved between the list and the read is named RESOLVED (ALERT_UNEXPECTED)', async () => {
  const central = stubCentral({ alerts: [runAlert()], full: (a) => ({ ...a, state: 'RESOLVED' }) });
  const err = await rejection(awaitThisRunsAlert(deps({ central }), TARGET, window(), ROOM));
  assert.equal(err.code, 'ALERT_UNEXPECTED');
  assert.equal(err.cause, 'it is RESOLVED, not ACTIVE');
});

test('a violation that is not "Binary \'/bin/bash\' executed" is quoted (ALERT_UNEXPECTED)', async () => {
  const a = runAlert();
  const sh = {
    ...a,
    processViolation: {
      message: "Binary '/bin/sh' executed",
      processes: a.processViolation?.processes ?? [],
    },
  };
  const err = await rejection(
    awaitThisRunsAlert(deps({ central: stubCentral({ alerts: [sh] }) }), TARGET, window(), ROOM),
  );
  assert.equal(err.code, 'ALERT_UNEXPECTED');
  assert.equal(
    err.cause,
    `its violation reads "Binary '/bin/sh' executed", not "Binary '/bin/bash' executed"`,
  );
});

test("an alert whose bash ran before the exec is not this run's: the wait runs out naming the old alert", async () => {
  const central = stubCentral({ alerts: [runAlert(60_000)], policy: policy() });
  const d = deps({ central });
  const err = await rejection(awaitThisRunsAlert(d, TARGET, window(), ROOM));
  assert.equal(err.code, 'ALERT_TIMEOUT');
  assert.match(err.cause, new RegExp(`newest alert on payments/visa-processor is ${runAlert().id}`));
  assert.deepEqual(d.sink.findings, [], 'budget left: no F8');
});

test('no alert with the exec budget spent is F8, recorded on the sink (EXEC_DROPPED)', async () => {
  const d = deps({ central: stubCentral({ policy: policy() }) });
  const err = await rejection(awaitThisRunsAlert(d, TARGET, window(), SPENT));
  assert.equal(err.code, 'EXEC_DROPPED');
  assert.deepEqual(
    d.sink.findings.map((f) => [f.id, f.severity]),
    [['F8', 'defect']],
  );
  assert.equal(err.cause, d.sink.findings[0]?.happened);
  assert.match(err.cause, /5 identical execs were already seen/);
  assert.equal(err.details?.finding, 'F8');
});
