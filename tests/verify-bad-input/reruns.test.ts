// Module finding F8 from the rerun side: nightly CI and lab authors run verify again and again
// against the same lab. Alert merging, sensor dedup (the 6th identical exec per container is
// dropped) and the 40-process cap must not make the 10th run fail or pass on an old alert.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startLab } from '../../mocks/lab.ts';
import { runVerify, scratch } from './run-verify.ts';

const RUNS = 10;

test(`the ${RUNS}th verify in a row against the same lab passes, each on its own alert`, {
  // Ten whole verify runs, ~20 s each on a busy 2-core CI machine.
  timeout: 420_000,
}, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'reruns-lab-'));
  const lab = await startLab({ dir });
  t.after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });
  const alertIds = new Set<string>();
  for (let run = 1; run <= RUNS; run++) {
    const result = await runVerify(await scratch(t, `rerun-${run}`), { ...lab.env, TARGET: 'cluster' });
    assert.equal(result.exitCode, 0, `run ${run} of ${RUNS} failed:\n${result.output}`);
    const alerts = await fetch(
      `${lab.env.ROX_ENDPOINT}/v1/alerts?query=${encodeURIComponent('Policy:"No bash allowed"+Violation State:RESOLVED,ACTIVE')}`,
      { headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}` } },
    );
    const { alerts: listed } = (await alerts.json()) as { alerts: { id: string }[] };
    for (const a of listed) alertIds.add(a.id);
    assert.equal(alertIds.size, run, `run ${run} raised its own alert (resolved at the end), not an old one`);
  }
});
