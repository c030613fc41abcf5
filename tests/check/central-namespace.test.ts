// check and solve with Central in rhacs (CENTRAL_NAMESPACE from the lab's lab.env): solve applies the
// CR there, check reads it there, and a CR applied where the module says (`oc apply -n stackrox`) is
// named as never reconciled, with CENTRAL_NAMESPACE in the hint.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CheckState, evaluateGoals } from '../../src/check/index.ts';
import { loadConfig } from '../../src/config.ts';
import { connectKube } from '../../src/kube/index.ts';
import { cleanEnv, runCommand, script } from '../support/cli.ts';
import { correctedCr } from '../support/corrected-cr.ts';
import { cr, passingState } from './fixtures.ts';

function strayState(): CheckState {
  const state = passingState();
  const stray = cr();
  stray.metadata.namespace = 'stackrox';
  delete stray.status;
  return {
    ...state,
    names: { ...state.names, centralNamespace: 'rhacs' },
    policy: undefined,
    policies: [],
    cr: { found: false },
    strayCr: stray,
  } as CheckState;
}

test('check: no policy, and the module CR sits in stackrox while Central is in rhacs: the hint says why and names CENTRAL_NAMESPACE', () => {
  const policy = evaluateGoals(strayState()).find((g) => g.id === 'policy');
  assert.equal(policy?.status, 'fail');
  assert.match(policy?.hint ?? '', /SecurityPolicy stackrox\/no-bash-allowed exists/);
  assert.match(policy?.hint ?? '', /only in rhacs \(CENTRAL_NAMESPACE\)/);
  assert.match(policy?.hint ?? '', /oc delete securitypolicy no-bash-allowed -n stackrox/);
  assert.match(policy?.hint ?? '', /oc apply -n rhacs/);
});

describe('check, solve, check with Central in rhacs', { timeout: 300_000 }, () => {
  let dir: string;
  let lab: Lab;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'check-ns-'));
    lab = await startLab({ centralNamespace: 'rhacs', startState: 'fresh', dir: join(dir, '.lab') });
    // The student follows the module: `cat <<EOF | oc apply -n stackrox -f -`.
    const kube = await connectKube(loadConfig({ ...lab.env, TARGET: 'embedded' }));
    await kube.applySecurityPolicy(correctedCr(), { namespace: 'stackrox', fieldManager: 'kubectl' });
  });

  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('1. check explains the CR in stackrox, naming CENTRAL_NAMESPACE', async () => {
    const run = await runCommand(script('check', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /SecurityPolicy stackrox\/no-bash-allowed exists/);
    assert.match(run.stdout, /CENTRAL_NAMESPACE/);
  });

  test('2. solve applies the CR in rhacs and exits 0', async () => {
    const run = await runCommand(script('solve', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const kube = await connectKube(loadConfig({ ...lab.env, TARGET: 'embedded' }));
    const applied = await kube.getSecurityPolicy('rhacs', 'no-bash-allowed');
    assert.ok(applied, 'the CR is in rhacs');
    assert.ok(
      applied.status?.conditions?.some((c) => c.type === 'AcceptedByCentral' && c.status === 'True'),
      JSON.stringify(applied.status),
    );
  });

  test('3. check passes every goal', async () => {
    const run = await runCommand(script('check', []), cleanEnv(), { cwd: dir });
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.ok(
      run.stdout
        .split('\n')
        .filter((l) => /^\[(OK|X|\?)\] /.test(l))
        .every((l) => l.startsWith('[OK]')),
      run.stdout,
    );
  });
});
