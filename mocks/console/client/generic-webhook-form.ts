// The Generic Webhook form (IntegrationForm/Forms/GenericWebhookIntegrationForm.tsx): labels, order,
// validation texts and field ids as the real form has them; Test posts {notifier, updatePassword} to
// /v1/notifiers/test/updated when editing (services/IntegrationsService.ts), /v1/notifiers/test otherwise.
import type { Notifier } from '../../../types/rhacs.ts';
import { alertBox } from './alerts.ts';
import { api, failureText } from './api-client.ts';
import { T } from './config.ts';
import { breadcrumb, h, loading, setTitle } from './dom.ts';
import { isCurrent, navigate } from './navigation.ts';
import { notifierListPath } from './notifier-types.ts';

interface KeyValue {
  key: string;
  value: string;
}
interface Generic {
  endpoint: string;
  skipTLSVerify: boolean;
  caCert: string;
  username: string;
  password: string;
  headers: KeyValue[];
  extraFields: KeyValue[];
  auditLoggingEnabled: boolean;
}
type GenericNotifier = Notifier & { generic: Generic };

const EMPTY: Generic = {
  endpoint: '',
  skipTLSVerify: false,
  caCert: '',
  username: '',
  password: '',
  headers: [],
  extraFields: [],
  auditLoggingEnabled: false,
};

function textInput(fieldId: string, value: string, onInput: (v: string) => void, type = 'text') {
  const input = h('input', { type, id: fieldId, name: fieldId, value });
  input.addEventListener('input', () => onInput(input.value));
  return input;
}

function group(
  fieldId: string,
  label: string,
  required: boolean,
  control: HTMLElement,
  helper?: HTMLElement,
) {
  return h(
    'div',
    { className: 'form-group' },
    h(
      'label',
      { for: fieldId, className: 'form-label' },
      label,
      required ? h('span', { className: 'required', 'aria-hidden': 'true' }, ' *') : null,
    ),
    control,
    helper ?? null,
  );
}

function checkbox(fieldId: string, label: string, checked: boolean, onChange: (v: boolean) => void) {
  const input = h('input', { type: 'checkbox', id: fieldId, name: fieldId, checked });
  input.addEventListener('change', () => onChange(input.checked));
  return h('div', { className: 'form-group check' }, input, h('label', { for: fieldId }, label));
}

