// The Generic Webhook form (IntegrationForm/Forms/GenericWebhookIntegrationForm.tsx): its values are
// {notifier, updatePassword}, so Test and Save send both (services/IntegrationsService.ts V2 calls);
// labels, order, validation texts and field ids as the real form has them. Username and Password
// carry no required mark here (the real one shows it while the other is set): the lab's label text
// stays what getByLabel matches exactly.
import { T } from './config.ts';
import { completeGenericConfig } from './generic-webhook-config.ts';
import { type FormState, type NotifierFormDescription, requiredText, valueAt } from './notifier-form.ts';

const at = (form: FormState, path: string) => valueAt(form.values, path);
const has = (form: FormState, path: string) => Boolean(at(form, path));
const filled = (form: FormState, path: string) => String(at(form, path) ?? '').trim() !== '';

export const GENERIC_WEBHOOK_FORM: NotifierFormDescription = {
  initialValues: (defaults, stored) => {
    const notifier = { ...defaults, ...stored, generic: completeGenericConfig(stored?.generic) };
    // Central reads the password back as '******': the edit form clears it and keeps the stored one.
    if (stored) notifier.generic.password = '';
    return { notifier, updatePassword: !stored };
  },
  fields: [
    {
      kind: 'text',
      id: 'notifier.name',
      label: T.integrationName,
      required: true,
      error: requiredText('notifier.name', 'Name is required'),
    },
    {
      kind: 'text',
      id: 'notifier.generic.endpoint',
      label: 'Endpoint',
      required: true,
      error: requiredText('notifier.generic.endpoint', 'Endpoint is required'),
    },
    { kind: 'checkbox', id: 'notifier.generic.skipTLSVerify', label: 'Skip TLS verification' },
    { kind: 'checkbox', id: 'notifier.generic.auditLoggingEnabled', label: 'Enable audit logging' },
    { kind: 'textarea', id: 'notifier.generic.caCert', label: 'CA certificate (optional)' },
    {
      kind: 'text',
      id: 'notifier.generic.username',
      label: (form) => (has(form, 'notifier.generic.password') ? 'Username' : 'Username (optional)'),
      placeholder: 'example, postmaster@example.com',
      error: (form) =>
        has(form, 'notifier.generic.password') && !filled(form, 'notifier.generic.username')
          ? 'A username is required if the integration has a password'
          : '',
    },
    {
      kind: 'checkbox',
      id: 'updatePassword',
      label: 'Update password',
      helper: 'Enable this option to replace currently stored credentials (if any)',
      editingOnly: true,
      clears: 'notifier.generic.password',
    },
    {
      kind: 'password',
      id: 'notifier.generic.password',
      label: (form) =>
        has(form, 'notifier.generic.username') || has(form, 'updatePassword')
          ? 'Password'
          : 'Password (optional)',
      disabled: (form) => !has(form, 'updatePassword'),
      placeholder: (form) => (has(form, 'updatePassword') ? '' : 'Currently-stored password will be used.'),
      error: (form) =>
        has(form, 'updatePassword') &&
        has(form, 'notifier.generic.username') &&
        !filled(form, 'notifier.generic.password')
          ? 'A password is required if the integration has a username'
          : '',
    },
    {
      kind: 'pairs',
      id: 'notifier.generic.headers',
      title: 'Headers',
      emptyText: 'No custom headers defined',
      addText: 'Add new header',
      deleteLabel: 'Delete header key/value pair',
    },
    {
      kind: 'pairs',
      id: 'notifier.generic.extraFields',
      title: 'Extra Fields',
      emptyText: 'No custom extra fields defined',
      addText: 'Add new extra field',
      deleteLabel: 'Delete extra field key/value pair',
    },
  ],
};
