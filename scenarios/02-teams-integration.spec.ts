// "Integrating Microsoft Teams with RHACS": the notifier teams-alerts, its Test button, and (for a
// Workflows URL) the flow run that must post the message into the channel.

import { expect, test } from '../fixtures/harness.ts';
import {
  enterIntegration,
  integrationWebhook,
  moduleIntegration,
  testIntegration,
  testMessageStep,
} from '../fixtures/steps.ts';
import { teamsTestMessage } from '../src/module/test-messages.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Integrating Microsoft Teams with RHACS', async ({
  goalsHold,
  config,
  module,
  mode,
  central,
  channels,
  teams,
  cleanup,
  evidence,
  sink,
}) => {
  test.setTimeout(scenarioBudgetMs('teams', config.alertTimeoutMs, config.teamsReadbackTimeoutMs));
  const integration = moduleIntegration(module, 'teams');
  const webhookUrl = integrationWebhook(channels, config, integration);
  const uiEndpoint = config.central.endpoint ?? '';
  const deps = { config, sink };

  const notifier = await enterIntegration(
    central,
    cleanup,
    mode,
    { name: integration.name, type: 'teams', url: webhookUrl, uiEndpoint },
    config.secrets,
  );
  evidence.note('teamsNotifierId', notifier.id);

  const waiter = await teams.subscribe();
  try {
    const since = Date.now();
    evidence.note('testClickedAt', new Date(since).toISOString());
    await testIntegration(central, notifier, since);

    await testMessageStep(channels, 'teams', 'The test message appears in the Teams channel', () =>
      teamsTestMessage(deps, waiter, notifier, since),
    );
  } finally {
    waiter.close();
  }
  // The module's last Teams step; the notifier was saved when it was created above.
  await test.step('Click Save', async () => {
    const saved = await central.findNotifierByName(integration.name);
    expect(saved?.type).toBe('teams');
  });
  await goalsHold('teams-integration');
});
