// The form Slack and Teams share (SlackIntegrationForm.tsx, TeamsIntegrationForm.tsx): the values are
// the notifier itself, with its name, webhook URL (labelDefault) and annotation key (labelKey).
import { T } from './config.ts';
import { h } from './dom.ts';
import { type NotifierFormDescription, requiredText } from './notifier-form.ts';

/** What differs between the two: labels and messages. */
export interface WebhookUrlFormText {
  webhookLabel: string;
  keyLabel: string;
  nameRequired: string;
  namePlaceholder: string | undefined;
  webhookRequired: string;
  webhookHelper: string;
}

const ANNOTATION_HELP =
  'Using an annotation key, you can define an audience to notify about policy violations associated with any given deployment or namespace. If the deployment and/or namespace has the annotation, its value overrides the default.';

function annotationHelpButton(): HTMLElement {
  const popover = h(
    'div',
    { role: 'dialog', 'aria-label': 'Annotation field help popover', className: 'popover', hidden: true },
    ANNOTATION_HELP,
  );
  const button = h(
    'button',
    {
      type: 'button',
      className: 'btn plain help',
      'aria-label': 'Information about annotation field',
      onclick: () => {
        popover.hidden = !popover.hidden;
      },
    },
    '?',
  );
  return h('span', { className: 'help-wrap' }, button, popover);
}

export function webhookUrlForm(text: WebhookUrlFormText): NotifierFormDescription {
  return {
    initialValues: (defaults, stored) => ({ ...defaults, ...stored }),
    fields: [
      {
        kind: 'text',
        id: 'name',
        label: T.integrationName,
        required: true,
        placeholder: text.namePlaceholder,
        error: requiredText('name', text.nameRequired),
      },
      {
        kind: 'text',
        id: 'labelDefault',
        label: text.webhookLabel,
        required: true,
        helper: text.webhookHelper,
        error: requiredText('labelDefault', text.webhookRequired),
      },
      { kind: 'text', id: 'labelKey', label: text.keyLabel, labelHelp: annotationHelpButton },
    ],
  };
}
