// The failed-run marker (src/module/failed-run-marker.ts) is per run: another run sharing the output
// directory does not make this one keep what it created.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { markRunFailed, runHasFailed } from '../../src/module/failed-run-marker.ts';

test('a failed run is marked under its own id only, in an output directory made for it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'failed-run-'));
  try {
    const outputDir = join(root, 'not-yet-made');
    assert.equal(runHasFailed(outputDir, 'run-a'), false);
    markRunFailed(outputDir, 'run-a');
    assert.equal(runHasFailed(outputDir, 'run-a'), true);
    assert.equal(runHasFailed(outputDir, 'run-b'), false);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