export async function genericWebhookFormPage(el: HTMLElement, id: number, notifierId: string | undefined) {
  const type = 'generic';
  const listPath = notifierListPath(type);
  const heading = notifierId ? 'Edit integration' : 'Create integration';
  setTitle(heading);
  let initial: GenericNotifier = {
    id: '',
    name: '',
    type,
    uiEndpoint: location.origin,
    labelKey: '',
    labelDefault: '',
    notifierSecret: '',
    traits: null,
    generic: structuredClone(EMPTY),
  };
  if (notifierId) {
    el.replaceChildren(loading());
    try {
      initial = await api<GenericNotifier>('GET', `/v1/notifiers/${encodeURIComponent(notifierId)}`);
    } catch (err) {
      if (isCurrent(id)) el.replaceChildren(alertBox('danger', 'Failure', failureText(err)));
      return;
    }
    if (!isCurrent(id)) return;
  }
  const draft: GenericNotifier = structuredClone(initial);
  // The real form clears the scrubbed password when editing (its initial values use '').
  if (notifierId) draft.generic.password = '';
  let updatePassword = !notifierId;
  let submitting = false;
  const message = h('div', { id: 'form-message-alert' });

  const nameHelper = h('div', { className: 'helper', id: 'notifier.name-helper' });
  const endpointHelper = h('div', { className: 'helper', id: 'notifier.generic.endpoint-helper' });
  const credentialsHelper = h('div', { className: 'helper', id: 'notifier.generic.password-helper' });
  const usernameLabel = h('span', {});
  const passwordInput = textInput(
    'notifier.generic.password',
    '',
    (v) => {
      draft.generic.password = v;
      update();
    },
    'password',
  );

  const errors = () => {
    const g = draft.generic;
    const hasPassword = updatePassword && g.password !== '';
    return {
      name: draft.name.trim() ? '' : 'Name is required',
      endpoint: g.endpoint.trim() ? '' : 'Endpoint is required',
      credentials:
        hasPassword && !g.username
          ? 'A username is required if the integration has a password'
          : updatePassword && g.username && !g.password
            ? 'A password is required if the integration has a username'
            : '',
    };
  };

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
    nameHelper.textContent = errs.name;
    endpointHelper.textContent = errs.endpoint;
    credentialsHelper.textContent = errs.credentials;
    usernameLabel.textContent = draft.generic.password ? 'Username' : 'Username (optional)';
    passwordInput.disabled = !updatePassword;
    passwordInput.placeholder = updatePassword ? '' : 'Currently-stored password will be used.';
    const valid = !errs.name && !errs.endpoint && !errs.credentials;
    testButton.disabled = !valid || submitting;
    saveButton.disabled = !valid || submitting;
  }

  const pairs = (
    list: 'headers' | 'extraFields',
    emptyText: string,
    addText: string,
    deleteLabel: string,
  ) => {
    const box = h('div', { className: 'pairs', 'data-testid': `${list}-list` });
    const render = () => {
      const rows = draft.generic[list].map((pair, index) =>
        h(
          'div',
          { className: 'pair-row' },
          group(
            `notifier.generic.${list}[${index}].key`,
            'Key',
            true,
            textInput(`notifier.generic.${list}[${index}].key`, pair.key, (v) => {
              pair.key = v;
              update();
            }),
          ),
          group(
            `notifier.generic.${list}[${index}].value`,
            'Value',
            true,
            textInput(`notifier.generic.${list}[${index}].value`, pair.value, (v) => {
              pair.value = v;
              update();
            }),
          ),
          h(
            'button',
            {
              type: 'button',
              className: 'btn plain',
              'aria-label': deleteLabel,
              onclick: () => {
                draft.generic[list].splice(index, 1);
                render();
              },
            },
            '×',
          ),
        ),
      );
      box.replaceChildren(
        ...(rows.length === 0 ? [h('p', {}, emptyText)] : rows),
        h(
          'button',
          {
            type: 'button',
            className: 'btn link',
            onclick: () => {
              draft.generic[list].push({ key: '', value: '' });
              render();
            },
          },
          addText,
        ),
      );
      update();
    };
    render();
    return box;
  };

  const payload = () => ({ ...draft, uiEndpoint: draft.uiEndpoint || location.origin, type });
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
      if (notifierId)
        await api('POST', '/v1/notifiers/test/updated', { notifier: payload(), updatePassword });
      else await api('POST', '/v1/notifiers/test', payload());
      if (isCurrent(id)) show(alertBox('success', 'Success', T.testSuccess));
    }),
  );
  saveButton.addEventListener('click', () =>
    run(async () => {
      if (notifierId) {
        await api('PATCH', `/v1/notifiers/${encodeURIComponent(notifierId)}`, {
          notifier: payload(),
          updatePassword,
        });
        navigate(listPath);
      } else {
        await api('POST', '/v1/notifiers', payload());
        history.back();
      }
    }),
  );

  const g = draft.generic;
  el.replaceChildren(
    breadcrumb([
      ['Integrations', '/main/integrations'],
      ['Generic Webhook', listPath],
      [heading, undefined],
    ]),
    h('h1', {}, heading),
    h(
      'form',
      { className: 'integration-form', novalidate: true, onsubmit: (event) => event.preventDefault() },
      message,
      group(
        'notifier.name',
        T.integrationName,
        true,
        textInput('notifier.name', draft.name, (v) => {
          draft.name = v;
          update();
        }),
        nameHelper,
      ),
      group(
        'notifier.generic.endpoint',
        'Endpoint',
        true,
        textInput('notifier.generic.endpoint', g.endpoint, (v) => {
          g.endpoint = v;
          update();
        }),
        endpointHelper,
      ),
      checkbox('notifier.generic.skipTLSVerify', 'Skip TLS verification', g.skipTLSVerify, (v) => {
        g.skipTLSVerify = v;
      }),
      checkbox('notifier.generic.auditLoggingEnabled', 'Enable audit logging', g.auditLoggingEnabled, (v) => {
        g.auditLoggingEnabled = v;
      }),
      group(
        'notifier.generic.caCert',
        'CA certificate (optional)',
        false,
        (() => {
          const area = h('textarea', { id: 'notifier.generic.caCert', name: 'notifier.generic.caCert' });
          area.value = g.caCert;
          area.addEventListener('input', () => {
            g.caCert = area.value;
          });
          return area;
        })(),
      ),
      h(
        'div',
        { className: 'form-group' },
        h('label', { for: 'notifier.generic.username', className: 'form-label' }, usernameLabel),
        (() => {
          const input = textInput('notifier.generic.username', g.username, (v) => {
            g.username = v;
            update();
          });
          input.placeholder = 'example, postmaster@example.com';
          return input;
        })(),
      ),
      notifierId
        ? h(
            'div',
            {},
            checkbox('updatePassword', 'Update password', false, (v) => {
              updatePassword = v;
              update();
            }),
            h(
              'div',
              { className: 'helper' },
              'Enable this option to replace currently stored credentials (if any)',
            ),
          )
        : null,
      group('notifier.generic.password', 'Password', false, passwordInput, credentialsHelper),
      h('h2', {}, 'Headers'),
      pairs('headers', 'No custom headers defined', 'Add new header', 'Delete header key/value pair'),
      h('h2', {}, 'Extra Fields'),
      pairs(
        'extraFields',
        'No custom extra fields defined',
        'Add new extra field',
        'Delete extra field key/value pair',
      ),
      h('hr', {}),
      h('div', { className: 'form-actions' }, saveButton, testButton, cancelButton),
    ),
  );
  update();
}
