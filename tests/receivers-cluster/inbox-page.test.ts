// The lab's inbox page shows what the lab's receivers got. With the harness's own receivers
// (RECEIVER_MODE) the notifiers post elsewhere, so a LAB_INBOX_URL left in the environment (a
// sourced lab.env) must not be offered for scenario 04's screenshot: it would never show the alert.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { loadConfig } from '../../src/config.ts';
import { CleanupLedger } from '../../src/module/cleanup-ledger.ts';
import { openChannels } from '../../src/receivers/index.ts';

const LAB_INBOX_URL = 'http://127.0.0.1:9/inbox';

describe('the inbox page offered for the screenshot', () => {
  it('is the lab inbox when the notifiers post to the lab receivers', async () => {
    const channels = await openChannels({
      config: loadConfig({
        TARGET: 'embedded',
        LAB_INBOX_URL,
        SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/services/T/B/x',
      }),
      mode: 'verify',
      kube: { kubeConfig: new KubeConfig() },
      cleanup: new CleanupLedger(),
    });
    assert.equal(channels.inboxUrl, LAB_INBOX_URL);
    await channels.close();
  });

  it("is none with the harness's own receivers, even with LAB_INBOX_URL set", async () => {
    const channels = await openChannels({
      config: loadConfig({ TARGET: 'embedded', LAB_INBOX_URL, RECEIVER_PUBLIC_URL: 'http://127.0.0.1:9' }),
      mode: 'verify',
      kube: { kubeConfig: new KubeConfig() },
      cleanup: new CleanupLedger(),
    });
    try {
      assert.equal(channels.routes.slack.via, 'public');
      assert.equal(channels.inboxUrl, undefined);
    } finally {
      await channels.close();
    }
  });
});
