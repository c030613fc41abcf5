// Central's process data (GET /v1/processes/deployment/{id}): what the negative control's barrier reads.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { indicatorId } from '../../mocks/central/process-indicators.ts';
import { type Lab, startLab } from './lab.ts';

interface Listed {
  id: string;
  podId: string;
  signal: { id: string; execFilePath: string; args: string };
}

async function processes(lab: Lab, deploymentId: string) {
  const r = await lab.api('GET', `/v1/processes/deployment/${deploymentId}`);
  return { status: r.status, json: r.json, list: (r.json.processes ?? []) as Listed[] };
}

describe('process indicators', () => {
  let lab: Lab | undefined;
  afterEach(async () => {
    await lab?.close();
    lab = undefined;
  });

  it('ids are pkg/process/id UUIDv5s of "podId containerName execFilePath name args"', () => {
    // Expected value from Python's uuid.uuid5 with StackRox's processIDNamespace.
    const id = indicatorId({
      podId: 'visa-processor-abc',
      containerName: 'visa-processor',
      signal: { execFilePath: '/bin/ls', name: 'ls', args: '' } as never,
    });
    assert.equal(id, 'f58eabeb-9421-58a9-b565-ad704e189c07');
  });

  it('stores every process sensor lets through, policy or not; an identical exec replaces it', async () => {
    lab = await startLab();
    const first = lab.cluster.exec({ execFilePath: '/bin/ls' });
    const { list } = await processes(lab, first.deploymentUid);
    assert.equal(list.length, 1);
    assert.equal(list[0]?.signal.execFilePath, '/bin/ls');
    const firstSignal = list[0]?.signal.id;
    lab.cluster.exec({ execFilePath: '/bin/ls' });
    const again = (await processes(lab, first.deploymentUid)).list;
    assert.equal(again.length, 1, 'same pod, container, path and args: one indicator');
    assert.equal(again[0]?.id, list[0]?.id);
    assert.notEqual(again[0]?.signal.id, firstSignal, 'the newer signal replaced the older');
  });

  it('past the rate limit (5 at once), an indicator waits for the flush ticker', async () => {
    lab = await startLab({
      timing: { processFlush: { rateLimitBurst: 5, rateLimitIntervalMs: 60_000, flushTickerMs: 300 } },
    });
    let deployment = '';
    for (const args of ['a', 'b', 'c', 'd', 'e', 'f']) {
      deployment = lab.cluster.exec({ execFilePath: '/bin/echo', args }).deploymentUid;
    }
    assert.deepEqual(
      (await processes(lab, deployment)).list.map((p) => p.signal.args).sort(),
      ['a', 'b', 'c', 'd', 'e'],
      'the sixth is still queued',
    );
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await processes(lab, deployment)).list.length, 6, 'the ticker flushed it');
  });

  it("a Deployment with no process yet is known by its uid (Sensor's deployment events), with no processes", async () => {
    lab = await startLab();
    const uid = lab.cluster.getDeployment('payments', 'visa-processor')?.uid ?? '';
    const r = await processes(lab, uid);
    assert.equal(r.status, 200);
    assert.deepEqual(r.list, []);
  });

  it('an unknown deployment is NotFound in Central wording', async () => {
    lab = await startLab();
    const r = await processes(lab, 'no-such-deployment');
    assert.equal(r.status, 404);
    assert.equal(r.json.message, "deployment with id 'no-such-deployment' does not exist: not found");
  });
});
