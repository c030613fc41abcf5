// What a run that died (or failed, or ran with KEEP=1) left behind, recognised and removed by the
// next run (src/module/leftovers.ts), against the lab; the user's own setup is never touched.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CoreV1Api } from '@kubernetes/client-node';
import { type Lab, type LabStartState, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { loadConfig } from '../../src/config.ts';
import { harnessLabels, listRunRecords, runRecorder } from '../../src/kube/harness-objects.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { CleanupLedger } from '../../src/module/cleanup-ledger.ts';
import { registerCrUndo, withMarks } from '../../src/module/cr-undo.ts';
import { saveIntegration } from '../../src/module/integration-action.ts';
import { cleanUpLeftovers } from '../../src/module/leftovers.ts';
import { FIELD_MANAGER } from '../../src/module/model.ts';
import { waitForPolicyAcceptance } from '../../src/module/policy-acceptance.ts';
import { correctedCr } from '../support/corrected-cr.ts';

const CR_NAME = 'no-bash-allowed';
const POLICY_NAME = 'No bash allowed';

interface Rig {
  lab: Lab;
  dir: string;
  kube: KubeClient;
  central: CentralClient;
}

async function rig(startState: LabStartState): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'leftovers-'));
  const lab = await startLab({ dir, startState });
  const config = loadConfig({
    KUBECONFIG: lab.kubeconfigPath ?? '',
    ROX_ENDPOINT: lab.env.ROX_ENDPOINT ?? '',
    ROX_API_TOKEN: lab.env.ROX_API_TOKEN ?? '',
  });
  return { lab, dir, kube: await connectKube(config), central: await connectCentral(config) };
}

const DEAD_RUN = 'dead01';

/** A verify run's scenarios 01-03 and its receiver namespace, then it dies: nothing is undone. */
async function deadRun(r: Rig): Promise<void> {
  const ledger = new CleanupLedger(runRecorder(r.kube, 'stackrox', DEAD_RUN));
  for (const [name, type, url] of [
    ['slack-alerts', 'slack', r.lab.env.SLACK_WEBHOOK_URL],
    ['teams-alerts', 'teams', r.lab.env.TEAMS_WEBHOOK_URL],
  ] as const) {
    await saveIntegration(
      r.central,
      { name, type, url: url ?? '', uiEndpoint: 'https://central.example' },
      { mode: 'verify', undo: ledger },
    );
  }
  const marks = await registerCrUndo(
    { kube: r.kube, central: r.central, cleanup: ledger, runId: DEAD_RUN },
    { namespace: 'stackrox', name: CR_NAME, policyName: POLICY_NAME },
  );
  const appliedAt = Date.now();
  const applied = await r.kube.applySecurityPolicy(withMarks({ ...correctedCr() }, marks), {
    namespace: 'stackrox',
    fieldManager: FIELD_MANAGER,
  });
  await waitForPolicyAcceptance(
    { kube: r.kube, central: r.central },
    {
      namespace: 'stackrox',
      name: CR_NAME,
      centralNamespace: 'stackrox',
      timeoutMs: 15_000,
      spec: applied.object.spec,
      appliedAt,
    },
  );
  await r.kube.kubeConfig.makeApiClient(CoreV1Api).createNamespace({
    body: { metadata: { name: `rhacs-harness-${DEAD_RUN}`, labels: harnessLabels(DEAD_RUN) } },
  });
  assert.deepEqual(await ledger.settle(), [], 'the dead run recorded its notifiers');
}

async function userNotifier(r: Rig): Promise<string> {
  const n = await r.central.createNotifier({
    name: 'ops-slack',
    type: 'slack',
    uiEndpoint: 'https://central.example',
    labelKey: '',
    labelDefault: r.lab.env.SLACK_WEBHOOK_URL ?? '',
    notifierSecret: '',
    traits: null,
  });
  return n.id;
}

async function namespaceGone(r: Rig, name: string): Promise<boolean> {
  const ns = await r.kube.kubeConfig
    .makeApiClient(CoreV1Api)
    .readNamespace({ name })
    .catch(() => undefined);
  return ns === undefined || ns.metadata?.deletionTimestamp !== undefined;
}

