// The guide's screenshots, in the module's order: one PNG per step that `npm run screenshots` writes.
// The file names follow the guide's steps; the captions are the guide's own words.

export interface GuideShot {
  file: string;
  caption: string;
}

export const GUIDE_SHOTS = [
  { file: '01-integrations-slack-tile.png', caption: 'Under Notifier Integrations, select Slack' },
  { file: '02-slack-new-integration-form.png', caption: 'New integration: slack-alerts and the Webhook URL' },
  { file: '03-slack-test-successful.png', caption: 'Click Test: "The test was successful"' },
  { file: '04-slack-integration-saved.png', caption: 'Save: slack-alerts is listed' },
  { file: '05-integrations-teams-tile.png', caption: 'Under Notifier Integrations, select Microsoft Teams' },
  { file: '06-teams-new-integration-form.png', caption: 'New integration: teams-alerts and the Webhook URL' },
  { file: '07-teams-test-successful.png', caption: 'Click Test: "The test was successful"' },
  { file: '08-teams-integration-saved.png', caption: 'Click Save: teams-alerts is listed' },
  {
    file: '09-policy-management-no-bash-allowed.png',
    caption: 'Policy Management, filtered for No bash allowed',
  },
  {
    file: '10-policy-actions-notifiers-available.png',
    caption: 'Policy behavior - Actions: slack-alerts and teams-alerts are available',
  },
  { file: '11-policy-actions-notifiers-selected.png', caption: 'Click the notifiers' },
  { file: '12-policy-saved-notifiers-attached.png', caption: 'Save the policy: both notifiers attached' },
  { file: '13-inbox-alert-slack-teams.png', caption: 'Review your Slack and Teams channels for the alert' },
] as const satisfies readonly GuideShot[];

export type GuideShotFile = (typeof GUIDE_SHOTS)[number]['file'];
