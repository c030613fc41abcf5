// The module's console steps as reusable browser actions. Locators use roles, labels, test ids and
// text from shared/reference/rhacs-console.md, chosen to work on the real console (4.10 and 4.11+)
// and on the embedded lab's console alike.
import { expect, type Locator, type Page, test } from '@playwright/test';

export type NotifierKind = 'slack' | 'teams' | 'generic';

/** Each type's tile, the label of the field that takes its URL (a secret), and its path. */
export const KIND = {
  slack: { tile: 'Slack', webhookLabel: 'Default Slack webhook', path: 'slack' },
  teams: { tile: 'Microsoft Teams', webhookLabel: 'Default Teams webhook', path: 'teams' },
  // GenericWebhookIntegrationForm.tsx: the endpoint field's label.
  generic: { tile: 'Generic Webhook', webhookLabel: 'Endpoint', path: 'generic' },
} as const;

/** central/auth/userpass/auth.go */
const BASIC_PROVIDER_ID = '4df1b98c-24ed-4073-a9ad-356aec6bb62d';

export const TEST_SUCCESS = 'The test was successful';
/** central/notifier/service/service_impl.go: the webhook's own answer is not shown. */
export const TEST_FAILURE = 'send test message failed: invalid arguments';

/** Where the console shows webhook URLs (secrets): the form fields and the lists' columns. */
export function webhookMasks(page: Page): Locator[] {
  return [
    page.getByLabel(/Default (Slack|Teams) webhook/),
    page.getByLabel(KIND.generic.webhookLabel),
    page.locator('td[data-label="Default Webhook"], td[data-label="Endpoint"]'),
  ];
}

/** A screenshot of the current guide step, with webhook URLs (secrets) masked. */
export async function shot(page: Page, step: string): Promise<void> {
  const body = await page.screenshot({ fullPage: true, mask: webhookMasks(page) });
  await test.info().attach(step, { body, contentType: 'image/png' });
}

/** The left sidebar: the navigation landmark that holds the "Platform Configuration" group. */
export function sidebar(page: Page): Locator {
  return page
    .getByRole('navigation')
    .filter({ has: page.getByRole('button', { name: 'Platform Configuration' }) });
}

async function expand(group: Locator): Promise<void> {
  if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
  await expect(group).toHaveAttribute('aria-expanded', 'true');
}

export async function openPlatformConfiguration(page: Page, item: 'Integrations' | 'Policy Management') {
  const nav = sidebar(page);
  await expand(nav.getByRole('button', { name: 'Platform Configuration' }));
  await nav.getByRole('link', { name: item, exact: true }).click();
}

