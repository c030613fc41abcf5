// A notifier's create/edit page (Containers/Integrations/IntegrationForm), built from its type's
// description (notifier-form.ts): the fields, validation on every change (errors once a field was
// left), Test and Save as useIntegrationActions.ts sends them, Cancel.
import type { Notifier } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText } from './api-client.ts';
import { T } from './config.ts';
import { breadcrumb, type Child, h, loading, setTitle } from './dom.ts';
import { GENERIC_WEBHOOK_FORM } from './generic-webhook-form.ts';
import { isCurrent, navigate } from './navigation.ts';
import {
  type CheckboxField,
  type FormState,
  type FormValues,
  type NotifierFormDescription,
  notifierDefaults,
  type PairsField,
  resolve,
  setValueAt,
  type TextField,
  valueAt,
} from './notifier-form.ts';
import { notifierListPath, notifierTypeLabel } from './notifier-types.ts';
import { placeholderPage } from './placeholder-pages.ts';
import { SLACK_FORM } from './slack-form.ts';
import { TEAMS_FORM } from './teams-form.ts';

const FORMS: ReadonlyMap<string, NotifierFormDescription> = new Map([
  ['slack', SLACK_FORM],
  ['teams', TEAMS_FORM],
  ['generic', GENERIC_WEBHOOK_FORM],
]);

/** A rendered field: how to bring it up to date with the values. */
type Refresh = (form: FormState, touched: ReadonlySet<string>) => void;

function requiredMark(): HTMLElement {
  return h('span', { className: 'required', 'aria-hidden': 'true' }, ' *');
}

function textField(field: TextField, form: FormState, changed: () => void, left: (id: string) => void) {
  const input =
    field.kind === 'textarea'
      ? h('textarea', { id: field.id, name: field.id })
      : h('input', { type: field.kind, id: field.id, name: field.id });
  input.value = String(valueAt(form.values, field.id) ?? '');
  input.setAttribute('aria-describedby', `${field.id}-helper`);
  input.addEventListener('input', () => {
    setValueAt(form.values, field.id, input.value);
    changed();
  });
  input.addEventListener('blur', () => left(field.id));
  const labelText = h('span', {});
  // Not hidden but left out: a hidden mark's text still counts in the label (getByLabel's exact match).
  const mark = h('span', {});
  const helper = h('div', { id: `${field.id}-helper`, className: 'helper' });
  const refresh: Refresh = (now, touched) => {
    labelText.textContent = resolve(field.label, now);
    mark.replaceChildren(...(resolve(field.required ?? false, now) ? [requiredMark()] : []));
    const placeholder = resolve(field.placeholder, now);
    if (placeholder) input.placeholder = placeholder;
    else input.removeAttribute('placeholder');
    input.disabled = resolve(field.disabled ?? false, now);
    const error = touched.has(field.id) ? (field.error?.(now) ?? '') : '';
    helper.textContent = error || (field.helper ?? '');
    helper.className = error ? 'helper error' : 'helper';
    input.setAttribute('aria-invalid', String(Boolean(error)));
  };
  const element = h(
    'div',
    { className: 'form-group' },
    h(
      'div',
      { className: 'label-row' },
      h('label', { for: field.id, className: 'form-label' }, labelText, mark),
      field.labelHelp?.() ?? null,
    ),
    input,
    helper,
  );
  return { element, refresh };
}

function checkboxField(field: CheckboxField, form: FormState, changed: () => void) {
  const input = h('input', {
    type: 'checkbox',
    id: field.id,
    name: field.id,
    checked: Boolean(valueAt(form.values, field.id)),
  });
  input.addEventListener('change', () => {
    setValueAt(form.values, field.id, input.checked);
    if (field.clears) setValueAt(form.values, field.clears, '');
    changed();
  });
  return h(
    'div',
    { className: 'form-group check' },
    input,
    h('label', { for: field.id }, field.label),
    field.helper ? h('div', { className: 'helper' }, field.helper) : null,
  );
}

