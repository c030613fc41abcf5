// The Notifications module's console steps, in the guide's order: log in, create and test the Slack
// and Teams integrations (and the Generic Webhook, when the text has one), then attach Slack and
// Teams to "No bash allowed" in the policy wizard.

import { expect, notInText, test, webhookNotSet } from '../../fixtures/console/console-test.ts';
import { FINDING_TEXT } from '../../src/diagnose/finding.ts';
import { integrationOf } from '../../src/module/model.ts';
import { notifierUrl } from '../../src/module/notifier-form.ts';
import {
  editPolicy,
  externallyManagedWarning,
  fillNotifierForm,
  fillSecret,
  findPolicy,
  logIn,
  notifiersCell,
  openActionsStep,
  openNotifierIntegrations,
  openNotifierList,
  originOf,
  policyRow,
  reviewAndSave,
  revokedWebhookUrl,
  saveNotifier,
  selectNotifiers,
  shot,
  startNewIntegration,
  TEST_FAILURE,
  TEST_SUCCESS,
  testNotifier,
} from './steps.ts';

const POLICY = 'No bash allowed';

test.describe.configure({ mode: 'serial' });

test.beforeEach(({ consoleTarget }) => {
  test.skip(!consoleTarget.adminPassword, 'ROX_ADMIN_PASSWORD is not set: the console login needs it');
});

test('log into the RHACS console', async ({ page, consoleTarget }) => {
  await test.step('a wrong password is refused with the server error', async () => {
    await page.goto('/login');
    await page.locator('input[name="username"]').fill('admin');
    await fillSecret(page.locator('input[name="password"]'), `${consoleTarget.adminPassword}-wrong`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByLabel('Danger Alert')).toContainText('invalid username and/or password');
    await expect(page).toHaveURL(/\/login$/);
    await shot(page, 'Log in: wrong password');
  });
  await test.step('Log into the RHACS Console', async () => {
    await logIn(page, consoleTarget.adminPassword ?? '');
    // The UI keeps the token JSON-encoded under access_token (the `store` library).
    const stored = await page.evaluate(() => localStorage.getItem('access_token'));
    expect(typeof JSON.parse(stored ?? 'null')).toBe('string');
    await shot(page, 'Log in: dashboard');
  });
});

