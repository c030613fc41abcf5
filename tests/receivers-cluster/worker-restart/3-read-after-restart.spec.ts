// A later scenario in the new worker: the notifiers kept in Central still post where it reads.

import { expect, test } from '../../../fixtures/harness.ts';
import { isTestMessage } from '../../../src/channels/index.ts';
import { KEPT, keptName } from './kept.ts';

test('a later scenario in a new worker reads what the kept notifiers post', async ({
  central,
  channels,
  runId,
}, testInfo) => {
  expect(testInfo.workerIndex, 'runs in the worker started after the failure').toBeGreaterThan(0);
  for (const channel of KEPT) {
    const kept = await central.findNotifierByName(keptName(channel, runId));
    expect(kept, `${keptName(channel, runId)} is kept in Central`).toBeDefined();
    if (!kept) return;
    expect(kept.labelDefault, 'the new worker gives out the same hook').toBe(channels.webhookFor(channel));
    const since = Date.now();
    expect(await central.testNotifier(kept)).toEqual({ ok: true, message: 'The test was successful' });
    await channels.readers[channel].waitForMessage(isTestMessage(channel), { since, timeoutMs: 10_000 });
  }
});
