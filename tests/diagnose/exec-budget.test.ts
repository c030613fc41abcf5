// Sensor's identical-exec budget as the harness reads it from deployment/sensor (F8).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execBudget, readExecBudget } from '../../src/diagnose/exec-budget.ts';

const env = (e: Record<string, string>) => ({ env: e });

test('no filter variables: 5, arguments told apart', () => {
  const b = execBudget(env({ OTHER: '1' }), '4.11.0');
  assert.deepEqual([b.identicalExecs, b.argumentsTracked], [5, true]);
  assert.match(
    b.source,
    /^Sensor's default; deployment\/sensor -n stackrox, container sensor sets no filter variables$/,
  );
});

test('modes: aggressive 1 without arguments, minimal 100, an unknown one is the default', () => {
  const a = execBudget(env({ ROX_PROCESS_FILTER_MODE: 'aggressive' }), '4.11.3');
  assert.deepEqual([a.identicalExecs, a.argumentsTracked], [1, false]);
  assert.equal(
    a.source,
    'deployment/sensor -n stackrox, container sensor: ROX_PROCESS_FILTER_MODE=aggressive',
  );
  assert.equal(execBudget(env({ ROX_PROCESS_FILTER_MODE: 'MINIMAL' }), '4.11.0').identicalExecs, 100);
  const unknown = execBudget(env({ ROX_PROCESS_FILTER_MODE: 'strict' }), '4.11.0');
  assert.equal(unknown.identicalExecs, 5);
  assert.match(unknown.source, /\(unknown mode, read as default\)$/);
});

test('an individual variable wins over the mode; out of range means 5', () => {
  const b = execBudget(
    env({ ROX_PROCESS_FILTER_MODE: 'aggressive', ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '3' }),
    '4.11.0',
  );
  assert.deepEqual([b.identicalExecs, b.argumentsTracked], [3, false]);
  const bad = execBudget(env({ ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '0' }), '4.10.1');
  assert.equal(bad.identicalExecs, 5);
  assert.match(bad.source, /out of range, read as 5/);
  assert.equal(
    execBudget(env({ ROX_PROCESS_FILTER_FAN_OUT_LEVELS: '[]' }), '4.10.0').argumentsTracked,
    false,
  );
  assert.equal(
    execBudget(env({ ROX_PROCESS_FILTER_FAN_OUT_LEVELS: '[8,6]' }), '4.10.0').argumentsTracked,
    true,
  );
});

test('versions: the mode from 4.11, the variables from 4.10', () => {
  const old = execBudget(env({ ROX_PROCESS_FILTER_MODE: 'aggressive' }), '4.10.2');
  assert.equal(old.identicalExecs, 5);
  assert.match(old.source, /ROX_PROCESS_FILTER_MODE ignored before RHACS 4.11/);
  const older = execBudget(env({ ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '2' }), '4.9.0');
  assert.equal(older.identicalExecs, 5);
  assert.match(older.source, /ignored before RHACS 4.10/);
});

test('an unreadable Sensor Deployment means the default, with the reason', async () => {
  const b = await readExecBudget(
    { readContainerEnv: async () => ({ unreadable: 'HTTP 403: deployments.apps "sensor" is forbidden' }) },
    '4.11.0',
  );
  assert.equal(b.identicalExecs, 5);
  assert.match(b.source, /could not be read \(HTTP 403: deployments.apps "sensor" is forbidden\)/);
});