function pairsField(field: PairsField, form: FormState, changed: () => void) {
  const list = () => valueAt(form.values, field.id) as { key: string; value: string }[];
  const box = h('div', { className: 'pairs', 'data-testid': `${field.id.split('.').at(-1)}-list` });
  const part = (index: number, part: 'key' | 'value', label: string) => {
    const id = `${field.id}[${index}].${part}`;
    const input = h('input', { type: 'text', id, name: id, value: list()[index]?.[part] ?? '' });
    input.addEventListener('input', () => {
      setValueAt(form.values, id, input.value);
      changed();
    });
    return h(
      'div',
      { className: 'form-group' },
      h('label', { for: id, className: 'form-label' }, label, requiredMark()),
      input,
    );
  };
  const render = () => {
    const rows = list().map((_, index) =>
      h(
        'div',
        { className: 'pair-row' },
        part(index, 'key', 'Key'),
        part(index, 'value', 'Value'),
        h(
          'button',
          {
            type: 'button',
            className: 'btn plain',
            'aria-label': field.deleteLabel,
            onclick: () => {
              list().splice(index, 1);
              render();
              changed();
            },
          },
          '×',
        ),
      ),
    );
    const add = h(
      'button',
      {
        type: 'button',
        className: 'btn link',
        onclick: () => {
          list().push({ key: '', value: '' });
          render();
          changed();
        },
      },
      field.addText,
    );
    box.replaceChildren(...(rows.length === 0 ? [h('p', {}, field.emptyText)] : rows), add);
  };
  render();
  return [h('h3', {}, field.title), box];
}

/** What Test and Save send: the notifier, wrapped with updatePassword when the form has it (the V2 calls). */
function requests(values: FormValues) {
  const wrapped = typeof values.updatePassword === 'boolean';
  const notifier = (wrapped ? values.notifier : values) as Notifier;
  const path = `/v1/notifiers/${encodeURIComponent(notifier.id)}`;
  return {
    test: () =>
      wrapped
        ? api('POST', '/v1/notifiers/test/updated', values)
        : api('POST', '/v1/notifiers/test', notifier),
    update: () => (wrapped ? api('PATCH', path, values) : api('PUT', path, notifier)),
    create: () => api('POST', '/v1/notifiers', notifier),
  };
}

export async function notifierFormPage(
  el: HTMLElement,
  id: number,
  type: string,
  notifierId: string | undefined,
): Promise<void> {
  const description = FORMS.get(type);
  const listPath = notifierListPath(type);
  const heading = notifierId ? 'Edit integration' : 'Create integration';
  setTitle(heading);
  if (!description) return placeholderPage(el, heading);

  let stored: Notifier | undefined;
  if (notifierId) {
    el.replaceChildren(loading());
    try {
      stored = await api<Notifier>('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
    } catch (err) {
      if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
      return;
    }
    if (!isCurrent(id)) return;
  }
  const initial = JSON.stringify(description.initialValues(notifierDefaults(type), stored));
  const form: FormState = { values: JSON.parse(initial) as FormValues, editing: Boolean(notifierId) };
  const { fields } = description;
  const touched = new Set<string>();
  const refreshes: Refresh[] = [];
  let submitting = false;
  const message = h('div', { id: 'form-message-alert' });

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
    for (const refresh of refreshes) refresh(form, touched);
    const valid = fields.every((f) => !('error' in f) || !f.error?.(form));
    const dirty = JSON.stringify(form.values) !== initial;
    testButton.disabled = !valid || submitting;
    // Save waits for a change, Test only for a valid form (stackrox ui/apps/platform/src/Containers/
    // Integrations/IntegrationForm/Forms/GenericWebhookIntegrationForm.tsx: isDisabled={!dirty || !isValid}).
    saveButton.disabled = !(dirty && valid) || submitting;
  }
  const left = (fieldId: string) => {
    touched.add(fieldId);
    update();
  };

  const controls: Child[] = fields.map((field) => {
    if (field.kind === 'checkbox')
      return field.editingOnly && !form.editing ? null : checkboxField(field, form, update);
    if (field.kind === 'pairs') return pairsField(field, form, update);
    const { element, refresh } = textField(field, form, update, left);
    refreshes.push(refresh);
    return element;
  });

  const show = (alert: HTMLElement) => {
    message.replaceChildren(alert);
    message.scrollIntoView({ block: 'nearest' });
  };
  const run = async (action: () => Promise<void>) => {
    submitting = true;
    update();
    message.replaceChildren();
    try {
      await action();
    } catch (err) {
      if (isCurrent(id)) show(alertBox('danger', 'Failure', failureText(err)));
    } finally {
      submitting = false;
      update();
    }
  };
  testButton.addEventListener('click', () =>
    run(async () => {
      await requests(form.values).test();
      if (isCurrent(id)) show(alertBox('success', 'Success', T.testSuccess));
    }),
  );
  saveButton.addEventListener('click', () =>
    run(async () => {
      if (notifierId) {
        await requests(form.values).update();
        navigate(listPath);
      } else {
        await requests(form.values).create();
        // The real form calls navigate(-1): no success message, back to where the user came from.
        history.back();
      }
    }),
  );

  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      [notifierTypeLabel(type), listPath],
      [heading, undefined],
    ]),
    h('h1', {}, heading),
    h(
      'form',
      { className: 'integration-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
      message,
      controls,
      h('hr', {}),
      h('div', { className: 'form-actions' }, saveButton, testButton, cancelButton),
    ),
  );
  update();
}
