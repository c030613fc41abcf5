// The notifier integration types the Notifier tab shows a tile for, with their labels
// (Containers/Integrations/IntegrationTiles/NotifierIntegrationsTab.tsx).
export const NOTIFIER_TYPES: readonly (readonly [type: string, label: string])[] = [
  ['slack', 'Slack'],
  ['generic', 'Generic Webhook'],
  ['jira', 'Jira'],
  ['email', 'Email'],
  ['cscc', 'Google Cloud SCC'],
  ['splunk', 'Splunk'],
  ['pagerduty', 'PagerDuty'],
  ['sumologic', 'Sumo Logic'],
  ['teams', 'Microsoft Teams'],
  ['awsSecurityHub', 'AWS Security Hub'],
  ['syslog', 'Syslog'],
  ['microsoftSentinel', 'Microsoft Sentinel'],
];

export function notifierTypeLabel(type: string): string {
  return NOTIFIER_TYPES.find(([t]) => t === type)?.[1] ?? type;
}

export function notifierListPath(type: string): string {
  return `/main/integrations/notifiers/${type}`;
}
