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
import { isTestMessage, TEST_MESSAGE_TEXT } from '../src/channels/index.ts';
import { isWorkflowsUrl } from '../src/check/webhook-kind.ts';
import { detectTeamsFlowFailure } from '../src/diagnose/index.ts';
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
  recordHop,
  failWith,
}) => {
  test.setTimeout(scenarioBudgetMs('teams', config.alertTimeoutMs, config.teamsReadbackTimeoutMs));
  const integration = moduleIntegration(module, 'teams');
  const webhookUrl = integrationWebhook(channels, integration);
  const uiEndpoint = config.central.endpoint ?? '';

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

    await testMessageStep(channels, 'teams', 'The test message appears in the Teams channel', async () => {
      const received = await waiter.waitForMessage(isTestMessage('teams'), {
        since,
        timeoutMs: config.teamsReadbackTimeoutMs,
      });
      recordHop('teams webhook', received.receivedAt - since);
      let shownMessage = received;
      if (isWorkflowsUrl(webhookUrl) && waiter.waitForRun) {
        const { run, message } = await waiter.waitForRun(received, {
          timeoutMs: config.teamsReadbackTimeoutMs,
        });
        evidence.note('teamsTestRun', run);
        recordHop('teams flow run', (run.endedAt ?? Date.now()) - since);
        const f5 = detectTeamsFlowFailure({
          what: 'test message',
          rhacsSaidOk: true,
          message,
          run,
          webhookUrl,
        });
        if (f5) {
          throw failWith(f5, {
            code: 'TEAMS_FLOW_FAILED',
            what: 'Checking the Teams test message reached the channel',
            details: { channel: 'teams' },
          });
        }
        shownMessage = message;
      }
      expect(shownMessage.delivered, 'the message appeared in the channel').toBe(true);
      expect(shownMessage.shownText).toContain(TEST_MESSAGE_TEXT.teams);
    });
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
