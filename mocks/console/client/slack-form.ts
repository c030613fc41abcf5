// The Slack notifier form's labels and messages (IntegrationForm/Forms/SlackIntegrationForm.tsx).
import { T } from './config.ts';
import type { NotifierFormSpec } from './notifier-form-page.ts';

export const SLACK_FORM: NotifierFormSpec = {
  webhookLabel: T.slackWebhook,
  keyLabel: T.slackAnnotationKey,
  nameRequired: 'Name is required',
  namePlaceholder: undefined,
  webhookRequired: 'Webhook is required, like https://hooks.slack.com/services/EXAMPLE',
  webhookHelper: 'For example, https://hooks.slack.com/services/EXAMPLE',
};
