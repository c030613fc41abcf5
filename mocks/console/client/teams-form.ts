// The Microsoft Teams notifier form's labels and messages (IntegrationForm/Forms/TeamsIntegrationForm.tsx).
import { T } from './config.ts';
import { webhookUrlForm } from './webhook-url-form.ts';

export const TEAMS_FORM = webhookUrlForm({
  webhookLabel: T.teamsWebhook,
  keyLabel: T.teamsAnnotationKey,
  nameRequired: 'Integration name is required',
  namePlaceholder: '(example, Teams Integration)',
  webhookRequired: 'Webhook is required',
  webhookHelper: 'For example, https://outlook.office365.com/webhook/EXAMPLE',
});
