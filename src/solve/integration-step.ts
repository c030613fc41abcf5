// An integration step: create or update the notifier the way the form does, then press Test. An
// integration the text makes optional is skipped when no URL is configured for it.

import { HarnessError } from '../errors.ts';
import { saveAndTestIntegration } from '../module/integration-action.ts';
import type { ModuleIntegration } from '../module/model.ts';
import { notifierUrl, URL_VARIABLE } from '../module/notifier-form.ts';
import { redactUrl } from '../redact.ts';
import type { SolveContext } from './context.ts';

const TEST_FIX = {
  slack: 'is a live webhook',
  teams: 'is a live webhook',
  generic: 'is the endpoint you copied (webhook.site URLs expire)',
} as const;

function configuredUrl(ctx: SolveContext, integration: ModuleIntegration): string | undefined {
  const { cfg } = ctx;
  return { slack: cfg.slackWebhookUrl, teams: cfg.teamsWebhookUrl, generic: cfg.genericWebhookUrl }[
    integration.type
  ];
}

export async function solveIntegration(ctx: SolveContext, integration: ModuleIntegration): Promise<void> {
  const { central, log } = ctx;
  const step = `${integration.type}-integration`;
  const url = configuredUrl(ctx, integration);
  if (url === undefined && integration.optional) {
    const existing = (await central.listNotifiers()).find((n) => n.name === integration.name);
    if (existing === undefined) {
      log(
        step,
        `skipped: ${integration.name} is optional in the text${integration.optionalAt ? ` (${integration.optionalAt})` : ''}; set ${URL_VARIABLE[integration.type]} to create it`,
      );
      return;
    }
  }
  const r = await saveAndTestIntegration(central, {
    name: integration.name,
    type: integration.type,
    url,
    uiEndpoint: central.endpoint,
  });
  ctx.notifierIds.set(integration.name, r.notifier.id);
  const where = integration.type === 'generic' ? 'endpoint' : 'webhook';
  log(step, `${r.notifier.name} ${r.action}, ${where} ${redactUrl(notifierUrl(r.notifier))}`);
  if (!r.test.ok) {
    throw new HarnessError({
      code: 'NOTIFIER_TEST_FAILED',
      what: `Testing ${r.notifier.name}`,
      cause: r.test.message,
      fix: `check ${URL_VARIABLE[integration.type]} ${TEST_FIX[integration.type]}`,
    });
  }
  log(step, `Test: ${r.test.message}`);
}
