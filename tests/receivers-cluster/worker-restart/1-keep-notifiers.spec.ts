// First worker: notifiers pointing at this run's receivers, as scenarios 01 and 02 create them.

import { expect, test } from '../../../fixtures/harness.ts';
import { isTestMessage } from '../../../src/channels/index.ts';
import { KEPT, keptNotifier } from './kept.ts';

test('notifiers created by the first worker reach the receivers', async ({
  central,
  channels,
  cleanup,
  runId,
}) => {
  for (const channel of KEPT) {
    const reader = channels.readers[channel];
    const since = Date.now();
    const created = await central.createNotifier(
      keptNotifier(channel, runId, channels.webhookFor(channel), central.endpoint),
    );
    cleanup.created(`notifier ${created.name}`, () => central.deleteNotifier(created.id));
    expect(await central.testNotifier(created)).toEqual({ ok: true, message: 'The test was successful' });
    await reader.waitForMessage(isTestMessage(channel), { since, timeoutMs: 10_000 });
  }
});
