// The undo of scenario 03's CR apply (src/module/cr-undo.ts registerCrUndo) against the lab:
// what the user had before the run is there afterwards, with its id.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { type Lab, type LabStartState, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { type HarnessConfig, loadConfig } from '../../src/config.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { CleanupLedger } from '../../src/module/cleanup-ledger.ts';
import { registerCrUndo, withMarks } from '../../src/module/cr-undo.ts';
import { FIELD_MANAGER } from '../../src/module/model.ts';
import { waitForPolicyAcceptance } from '../../src/module/policy-acceptance.ts';
import type { Policy } from '../../types/rhacs.ts';

const CR_NAME = 'no-bash-allowed';
const POLICY_NAME = 'No bash allowed';

import { correctedCr } from '../support/corrected-cr.ts';

interface Rig {
  lab: Lab;
  dir: string;
  config: HarnessConfig;
  kube: KubeClient;
  central: CentralClient;
}

async function rig(startState?: LabStartState): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'cr-undo-'));
  const lab = await startLab({ dir, ...(startState ? { startState } : {}) });
  const config = loadConfig({
    KUBECONFIG: lab.kubeconfigPath ?? '',
    ROX_ENDPOINT: lab.env.ROX_ENDPOINT ?? '',
    ROX_API_TOKEN: lab.env.ROX_API_TOKEN ?? '',
  });
  return { lab, dir, config, kube: await connectKube(config), central: await connectCentral(config) };
}

