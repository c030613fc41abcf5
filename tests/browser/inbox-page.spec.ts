// The lab inbox page in a real browser: messages and flow-run changes arrive live over SSE (no reload),
// and the page looks like the stored baseline.
import { expect, test } from '@playwright/test';
import { type Receivers, startReceivers } from '../../mocks/receivers/server.ts';
import {
  PAGE_ALERT_ID,
  PAGE_SUMMARY,
  SLACK_ALERT_410_FULL,
  SLACK_TEST_MESSAGE,
  TEAMS_ALERT_FULL,
} from '../receivers/inbox-page-fixtures.ts';

let lab: Receivers;

test.beforeAll(async () => {
  // Long enough to see the template flow's run in the Running state first.
  lab = await startReceivers({ flowRunDelayMs: 1500 });
});
test.afterAll(async () => {
  await lab?.close();
});

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

test('shows Slack and Teams deliveries live, including the template flow failure', async ({ page }) => {
  await page.goto(`${lab.inboxUrl}/`);
  await expect(page.getByRole('heading', { level: 2, name: 'Slack' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Microsoft Teams' })).toBeVisible();
  await expect(page.getByTestId('inbox-live')).toHaveText('Live');
  await expect(page.getByTestId('inbox-message')).toHaveCount(0);
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });

  expect((await post(lab.hooks['teams-workflow-template'].url, TEAMS_ALERT_FULL)).status).toBe(202);
  const teams = page.getByTestId('inbox-pane-teams');
  const templateMessage = teams.getByRole('article', {
    name: /template flow\) teams-workflow-template-\d+$/,
  });
  await expect(templateMessage.getByTestId('inbox-run-running')).toContainText('running');

  expect((await post(lab.hooks['slack-incoming'].url, SLACK_TEST_MESSAGE)).status).toBe(200);
  expect((await post(lab.hooks['slack-incoming'].url, SLACK_ALERT_410_FULL)).status).toBe(200);
  expect((await post(lab.hooks['slack-workflow'].url, SLACK_ALERT_410_FULL)).status).toBe(200);
  const revoked = lab.hooks['slack-incoming'].url.replace(/\/[^/]+$/, '/NotTheSecret000000000000');
  expect((await post(revoked, SLACK_TEST_MESSAGE)).status).toBe(404);
  expect((await post(lab.hooks['teams-workflow-fixed'].url, TEAMS_ALERT_FULL)).status).toBe(202);

  const failure = templateMessage.getByTestId('inbox-run-failed');
  await expect(failure).toContainText(
    "ExpressionEvaluationFailed. The execution of template action 'Send_each_adaptive_card' failed",
  );
  await expect(failure).toContainText("is of type 'Null'. The result must be a valid array.");
  await expect(templateMessage.getByTestId('inbox-run-running')).toHaveCount(0);

  const fixedCard = teams
    .getByRole('article', { name: /fixed flow\) teams-workflow-fixed-\d+$/ })
    .getByTestId('inbox-card');
  await expect(fixedCard).toContainText(PAGE_SUMMARY);
  await expect(fixedCard.getByTestId('inbox-fact').first()).toHaveText(`ID${PAGE_ALERT_ID}`);

  const slack = page.getByTestId('inbox-pane-slack');
  await expect(slack.getByTestId('inbox-message')).toHaveCount(4);
  const alert = slack.getByTestId('inbox-attachment');
  await expect(alert).toContainText(`Alert ID: ${PAGE_ALERT_ID}`);
  await expect(alert.locator('strong').first()).toHaveText(PAGE_SUMMARY);
  await expect(slack.getByTestId('inbox-rejected')).toContainText('no_service');
  await expect(slack.getByTestId('inbox-empty-message')).toBeVisible();
  await expect(slack.getByTestId('inbox-message').first()).toHaveAttribute('data-state', 'rejected');

  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  for (const hook of Object.values(lab.hooks))
    expect(await page.content()).not.toContain(lab.inbox.getHook(hook.id)!.secret);

  await expect(page).toHaveScreenshot('inbox.png', {
    fullPage: true,
    mask: [page.getByTestId('inbox-time')],
  });
});