export async function logIn(page: Page, password: string): Promise<void> {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Log in to your account' })).toBeVisible();
  // With only the basic provider the select is disabled and shows it. When another provider (e.g.
  // OpenShift OAuth) is pre-selected, the react-select has no role or label to open it by, so take
  // the console's own API path instead (the repo's Cypress tests do the same) and say so.
  if (!(await page.getByText('Login with username/password', { exact: true }).isVisible())) {
    test.info().annotations.push({
      type: 'note',
      description: 'another auth provider is pre-selected: logged in through /v1/authProviders/exchangeToken',
    });
    const res = await page.request.post('/v1/authProviders/exchangeToken', {
      data: {
        external_token: new URLSearchParams({ username: 'admin', password }).toString(),
        type: 'basic',
        state: BASIC_PROVIDER_ID,
      },
    });
    expect(res.status(), 'basic login through the API').toBe(200);
    const { token } = (await res.json()) as { token: string };
    await page.evaluate((t) => localStorage.setItem('access_token', JSON.stringify(t)), token);
    await page.goto('/main/dashboard');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    return;
  }
  // The real form's labels are not tied to the inputs, so getByLabel cannot find them.
  await page.locator('input[name="username"]').fill('admin');
  await fillSecret(page.locator('input[name="password"]'), password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/main\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
}

/** Platform Configuration -> Integrations -> the notifier integrations (tab in 4.10+). */
export async function openNotifierIntegrations(page: Page): Promise<void> {
  await openPlatformConfiguration(page, 'Integrations');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  // 4.11+: a role=tab; 4.10: a tab link; 4.8/4.9: no tabs, an h2 "Notifier Integrations" section.
  const tab = page
    .getByRole('tab', { name: 'Notifier', exact: true })
    .or(page.getByRole('link', { name: 'Notifier', exact: true }));
  if ((await tab.count()) > 0) {
    await tab.click();
    await expect(page).toHaveURL(/\/main\/integrations\/notifiers$/);
  } else {
    await expect(page.getByRole('heading', { name: 'Notifier Integrations' })).toBeVisible();
  }
}

export function integrationTile(page: Page, kind: NotifierKind): Locator {
  return page
    .getByTestId('integration-tile')
    .filter({ hasText: new RegExp(`^\\s*\\d*\\s*${KIND[kind].tile}\\s*$`) });
}

/** "Under Notifier Integrations, select Slack" (or Microsoft Teams): lands on the type's list. */
export async function openNotifierList(page: Page, kind: NotifierKind): Promise<void> {
  await integrationTile(page, kind).click();
  await expect(page).toHaveURL(new RegExp(`/main/integrations/notifiers/${KIND[kind].path}$`));
  await expect(page.getByRole('heading', { level: 2, name: KIND[kind].tile, exact: true })).toBeVisible();
}

export async function startNewIntegration(page: Page, kind: NotifierKind): Promise<void> {
  await page.getByRole('link', { name: 'New integration' }).click();
  await expect(page).toHaveURL(new RegExp(`/main/integrations/notifiers/${KIND[kind].path}/create$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Create integration' })).toBeVisible();
}

/**
 * Types a secret (password, webhook URL) into a field. `locator.fill(value)` would put the value
 * into the report as the step title `Fill "<value>"`; this sets it the way a paste does (the native
 * value setter plus input and change events, which React forms also see) under a neutral title.
 */
export async function fillSecret(field: Locator, value: string): Promise<void> {
  await field.evaluate((el, v) => {
    const input = el as HTMLInputElement;
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
    input.focus();
    setValue?.call(input, v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
  await expect(field, 'the secret field holds the value').not.toHaveValue('');
}

export async function fillNotifierForm(
  page: Page,
  kind: NotifierKind,
  values: { name: string; webhookUrl: string },
): Promise<void> {
  await page.getByLabel('Integration name').fill(values.name);
  await fillSecret(page.getByLabel(KIND[kind].webhookLabel), values.webhookUrl);
}

/** Clicks Test and returns the result alert's text, asserting which kind of alert appeared. */
export async function testNotifier(page: Page, expected: 'success' | 'failure'): Promise<string> {
  const message = page.locator('#form-message-alert');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  const alert = message.getByLabel(expected === 'success' ? 'Success Alert' : 'Danger Alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(expected === 'success' ? 'Success' : 'Failure');
  return (await alert.textContent()) ?? '';
}

/** Clicks Save; the form goes back to the list, which shows the new row. */
export async function saveNotifier(page: Page, kind: NotifierKind, name: string): Promise<void> {
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeEnabled();
  await save.click();
  await expect(page).toHaveURL(new RegExp(`/main/integrations/notifiers/${KIND[kind].path}$`));
  await expect(page.getByRole('heading', { name: /^\d+ results? found$/ })).toBeVisible();
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
}

/** The same URL with its secret part replaced: what a deleted/revoked webhook looks like to Central. */
export function revokedWebhookUrl(url: string): string {
  const u = new URL(url);
  if (u.searchParams.has('sig')) {
    u.searchParams.set('sig', 'revoked0000000000000000000000000000000000000');
    return u.toString();
  }
  const parts = u.pathname.split('/');
  const secret = parts.at(-1) ?? '';
  parts[parts.length - 1] = secret.length > 0 ? 'X'.repeat(secret.length) : 'revoked';
  if (parts[parts.length - 1] === secret) parts[parts.length - 1] = 'Y'.repeat(secret.length);
  u.pathname = parts.join('/');
  return u.toString();
}

export function policiesTable(page: Page): Locator {
  return page.getByTestId('policies-table');
}

export function policyRow(page: Page, policyName: string): Locator {
  return policiesTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name: policyName, exact: true }) });
}

/** Platform Configuration -> Policy Management, then filter by policy name. Returns the row. */
export async function findPolicy(page: Page, policyName: string): Promise<Locator> {
  await openPlatformConfiguration(page, 'Policy Management');
  await expect(page).toHaveURL(/\/main\/policy-management\/policies/);
  await expect(page.getByRole('heading', { level: 1, name: 'Policy management' })).toBeVisible();
  const search = page.getByRole('combobox', { name: 'Filter results by Policy name' });
  if ((await search.count()) > 0) {
    await search.fill(policyName);
    await search.press('Enter');
  } else {
    // 4.8/4.9's old search box: the URL filter works in every version.
    await page.goto(`/main/policy-management/policies?s[Policy]=${encodeURIComponent(policyName)}`);
  }
  await expect(page).toHaveURL(/[?&]s\[Policy\]=/);
  const row = policyRow(page, policyName);
  await expect(row).toBeVisible();
  return row;
}

export async function originOf(row: Locator): Promise<string> {
  return ((await row.locator('td[data-label="Origin"]').textContent()) ?? '').trim();
}

export function notifiersCell(row: Locator): Locator {
  return row.locator('td[data-label="Notifiers"]');
}

export function externallyManagedWarning(page: Page): Locator {
  return page.getByLabel('Warning Alert').filter({ hasText: 'Externally managed policy' });
}

export async function editPolicy(page: Page, row: Locator, policyName: string): Promise<void> {
  await row.getByRole('button', { name: 'Kebab toggle' }).click();
  await page.getByRole('menuitem', { name: 'Edit policy' }).click();
  await expect(page).toHaveURL(/\?action=edit$/);
  await expect(page.getByRole('heading', { level: 1, name: policyName, exact: true })).toBeVisible();
}

function wizardNav(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Security policy configuration steps' });
}

/** "Go to Policy behavior - actions". */
export async function openActionsStep(page: Page): Promise<void> {
  const nav = wizardNav(page);
  await expand(nav.getByRole('button', { name: 'Policy behavior' }));
  await nav.getByRole('button', { name: 'Actions', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Notifiers', exact: true })).toBeVisible();
}

export function notifierRow(page: Page, notifierName: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: notifierName, exact: true }) });
}

export async function selectNotifiers(page: Page, names: string[]): Promise<void> {
  for (const name of names) {
    const box = notifierRow(page, name).getByRole('checkbox');
    await box.check();
    await expect(box).toBeChecked();
  }
}

/** Review (dry run), then Save; the wizard goes back to where it was opened from. */
export async function reviewAndSave(page: Page): Promise<void> {
  await wizardNav(page).getByRole('button', { name: 'Review', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Review policy' })).toBeVisible();
  const save = page.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toBeEnabled({ timeout: 30_000 });
  await save.click();
  await expect(page).not.toHaveURL(/action=edit/);
}
