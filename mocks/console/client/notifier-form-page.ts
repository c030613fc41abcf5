// The create/edit form of a Slack or Teams notifier (Containers/Integrations/IntegrationForm): name,
// webhook and annotation key, with Test (POST /v1/notifiers/test, or .../test/updated when editing)
// and Save. The two types differ only in labels and messages (slack-form.ts, teams-form.ts).
import type { Notifier } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText } from './api-client.ts';
import { T } from './config.ts';
import { breadcrumb, h, loading, setTitle } from './dom.ts';
import { genericWebhookFormPage } from './generic-webhook-form.ts';
import { isCurrent, navigate } from './navigation.ts';
import { notifierListPath, notifierTypeLabel } from './notifier-types.ts';
import { placeholderPage } from './placeholder-pages.ts';
import { SLACK_FORM } from './slack-form.ts';
import { TEAMS_FORM } from './teams-form.ts';

export interface NotifierFormSpec {
  webhookLabel: string;
  keyLabel: string;
  nameRequired: string;
  namePlaceholder: string | undefined;
  webhookRequired: string;
  webhookHelper: string;
}

const FORMS: ReadonlyMap<string, NotifierFormSpec> = new Map([
  ['slack', SLACK_FORM],
  ['teams', TEAMS_FORM],
]);

type FieldKey = 'name' | 'labelDefault' | 'labelKey';
type NotifierDraft = Pick<Notifier, 'id' | 'name' | 'labelDefault' | 'labelKey' | 'uiEndpoint' | 'type'> &
  Partial<Notifier>;

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

export async function notifierFormPage(
  el: HTMLElement,
  id: number,
  type: string,
  notifierId: string | undefined,
): Promise<void> {
  if (type === 'generic') return genericWebhookFormPage(el, id, notifierId);
  const spec = FORMS.get(type);
  const label = notifierTypeLabel(type);
  const listPath = notifierListPath(type);
  const heading = notifierId ? 'Edit integration' : 'Create integration';
  setTitle(heading);
  if (!spec) return placeholderPage(el, heading);

  let initial: NotifierDraft = {
    id: '',
    name: '',
    labelDefault: '',
    labelKey: '',
    uiEndpoint: location.origin,
    type,
  };
  if (notifierId) {
    el.replaceChildren(loading());
    try {
      initial = await api<Notifier>('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
    } catch (err) {
      if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
      return;
    }
    if (!isCurrent(id)) return;
  }
  const values: Record<FieldKey, string> = {
    name: initial.name,
    labelDefault: initial.labelDefault,
    labelKey: initial.labelKey,
  };
  const touched: Partial<Record<FieldKey, boolean>> = {};
  let submitting = false;
  const message = h('div', { id: 'form-message-alert' });

  const fields = new Map<FieldKey, { input: HTMLInputElement; helper: HTMLElement; idle: string }>();
  const field = (
    key: FieldKey,
    labelText: string,
    required: boolean,
    opts: { placeholder?: string | undefined; helper?: string; icon?: HTMLElement } = {},
  ) => {
    const input = h('input', {
      type: 'text',
      id: key,
      name: key,
      value: values[key],
      placeholder: opts.placeholder,
      'aria-describedby': `${key}-helper`,
    });
    const helper = h('div', { id: `${key}-helper`, className: 'helper' }, opts.helper ?? '');
    input.addEventListener('input', () => {
      values[key] = input.value;
      update();
    });
    input.addEventListener('blur', () => {
      touched[key] = true;
      update();
    });
    fields.set(key, { input, helper, idle: opts.helper ?? '' });
    return h(
      'div',
      { className: 'form-group' },
      h(
        'div',
        { className: 'label-row' },
        h(
          'label',
          { for: key, className: 'form-label' },
          labelText,
          required ? h('span', { className: 'required', 'aria-hidden': 'true' }, ' *') : null,
        ),
        opts.icon ?? null,
      ),
      input,
      helper,
    );
  };

  const errors = (): Partial<Record<FieldKey, string>> => ({
    name: values.name.trim() ? '' : spec.nameRequired,
    labelDefault: values.labelDefault.trim() ? '' : spec.webhookRequired,
  });
  const saveButton = h(
    'button',
    { type: 'button', className: 'btn primary', 'data-testid': 'create-btn' },
    T.saveButton,
  );
  const testButton = h(
    'button',
    { type: 'button', className: 'btn secondary', 'data-testid': 'test-btn' },
    T.testButton,
  );
  const cancelButton = h(
    'button',
    { type: 'button', className: 'btn link', onclick: () => navigate(listPath) },
    T.cancelButton,
  );

  function update() {
    const errs = errors();
    for (const [key, f] of fields) {
      const error = touched[key] ? errs[key] : '';
      f.helper.textContent = error || f.idle;
      f.helper.className = error ? 'helper error' : 'helper';
      f.input.setAttribute('aria-invalid', String(Boolean(error)));
    }
    const valid = !errs.name && !errs.labelDefault;
    const dirty =
      values.name !== initial.name ||
      values.labelDefault !== initial.labelDefault ||
      values.labelKey !== initial.labelKey;
    testButton.disabled = !valid || submitting;
    saveButton.disabled = !(dirty && valid) || submitting;
  }

  const payload = () => ({ ...initial, ...values, uiEndpoint: initial.uiEndpoint || location.origin, type });
  const show = (alert: HTMLElement) => {
    message.replaceChildren(alert);
    message.scrollIntoView({ block: 'nearest' });
  };

  testButton.addEventListener('click', async () => {
    submitting = true;
    update();
    message.replaceChildren();
    try {
      if (notifierId)
        await api('POST', '/v1/notifiers/test/updated', { notifier: payload(), updatePassword: false });
      else await api('POST', '/v1/notifiers/test', payload());
      if (isCurrent(id)) show(alertBox('success', 'Success', T.testSuccess));
    } catch (err) {
      if (isCurrent(id)) show(alertBox('danger', 'Failure', failureText(err)));
    } finally {
      submitting = false;
      update();
    }
  });

  saveButton.addEventListener('click', async () => {
    submitting = true;
    update();
    message.replaceChildren();
    try {
      if (notifierId) {
        await api('PUT', `/v1/notifiers/${encodeURIComponent(notifierId)}`, payload());
        navigate(listPath);
      } else {
        await api('POST', '/v1/notifiers', payload());
        // The real form calls navigate(-1): no success message, back to where the user came from.
        history.back();
      }
    } catch (err) {
      if (isCurrent(id)) show(alertBox('danger', 'Failure', failureText(err)));
      submitting = false;
      update();
    }
  });

  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      [label, listPath],
      [heading, undefined],
    ]),
    h('h1', {}, heading),
    h(
      'form',
      {
        className: 'integration-form',
        novalidate: true,
        onsubmit: (event) => event.preventDefault(),
      },
      message,
      field('name', T.integrationName, true, { placeholder: spec.namePlaceholder }),
      field('labelDefault', spec.webhookLabel, true, { helper: spec.webhookHelper }),
      field('labelKey', spec.keyLabel, false, { icon: annotationHelpButton() }),
      h('hr', {}),
      h('div', { className: 'form-actions' }, saveButton, testButton, cancelButton),
    ),
  );
  update();
}