test('Slack: create slack-alerts, Test it, Save', async ({ page, consoleTarget, runNotifiers }) => {
  const webhook = consoleTarget.slackWebhookUrl;
  test.skip(!webhook, webhookNotSet('SLACK_WEBHOOK_URL', 'Slack webhook URL'));
  await logIn(page, consoleTarget.adminPassword ?? '');
  await test.step('navigate to Platform Configurations -> Integrations', async () => {
    await openNotifierIntegrations(page);
    await shot(page, 'Slack: Integrations, Notifier');
  });
  await test.step('under Notifier Integrations, select Slack', async () => {
    if (consoleTarget.version === '4.11') {
      // 4.11+ tiles are cards with a clickable-action button.
      await expect(page.getByRole('button', { name: 'View Slack integrations' })).toBeVisible();
    }
    await openNotifierList(page, 'slack');
    await shot(page, 'Slack: list');
  });
  await test.step('click the New integration button', async () => {
    await startNewIntegration(page, 'slack');
    // Validation runs on mount: Test and Save start disabled.
    await expect(page.getByRole('button', { name: 'Test', exact: true })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
  });
  await test.step('Test with a revoked webhook shows the failure', async () => {
    await fillNotifierForm(page, 'slack', {
      name: runNotifiers.slack,
      webhookUrl: revokedWebhookUrl(webhook ?? ''),
    });
    const text = await testNotifier(page, 'failure');
    expect(text).toContain(TEST_FAILURE);
    await shot(page, 'Slack: Test with a revoked webhook');
  });
  await test.step('Integration Name slack-alerts, Webhook URL, click Test', async () => {
    await fillNotifierForm(page, 'slack', { name: runNotifiers.slack, webhookUrl: webhook ?? '' });
    const text = await testNotifier(page, 'success');
    expect(text).toContain(TEST_SUCCESS);
    await shot(page, 'Slack: The test was successful');
  });
  await test.step('Save', async () => {
    await saveNotifier(page, 'slack', runNotifiers.slack);
    await shot(page, 'Slack: saved');
  });
});

test('Teams: create teams-alerts, Test it, Save', async ({ page, consoleTarget, runNotifiers }) => {
  const webhook = consoleTarget.teamsWebhookUrl;
  test.skip(!webhook, webhookNotSet('TEAMS_WEBHOOK_URL', 'Teams webhook URL'));
  await logIn(page, consoleTarget.adminPassword ?? '');
  await test.step('go to Platform Configurations -> Integrations, select Microsoft Teams', async () => {
    await openNotifierIntegrations(page);
    await openNotifierList(page, 'teams');
    await shot(page, 'Teams: list');
  });
  await test.step('click the New integration button, configure teams-alerts', async () => {
    await startNewIntegration(page, 'teams');
    await fillNotifierForm(page, 'teams', { name: runNotifiers.teams, webhookUrl: webhook ?? '' });
    await shot(page, 'Teams: form');
  });
  await test.step('click Test', async () => {
    const text = await testNotifier(page, 'success');
    expect(text).toContain(TEST_SUCCESS);
    await shot(page, 'Teams: The test was successful');
  });
  await test.step('click Save', async () => {
    await saveNotifier(page, 'teams', runNotifiers.teams);
    await shot(page, 'Teams: saved');
  });
});

test("Generic Webhook: create the text's integration, Test it, Save", async ({
  page,
  consoleTarget,
  runNotifiers,
  central,
  module,
}) => {
  const integration = integrationOf(module, 'generic');
  test.skip(integration === undefined, notInText(module, 'Generic Webhook'));
  const endpoint = consoleTarget.genericWebhookUrl;
  test.skip(!endpoint, webhookNotSet('GENERIC_WEBHOOK_URL', 'Generic Webhook endpoint'));
  const name = runNotifiers.generic ?? '';
  await logIn(page, consoleTarget.adminPassword ?? '');
  await test.step('go to Platform Configuration -> Integrations, select Generic Webhook', async () => {
    await openNotifierIntegrations(page);
    await openNotifierList(page, 'generic');
    await shot(page, 'Generic Webhook: list');
  });
  await test.step(`click the New integration button, Integration name ${name}, Endpoint`, async () => {
    await startNewIntegration(page, 'generic');
    await expect(page.getByRole('button', { name: 'Test', exact: true })).toBeDisabled();
    await fillNotifierForm(page, 'generic', { name, webhookUrl: endpoint ?? '' });
    await shot(page, 'Generic Webhook: form');
  });
  await test.step('click Test', async () => {
    const text = await testNotifier(page, 'success');
    expect(text).toContain(TEST_SUCCESS);
    await shot(page, 'Generic Webhook: The test was successful');
  });
  await test.step('click Save: Central has the notifier with the endpoint', async () => {
    await saveNotifier(page, 'generic', name);
    await shot(page, 'Generic Webhook: saved');
    const saved = await central.findNotifierByName(name);
    expect(saved?.type, `${name} in Central`).toBe('generic');
    // Compared, not printed: the endpoint is a secret (a webhook.site URL is its own key).
    expect(
      saved !== undefined && notifierUrl(saved) === endpoint,
      `${name}'s endpoint in Central is GENERIC_WEBHOOK_URL`,
    ).toBe(true);
  });
});

test('Configure Notifications: attach both notifiers to "No bash allowed"', async ({
  page,
  consoleTarget,
  runNotifiers,
  central,
}) => {
  const cannot = await runNotifiers.cannotEnsure();
  test.skip(cannot !== undefined, cannot);
  await runNotifiers.ensure();
  await logIn(page, consoleTarget.adminPassword ?? '');
  let origin = '';
  const row =
    await test.step('Platform Configuration -> Policy Management, filter for No bash allowed', async () => {
      const found = await findPolicy(page, POLICY);
      origin = await originOf(found);
      await shot(page, 'Policies: filtered');
      return found;
    });
  await test.step('click to edit the policy', async () => {
    await editPolicy(page, row, POLICY);
    if (origin === 'Externally managed') {
      await expect(externallyManagedWarning(page)).toBeVisible();
      test.info().annotations.push({
        type: 'finding',
        description: JSON.stringify({
          id: 'F2',
          ...FINDING_TEXT.F2,
          happened: `"${POLICY}" is listed with Origin "Externally managed" and the wizard warns "Externally managed policy": the notifiers added here will be dropped at the next resync`,
          severity: 'advisory',
        }),
      });
    } else {
      await expect(externallyManagedWarning(page)).toHaveCount(0);
    }
    await shot(page, 'Policy wizard: opened');
  });
  await test.step('go to Policy behavior - Actions', async () => {
    await openActionsStep(page);
    await shot(page, 'Policy wizard: Actions');
  });
  await test.step('click the notifiers and save the policy', async () => {
    await selectNotifiers(page, [runNotifiers.slack, runNotifiers.teams]);
    await shot(page, 'Policy wizard: notifiers selected');
    await reviewAndSave(page);
    const saved = policyRow(page, POLICY);
    // A lab kept after a failed run may hold more notifiers: check the column, then the ids.
    await expect(notifiersCell(saved)).toContainText(/\d+ Slack/);
    await expect(notifiersCell(saved)).toContainText(/\d+ Microsoft Teams/);
    const policy = await central.findPolicyByName(POLICY);
    const attached = new Set(policy?.notifiers ?? []);
    for (const name of [runNotifiers.slack, runNotifiers.teams]) {
      const notifier = await central.findNotifierByName(name);
      expect(attached.has(notifier?.id ?? ''), `${name} is attached to "${POLICY}" in Central`).toBe(true);
    }
    await shot(page, 'Policies: notifiers attached');
  });
});
