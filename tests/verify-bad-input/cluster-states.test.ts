// The states a real cluster is usually in when verify starts (reference/real-cluster.md §1): the
// earlier module's SecurityPolicy already applied and accepted without notifiers, so the harness's
// apply is a re-apply whose first status read is the previous generation's.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Lab, type LabStartState, startLab } from '../../mocks/lab.ts';
import { assertExplainedFailure, runVerify, scratch } from './run-verify.ts';

async function labIn(
  t: { after: (fn: () => Promise<void>) => void },
  startState: LabStartState,
): Promise<Lab> {
  const dir = await mkdtemp(join(tmpdir(), 'cluster-state-lab-'));
  const lab = await startLab({ dir, startState });
  t.after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });
  return lab;
}

async function crStatus(
  lab: Lab,
): Promise<{ policyId?: string; conditions?: { type: string; status: string }[] }> {
  const res = await fetch(
    `${lab.kube.url}/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies/no-bash-allowed`,
    { headers: { Authorization: `Bearer ${lab.tokens.admin}` } },
  );
  assert.equal(res.status, 200);
  return ((await res.json()) as { status: { policyId?: string } }).status;
}

test("the earlier module's CR, accepted without notifiers: verify re-applies it and passes on Central's policy", async (t) => {
  const lab = await labIn(t, 'earlier-module-cr');
  const before = await crStatus(lab);
  assert.ok(before.policyId, 'the earlier CR was accepted');
  const run = await runVerify(await scratch(t, 'earlier-cr'), { ...lab.env, TARGET: 'cluster' });
  assert.equal(run.exitCode, 0, run.output);
  assert.equal((await crStatus(lab)).policyId, before.policyId, 'the same Central policy, updated in place');
});

test('an unknown notifier in the re-applied CR is explained from PolicyValidated, not read as the old acceptance', async (t) => {
  const lab = await labIn(t, 'earlier-module-cr');
  // Only scenario 03: the notifiers the CR names were never created, so the controller cannot resolve them.
  const run = await runVerify(
    await scratch(t, 'unknown-notifier'),
    { ...lab.env, TARGET: 'cluster', ALERT_TIMEOUT_MS: '5000' },
    ['--grep', 'Configure Notifications'],
  );
  assertExplainedFailure(run, [
    "PolicyValidated=False: Unable to convert given spec to protobuf: Notifier 'slack-alerts' does not exist",
    'create the slack-alerts notifier in Central first',
  ]);
});

test('a step that fails mid-run keeps the state the next scenarios build on; the console-made policy is given back, same id, when the run ends', async (t) => {
  // The default start state holds the earlier module's console-made "No bash allowed"; the guide as
  // written fails its CR step (F1), which Playwright follows with a new worker for scenario 04.
  const lab = await labIn(t, 'after-module-3');
  const policies = async () =>
    (
      (await (
        await fetch(`${lab.central.url}/v1/policies?query=Policy:No%20bash%20allowed`, {
          headers: { Authorization: `Bearer ${lab.env.ROX_API_TOKEN}` },
        })
      ).json()) as { policies: { id: string; name: string; source: string; notifiers: string[] }[] }
    ).policies.filter((p) => p.name === 'No bash allowed');
  const [before] = await policies();
  assert.equal(before?.source, 'IMPERATIVE');
  const run = await runVerify(await scratch(t, 'give-back'), {
    ...lab.env,
    TARGET: 'cluster',
    MODULE_GUIDE: 'tests/module/guides/07-acs-notifications.adoc',
  });
  assert.equal(run.exitCode, 1, run.output);
  assert.match(
    run.summary,
    /\| 04-runtime-alert\.spec\.ts > Runtime alert reaches Slack and Teams \| \| \*\*passed\*\*/,
  );
  assert.match(
    run.output,
    /After the failed run: the console-made policy "No bash allowed" \(id [^)]+\), held by SecurityPolicy stackrox\/no-bash-allowed: given back as it was, same id/,
  );
  const after = await policies();
  assert.deepEqual(
    after.map((p) => ({ id: p.id, source: p.source, notifiers: p.notifiers })),
    [{ id: before?.id, source: 'IMPERATIVE', notifiers: before?.notifiers }],
  );
});