describe('leftovers of an earlier run', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    r?.central.close();
    await r?.lab.close();
    if (r) await rm(r.dir, { recursive: true, force: true });
    r = undefined;
  });

  it('are reported and removed; the console-made policy the dead run held comes back with its id', async () => {
    r = await rig('after-module-3');
    const before = await r.central.findPolicyByName(POLICY_NAME);
    assert.ok(before);
    const mine = await userNotifier(r);
    await deadRun(r);
    assert.equal(
      (await r.central.findPolicyByName(POLICY_NAME))?.source,
      'DECLARATIVE',
      'the dead run left it adopted',
    );

    const lines: string[] = [];
    const result = await cleanUpLeftovers(
      { kube: r.kube, central: r.central },
      { centralNamespace: 'stackrox', runId: 'next01' },
      { say: (l) => lines.push(l) },
    );
    assert.equal(result.failed, 0, lines.join('\n'));
    const text = lines.join('\n');
    assert.match(
      text,
      /Leftover of run dead01: SecurityPolicy stackrox\/no-bash-allowed, holding the console-made policy "No bash allowed" \(id [^)]+\): removed; the policy is given back as it was, same id/,
    );
    assert.match(text, /Leftover of run dead01: notifier "slack-alerts" \(id [^)]+\): removed/);
    assert.match(text, /Leftover of run dead01: notifier "teams-alerts" \(id [^)]+\): removed/);
    assert.match(
      text,
      /Leftover of run dead01: namespace rhacs-harness-dead01 \(in-cluster receiver\): removed/,
    );

    const after = await r.central.findPolicyByName(POLICY_NAME);
    assert.equal(after?.id, before.id);
    assert.equal(after?.source, 'IMPERATIVE');
    assert.deepEqual(after?.notifiers, before.notifiers);
    assert.equal(after?.description, before.description);
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined);
    const names = (await r.central.listNotifiers()).map((n) => n.id);
    assert.deepEqual(names, [mine], "only the user's notifier is left");
    assert.ok(await namespaceGone(r, 'rhacs-harness-dead01'));
    assert.deepEqual(await listRunRecords(r.kube, 'stackrox'), [], 'the record is gone');

    const again: string[] = [];
    await cleanUpLeftovers(
      { kube: r.kube, central: r.central },
      { centralNamespace: 'stackrox', runId: 'next02' },
      { say: (l) => again.push(l) },
    );
    assert.deepEqual(again, [], 'nothing is left to report');
  });

  it("a user's own CR and policy are not leftovers; the dead run's CR and policy from nothing are", async () => {
    r = await rig('fresh');
    await r.kube.applySecurityPolicy(
      {
        ...correctedCr(),
        metadata: { name: 'users-own' },
        spec: { ...correctedCr().spec, policyName: 'Users own policy', notifiers: [] },
      },
      { namespace: 'stackrox', fieldManager: 'kubectl-client-side-apply' },
    );
    await deadRun(r);
    const lines: string[] = [];
    await cleanUpLeftovers(
      { kube: r.kube, central: r.central },
      { centralNamespace: 'stackrox', runId: 'next01' },
      { say: (l) => lines.push(l) },
    );
    assert.ok(await r.kube.getSecurityPolicy('stackrox', 'users-own'), "the user's CR stays");
    assert.ok(!lines.some((l) => l.includes('users-own')), lines.join('\n'));
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined);
    assert.equal(await r.central.findPolicyByName(POLICY_NAME), undefined, "the dead run's policy is gone");
  });

  it("the user's own CR that a dead run re-applied is put back as it was, unless it was edited since", async () => {
    r = await rig('earlier-module-cr');
    const before = await r.kube.getSecurityPolicy('stackrox', CR_NAME);
    assert.ok(before);
    await deadRun(r);
    const held = await r.kube.getSecurityPolicy('stackrox', CR_NAME);
    assert.deepEqual(held?.spec.notifiers, ['slack-alerts', 'teams-alerts'], 'the dead run applied its spec');

    const lines: string[] = [];
    const result = await cleanUpLeftovers(
      { kube: r.kube, central: r.central },
      { centralNamespace: 'stackrox', runId: 'next01' },
      { say: (l) => lines.push(l) },
    );
    assert.equal(result.failed, 0, lines.join('\n'));
    assert.match(
      lines.join('\n'),
      /Leftover of run dead01: the change to SecurityPolicy stackrox\/no-bash-allowed: put back as it was/,
    );
    const after = await r.kube.getSecurityPolicy('stackrox', CR_NAME);
    assert.deepEqual(after?.spec, before.spec);
    assert.equal(after?.metadata.uid, before.metadata.uid, 'the same CR, re-applied, not re-created');
    assert.equal(after?.metadata.labels?.['app.kubernetes.io/managed-by'], undefined);
  });

  it('read-only (check) reports them and removes nothing', async () => {
    r = await rig('fresh');
    await deadRun(r);
    const lines: string[] = [];
    await cleanUpLeftovers(
      { kube: r.kube, central: r.central },
      { centralNamespace: 'stackrox', runId: 'next01' },
      { say: (l) => lines.push(l), reportOnly: true },
    );
    assert.ok(lines.length >= 4, lines.join('\n'));
    assert.ok(lines.every((l) => l.endsWith('(not removed: read-only)')));
    assert.ok(await r.kube.getSecurityPolicy('stackrox', CR_NAME));
  });
});
