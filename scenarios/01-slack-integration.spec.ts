// "Integrating Slack with RHACS": the notifier slack-alerts, its Test button, and the test message
// arriving in the channel.

import { expect, test } from '../fixtures/harness.ts';
import {
  enterIntegration,
  integrationWebhook,
  moduleIntegration,
  testIntegration,
  testMessageStep,
} from '../fixtures/steps.ts';
import { isTestMessage, TEST_MESSAGE_TEXT } from '../src/channels/index.ts';
import { detectNoChannelField, detectSlackWorkflowTrigger } from '../src/diagnose/index.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Integrating Slack with RHACS', async ({
  goalsHold,
  config,
  module,
  mode,
  central,
  channels,
  slack,
  cleanup,
  evidence,
  recordFinding,
  recordHop,
}) => {
  test.setTimeout(scenarioBudgetMs('slack', config.alertTimeoutMs));
  const integration = moduleIntegration(module, 'slack');
  const webhookUrl = integrationWebhook(channels, integration);
  const uiEndpoint = config.central.endpoint ?? '';

  const notifier = await enterIntegration(
    central,
    cleanup,
    mode,
    { name: integration.name, type: 'slack', url: webhookUrl, uiEndpoint },
    config.secrets,
  );
  evidence.note('slackNotifierId', notifier.id);

  await test.step('Default Channel: verify or select the correct Slack channel', async () => {
    const f4 = detectNoChannelField(await central.getNotifier(notifier.id));
    if (f4) recordFinding(f4);
  });
  const f3 = detectSlackWorkflowTrigger({ webhookUrl });
  if (f3) recordFinding(f3);

  // Subscribe before clicking Test so the message cannot slip past.
  const waiter = await slack.subscribe();
  try {
    const since = Date.now();
    evidence.note('testClickedAt', new Date(since).toISOString());
    await testIntegration(central, notifier, since);
    await testMessageStep(channels, 'slack', 'The test message appears in the Slack channel', async () => {
      const message = await waiter.waitForMessage(isTestMessage('slack'), {
        since,
        timeoutMs: config.alertTimeoutMs,
      });
      recordHop('slack test message', message.receivedAt - since);
      expect(message.delivered, `the Slack hook answered ${message.status}`).toBe(true);
      expect(message.shownText).toContain(TEST_MESSAGE_TEXT.slack);
    });
  } finally {
    waiter.close();
  }
  await goalsHold('slack-integration');
});
