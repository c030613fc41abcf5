// What the lab console's notifier forms send, as the real UI's useIntegrationActions.ts does through
// services/IntegrationsService.ts (testIntegrationV2, saveIntegrationV2): a form whose values hold
// updatePassword (Generic Webhook) wraps the notifier with it, the others (Slack, Teams) send the
// notifier alone; an unchanged edit form cannot be saved (isDisabled={!dirty || !isValid}).
import { expect, type Page, test } from '@playwright/test';
import { type Lab, startLab } from '../../mocks/lab.ts';

let lab: Lab;
test.beforeAll(async () => {
  lab = await startLab();
});
test.afterAll(async () => {
  await lab?.close();
});

async function openAs(page: Page, path: string) {
  await page.addInitScript(
    (t) => localStorage.setItem('access_token', JSON.stringify(t)),
    lab.env.ROX_API_TOKEN,
  );
  await page.goto(`${lab.central.url}${path}`);
}

/** The method, path and body of the next /v1/notifiers request `action` makes. */
async function requestOf(page: Page, action: () => Promise<void>) {
  const [request] = await Promise.all([
    page.waitForRequest((r) => new URL(r.url()).pathname.startsWith('/v1/notifiers') && r.method() !== 'GET'),
    action(),
  ]);
  return { method: request.method(), path: new URL(request.url()).pathname, body: request.postDataJSON() };
}

async function createSlack(name: string): Promise<string> {
  const res = await fetch(`${lab.central.url}/v1/notifiers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id: '',
      name,
      type: 'slack',
      uiEndpoint: lab.central.url,
      labelDefault: lab.env.SLACK_WEBHOOK_URL,
      labelKey: '',
    }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

test('the Generic Webhook create form tests {notifier, updatePassword: true} through test/updated', async ({
  page,
}) => {
  await openAs(page, '/main/integrations/notifiers/generic/create');
  await page.getByLabel('Integration name').fill('webhook-requests');
  await page.getByLabel('Endpoint').fill(lab.env.LAB_CATCHER_URL ?? '');
  const sent = await requestOf(page, () => page.getByTestId('test-btn').click());
  expect({ method: sent.method, path: sent.path }).toEqual({
    method: 'POST',
    path: '/v1/notifiers/test/updated',
  });
  expect(sent.body.updatePassword).toBe(true);
  expect(sent.body.notifier).toMatchObject({ name: 'webhook-requests', type: 'generic' });
  await expect(page.locator('#form-message-alert')).toContainText('The test was successful');
});

test('a Slack edit form tests and saves the notifier alone (POST .../test, PUT)', async ({ page }) => {
  const id = await createSlack('slack-requests');
  await openAs(page, `/main/integrations/notifiers/slack/edit/${id}`);
  await expect(page.getByTestId('create-btn')).toBeDisabled();
  const tested = await requestOf(page, () => page.getByTestId('test-btn').click());
  expect({ method: tested.method, path: tested.path }).toEqual({
    method: 'POST',
    path: '/v1/notifiers/test',
  });
  expect(tested.body).toMatchObject({ id, name: 'slack-requests', type: 'slack' });
  await expect(page.locator('#form-message-alert')).toContainText('The test was successful');
  await page.getByLabel('Annotation key for Slack webhook').fill('team');
  const saved = await requestOf(page, () => page.getByTestId('create-btn').click());
  expect({ method: saved.method, path: saved.path }).toEqual({ method: 'PUT', path: `/v1/notifiers/${id}` });
  expect(saved.body).toMatchObject({ id, labelKey: 'team' });
});

test('an unchanged Generic Webhook edit form cannot be saved; a change can, with PATCH', async ({ page }) => {
  await openAs(page, '/main/integrations/notifiers/generic/create');
  await page.getByLabel('Integration name').fill('webhook-unchanged');
  await page.getByLabel('Endpoint').fill(lab.env.LAB_CATCHER_URL ?? '');
  await page.getByTestId('create-btn').click();
  await page.waitForURL('about:blank');
  const stored = [...lab.central.store.notifiers.values()].find((n) => n.name === 'webhook-unchanged');
  await page.goto(`${lab.central.url}/main/integrations/notifiers/generic/edit/${stored?.id}`);
  await expect(page.getByTestId('test-btn')).toBeEnabled();
  await expect(page.getByTestId('create-btn')).toBeDisabled();
  await page.getByLabel('Enable audit logging').check();
  const saved = await requestOf(page, () => page.getByTestId('create-btn').click());
  expect({ method: saved.method, path: saved.path }).toEqual({
    method: 'PATCH',
    path: `/v1/notifiers/${stored?.id}`,
  });
  expect(saved.body).toMatchObject({
    updatePassword: false,
    notifier: { generic: { auditLoggingEnabled: true } },
  });
});
