// The console's user-visible strings that the module's browser scenarios locate elements by
// (shared/reference/rhacs-console.md). Overrides exist so a test can deliberately mutate one label
// and prove the scenarios fail for that reason; the lab never overrides them by default.

export const CONSOLE_TEXT = {
  loginHeading: 'Log in to your account',
  authProviderLabel: 'Select an auth provider',
  loginButton: 'Log in',
  navPlatformConfiguration: 'Platform Configuration',
  navIntegrations: 'Integrations',
  navPolicyManagement: 'Policy Management',
  notifierTab: 'Notifier',
  newIntegration: 'New integration',
  integrationName: 'Integration name',
  slackWebhook: 'Default Slack webhook',
  slackAnnotationKey: 'Annotation key for Slack webhook',
  teamsWebhook: 'Default Teams webhook',
  teamsAnnotationKey: 'Annotation key for Teams webhook',
  testButton: 'Test',
  saveButton: 'Save',
  cancelButton: 'Cancel',
  testSuccess: 'The test was successful',
  policySearch: 'Filter results by Policy name',
  editPolicy: 'Edit policy',
  wizardNav: 'Security policy configuration steps',
  policyBehavior: 'Policy behavior',
  actionsStep: 'Actions',
  reviewStep: 'Review',
  externallyManagedTitle: 'Externally managed policy',
  externallyManagedBody:
    'You are editing a policy that is managed externally. Any local changes to this policy will be automatically overwritten during the next resync.',
} as const;

export type ConsoleTextKey = keyof typeof CONSOLE_TEXT;
export type ConsoleText = Record<ConsoleTextKey, string>;
export type ConsoleTextOverrides = Partial<ConsoleText>;

export function consoleText(overrides: ConsoleTextOverrides = {}): ConsoleText {
  const text: ConsoleText = { ...CONSOLE_TEXT };
  for (const [key, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(CONSOLE_TEXT, key)) throw new Error(`unknown console text key: ${key}`);
    if (typeof value === 'string') text[key as ConsoleTextKey] = value;
  }
  return text;
}
