// "Resolve the previous alerts first": ACTIVE alerts are an F8 advisory and verify resolves them;
// a pod that spent Sensor's exec budget is restarted in verify mode and refused in check mode
// (src/module/runtime/exec-preparation.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContainerEnvRead } from '../../src/kube/index.ts';
import { prepareExec } from '../../src/module/runtime/exec-preparation.ts';
import { ALERT_ID, alert } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { deps, stubCentral, TARGET } from './runtime-fixtures.ts';

const AGGRESSIVE: ContainerEnvRead = { env: { ROX_PROCESS_FILTER_MODE: 'aggressive' } };
const DEFAULTS: ContainerEnvRead = { env: {} };

function sensorEnv(read: ContainerEnvRead) {
  return {
    readContainerEnv: async () => read,
    findPod: async () => ({ name: 'visa-processor-new', containers: ['visa-processor'], uid: 'u2' }),
  };
}

function restarts() {
  const calls: unknown[][] = [];
  return {
    calls,
    rolloutRestart: async (...args: unknown[]) => {
      calls.push(args);
      return { name: 'visa-processor-new' } as never;
    },
  };
}

test('check mode with the budget spent: EXEC_BUDGET_SPENT with the rollout command, and nothing resolved or restarted', async () => {
  const central = stubCentral({ alerts: [alert()] });
  const extras = restarts();
  const d = deps({ mode: 'check', central, kube: sensorEnv(AGGRESSIVE), kubeExtras: extras });
  const err = await rejection(prepareExec(d, TARGET));
  assert.equal(err.code, 'EXEC_BUDGET_SPENT');
  assert.match(err.cause, /already ran \/bin\/bash once and Sensor admits 1 identical exec per container/);
  assert.equal(err.fix, 'Restart the pod: oc rollout restart deployment/visa-processor -n payments');
  assert.deepEqual(central.resolved, []);
  assert.deepEqual(extras.calls, []);
  assert.deepEqual(
    d.sink.findings.map((f) => [f.id, f.severity]),
    [['F8', 'advisory']],
    'the ACTIVE alert before the exec is reported',
  );
  assert.equal(d.sink.recorded.identicalBashExecsBefore, 1);
});

test('verify mode with the budget spent: the old alert is resolved and the pod restarted', async () => {
  const central = stubCentral({ alerts: [alert()] });
  const extras = restarts();
  const d = deps({ mode: 'verify', central, kube: sensorEnv(AGGRESSIVE), kubeExtras: extras });
  const prepared = await prepareExec(d, TARGET);
  assert.deepEqual(central.resolved, [ALERT_ID]);
  assert.deepEqual(
    extras.calls.map((c) => c.slice(0, 3)),
    [['payments', 'visa-processor', 'app=visa-processor']],
  );
  assert.equal(prepared.pod, 'visa-processor-new');
  assert.equal(prepared.identical, 0);
  assert.match(
    d.sink.notes.join('\n'),
    /Restarted payments\/visa-processor \(pod visa-processor-6b94f76b57-xf76j -> visa-processor-new\): 1 bash exec had spent/,
  );
});

test('budget left: the same pod, its count of identical execs, no restart', async () => {
  const extras = restarts();
  const d = deps({
    mode: 'check',
    central: stubCentral({ alerts: [alert()] }),
    kube: sensorEnv(DEFAULTS),
    kubeExtras: extras,
  });
  const prepared = await prepareExec(d, TARGET);
  assert.deepEqual(
    { pod: prepared.pod, identical: prepared.identical, budget: prepared.budget.identicalExecs },
    { pod: TARGET.pod, identical: 1, budget: 5 },
  );
  assert.deepEqual(extras.calls, []);
  assert.deepEqual(d.sink.notes, []);
});

test('no alert before the exec: no F8 advisory, nothing to resolve', async () => {
  const central = stubCentral();
  const d = deps({ mode: 'verify', central, kube: sensorEnv(DEFAULTS) });
  const prepared = await prepareExec(d, TARGET);
  assert.equal(prepared.identical, 0);
  assert.deepEqual(d.sink.findings, []);
  assert.deepEqual(central.resolved, []);
});
