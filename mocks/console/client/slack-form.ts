// The Slack notifier form's labels and messages (IntegrationForm/Forms/SlackIntegrationForm.tsx).
import { T } from './config.ts';
import { webhookUrlForm } from './webhook-url-form.ts';

export const SLACK_FORM = webhookUrlForm({
  webhookLabel: T.slackWebhook,
  keyLabel: T.slackAnnotationKey,
  nameRequired: 'Name is required',
  namePlaceholder: undefined,
  webhookRequired: 'Webhook is required, like https://hooks.slack.com/services/EXAMPLE',
  webhookHelper: 'For example, https://hooks.slack.com/services/EXAMPLE',
});
