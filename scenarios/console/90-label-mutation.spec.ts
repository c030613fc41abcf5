// Proves the console scenarios fail for the right reason: with one label deliberately renamed in the
// lab console, the same step that passes on the unmodified console fails, and the error names the
// label it could not find. Needs no Central: the form step makes no API call before Test.
import { expect, test } from '@playwright/test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { type ConsoleServer, startConsoleServer } from '../../mocks/console/index.ts';
import { fillNotifierForm, logIn } from './steps.ts';

const PASSWORD = 'mutation-test-password';

// Like the console scenarios: without a Chromium the proof is skipped with the reason, not failed.
const chromium = chooseChromium();
test.skip(!chromium.available, chromium.available ? '' : chromium.reason);

async function runSlackFormStep(browser: import('@playwright/test').Browser, server: ConsoleServer) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  page.setDefaultTimeout(3_000);
  try {
    await logIn(page, PASSWORD);
    await page.goto('/main/integrations/notifiers/slack/create');
    await fillNotifierForm(page, 'slack', {
      name: 'slack-alerts',
      webhookUrl: 'http://127.0.0.1:9/services/T/B/x',
    });
  } finally {
    await context.close();
  }
}

test('a renamed "Default Slack webhook" label fails the Slack step, naming the label', async ({
  browser,
}) => {
  const options = { version: '4.11' as const, adminPassword: PASSWORD, issueToken: () => 'lab-ui-token' };
  const control = await startConsoleServer(options);
  const mutated = await startConsoleServer({ ...options, overrides: { slackWebhook: 'Slack webhook URL' } });
  try {
    await runSlackFormStep(browser, control);
    const error = await runSlackFormStep(browser, mutated).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error, 'the step must fail on the mutated console').toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain("getByLabel('Default Slack webhook')");
    expect(message).toMatch(/Timeout \d+ms exceeded/);
  } finally {
    await control.close();
    await mutated.close();
  }
});
