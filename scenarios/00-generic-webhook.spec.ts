// "Integrating a generic webhook": the notifier the guide names (webhook-alerts) posts to a
// webhook.site-style endpoint; its Test button, and the test alert read back from the endpoint.
// Skipped, saying so, when the module text creates no Generic Webhook (the built-in copy does not).

import { expect, test } from '../fixtures/harness.ts';
import {
  enterIntegration,
  integrationWebhook,
  moduleIntegration,
  testIntegration,
} from '../fixtures/steps.ts';
import { catcherReadUrl } from '../src/channels/catcher-reader.ts';
import { genericTestRequest } from '../src/module/test-messages.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Integrating a generic webhook', async ({
  goalsHold,
  config,
  module,
  mode,
  central,
  channels,
  cleanup,
  evidence,
  sink,
}) => {
  test.setTimeout(scenarioBudgetMs('slack', config.alertTimeoutMs));
  const integration = moduleIntegration(module, 'generic');
  const endpoint = integrationWebhook(channels, config, integration);
  const spec = {
    name: integration.name,
    type: 'generic' as const,
    url: endpoint,
    uiEndpoint: config.central.endpoint ?? '',
  };
  const notifier = await enterIntegration(central, cleanup, mode, spec, config.secrets);
  evidence.note('genericNotifierId', notifier.id);

  const since = Date.now();
  await testIntegration(central, notifier, since);
  const readUrl = catcherReadUrl(endpoint, config.genericWebhookReadUrl);
  await test.step(
    readUrl === undefined
      ? 'The test request appears on the endpoint (not verified: nothing reads this endpoint back)'
      : 'The test request appears on the endpoint',
    async () => {
      if (readUrl === undefined) {
        test.info().annotations.push({
          type: 'unverified',
          description: JSON.stringify({
            channel: 'generic',
            reason: 'the endpoint is not webhook.site, and GENERIC_WEBHOOK_READ_URL is not set',
            configure: ['GENERIC_WEBHOOK_READ_URL'],
          }),
        });
        return;
      }
      await genericTestRequest({ config, sink }, readUrl, since);
    },
  );
  await test.step('Click Save', async () => {
    const saved = await central.findNotifierByName(integration.name);
    expect(saved?.type).toBe('generic');
  });
  await goalsHold('generic-integration');
});