/** Scenarios 01/02 (the notifiers) and 03 (the corrected CR), as a verify run does them. */
async function runModule(r: Rig, ledger: CleanupLedger): Promise<string> {
  for (const [name, type, url] of [
    ['slack-alerts', 'slack', r.lab.env.SLACK_WEBHOOK_URL],
    ['teams-alerts', 'teams', r.lab.env.TEAMS_WEBHOOK_URL],
  ] as const) {
    const n = await r.central.createNotifier({
      name,
      type,
      uiEndpoint: 'https://central.example',
      labelKey: '',
      labelDefault: url ?? '',
      notifierSecret: '',
      traits: null,
    });
    ledger.created(`notifier ${name}`, () => r.central.deleteNotifier(n.id));
  }
  const deps = { kube: r.kube, central: r.central, cleanup: ledger, runId: 'cr-undo' };
  const marks = await registerCrUndo(deps, { namespace: 'stackrox', name: CR_NAME, policyName: POLICY_NAME });
  const appliedAt = Date.now();
  const applied = await r.kube.applySecurityPolicy(withMarks({ ...correctedCr() }, marks), {
    namespace: 'stackrox',
    fieldManager: FIELD_MANAGER,
  });
  const accepted = await waitForPolicyAcceptance(
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
  return accepted.policyId;
}

/** What the user sees of a policy; lastUpdated and the sort helpers are Central's own bookkeeping. */
function content(p: Policy | undefined): Record<string, unknown> | undefined {
  if (!p) return undefined;
  const { lastUpdated: _l, SORTName: _n, SORTLifecycleStage: _s, SORTEnforcement: _e, ...rest } = p;
  return rest;
}

describe('registerCrUndo: the user keeps their policy', () => {
  let r: Rig | undefined;
  afterEach(async () => {
    r?.central.close();
    await r?.lab.close();
    if (r) await rm(r.dir, { recursive: true, force: true });
    r = undefined;
  });

  it('a console-made policy the CR adopted is given back in place: same id, content and source', async () => {
    r = await rig('after-module-3');
    const before = await r.central.findPolicyByName(POLICY_NAME);
    assert.ok(before, 'the lab starts with the console-made policy');
    assert.equal(before.source, 'IMPERATIVE');
    const ledger = new CleanupLedger();
    const policyId = await runModule(r, ledger);
    assert.equal(policyId, before.id, 'the controller adopts the policy by name');
    assert.equal((await r.central.getPolicy(policyId)).source, 'DECLARATIVE');

    assert.deepEqual(await ledger.undoAll(), []);
    const after = await r.central.findPolicyByName(POLICY_NAME);
    assert.equal(after?.id, before.id, `"${POLICY_NAME}" keeps its id`);
    assert.deepEqual(content(after), content(before), 'and its content and source');
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined, 'the CR is gone');
  });

  it('after a failed step (only "changed" entries undone) the adopted policy is still given back', async () => {
    r = await rig('after-module-3');
    const before = await r.central.findPolicyByName(POLICY_NAME);
    assert.ok(before);
    const ledger = new CleanupLedger();
    await runModule(r, ledger);

    assert.deepEqual(await ledger.undoAll(['changed']), []);
    const after = await r.central.findPolicyByName(POLICY_NAME);
    assert.equal(after?.id, before.id);
    assert.deepEqual(content(after), content(before));
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined);
  });

  it("the user's own CR is re-applied as it was and keeps its Central policy id", async () => {
    r = await rig('earlier-module-cr');
    const crBefore = await r.kube.getSecurityPolicy('stackrox', CR_NAME);
    const idBefore = crBefore?.status?.policyId;
    assert.ok(idBefore, 'the earlier module applied the CR and Central accepted it');
    const ledger = new CleanupLedger();
    assert.equal(await runModule(r, ledger), idBefore);

    assert.deepEqual(await ledger.undoAll(), []);
    const crAfter = await r.kube.getSecurityPolicy('stackrox', CR_NAME);
    assert.deepEqual(crAfter?.spec, crBefore?.spec, 'the CR spec is the one the user applied');
    assert.equal(
      crAfter?.metadata.labels?.['app.kubernetes.io/managed-by'],
      undefined,
      "and it is not marked as the harness's",
    );
    const deadline = Date.now() + 10_000;
    let policy = await r.central.getPolicy(idBefore);
    while (policy.notifiers.length > 0 && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 50));
      policy = await r.central.getPolicy(idBefore);
    }
    assert.equal(policy.source, 'DECLARATIVE');
    assert.deepEqual(policy.notifiers, [], "the CR's notifiers (none) are Central's again");
    assert.equal((await r.central.findPolicyByName(POLICY_NAME))?.id, idBefore);
  });

  it('a policy the run made from nothing is removed with its CR', async () => {
    r = await rig('fresh');
    assert.equal(await r.central.findPolicyByName(POLICY_NAME), undefined);
    const ledger = new CleanupLedger();
    await runModule(r, ledger);
    assert.deepEqual(await ledger.undoAll(), []);
    assert.equal(await r.central.findPolicyByName(POLICY_NAME), undefined);
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined);
  });

  it("the policy the run's CR left behind after a failed re-apply is removed too, not left as an orphan", async () => {
    // policy_controller.go deletes Central's policy on CR deletion only when AcceptedByCentral=True.
    r = await rig('fresh');
    const ledger = new CleanupLedger();
    const policyId = await runModule(r, ledger);
    const { eventSource: _drop, ...refused } = correctedCr().spec;
    await r.kube.applySecurityPolicy(
      { ...correctedCr(), spec: refused },
      { namespace: 'stackrox', fieldManager: FIELD_MANAGER },
    );
    const deadline = Date.now() + 10_000;
    const acceptedFalse = async () =>
      (await r?.kube.getSecurityPolicy('stackrox', CR_NAME))?.status?.conditions?.some(
        (c) => c.type === 'AcceptedByCentral' && c.status === 'False',
      );
    while (!(await acceptedFalse()) && Date.now() < deadline) await new Promise((d) => setTimeout(d, 50));
    assert.ok(await acceptedFalse(), 'Central refused the re-apply');

    assert.deepEqual(await ledger.undoAll(), []);
    assert.equal(await r.kube.getSecurityPolicy('stackrox', CR_NAME), undefined);
    assert.equal(
      await r.central.findPolicyByName(POLICY_NAME),
      undefined,
      `no "${POLICY_NAME}" (was ${policyId}) is left`,
    );
  });
});
