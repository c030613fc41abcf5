// "Integrating Slack with RHACS": the notifier slack-alerts, its Test button, and the test message
// arriving in the channel.

import { test } from '../fixtures/harness.ts';
import {
  enterIntegration,
  integrationWebhook,
  moduleIntegration,
  testIntegration,
  testMessageStep,
} from '../fixtures/steps.ts';
import { detectNoChannelField, detectSlackWorkflowTrigger } from '../src/diagnose/index.ts';
import { slackTestMessage } from '../src/module/test-messages.ts';
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
  sink,
}) => {
  test.setTimeout(scenarioBudgetMs('slack', config.alertTimeoutMs));
  const integration = moduleIntegration(module, 'slack');
  const webhookUrl = integrationWebhook(channels, config, integration);
  const uiEndpoint = config.central.endpoint ?? '';
  const deps = { config, sink };

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
    await testMessageStep(channels, 'slack', 'The test message appears in the Slack channel', () =>
      slackTestMessage(deps, waiter, since),
    );
  } finally {
    waiter.close();
  }
  await goalsHold('slack-integration');
});
