// The console's integration form as the guide fills it in, one way for verify and solve: a Slack or
// Teams notifier holds its webhook in labelDefault; a Generic Webhook its Endpoint in `generic`
// (storage.Generic, proto/storage/notifier.proto), everything else at the form's defaults.

import type { Notifier } from '../../types/rhacs.ts';
import type { IntegrationType } from './guide/extract.ts';

export interface NotifierForm {
  name: string;
  type: IntegrationType;
  /** The Webhook URL (Slack, Teams), or the Generic Webhook's Endpoint. */
  url: string;
  /** The console sends its own address, which is Central's. */
  uiEndpoint: string;
}

/** What the form posts, for create and for Test before Save. */
export function notifierForm(form: NotifierForm): Omit<Notifier, 'id'> {
  const common = {
    name: form.name,
    type: form.type,
    uiEndpoint: form.uiEndpoint,
    labelKey: '',
    notifierSecret: '',
    traits: null,
  };
  if (form.type !== 'generic') return { ...common, labelDefault: form.url };
  return {
    ...common,
    labelDefault: '',
    generic: {
      endpoint: form.url,
      skipTLSVerify: false,
      caCert: '',
      username: '',
      password: '',
      headers: [],
      extraFields: [],
      auditLoggingEnabled: false,
    },
  };
}

/** Where a notifier posts: its Webhook URL, or a Generic Webhook's Endpoint. */
export function notifierUrl(n: Notifier): string {
  return n.type === 'generic' ? (n.generic?.endpoint ?? '') : n.labelDefault;
}

/**
 * The notifier to press Test on: a saved one as the form shows it. Central reads a Generic
 * Webhook's password back masked ("******", even when empty: pkg/secrets scrubZeroValues), and a
 * masked password without a username fails Central's validation, so the form's own (empty) one is sent.
 */
export function testable(saved: Notifier): Notifier {
  if (saved.type !== 'generic' || saved.generic === undefined) return saved;
  const masked = saved.generic.password === '******' && saved.generic.username === '';
  return masked ? { ...saved, generic: { ...saved.generic, password: '' } } : saved;
}

/** Each type's name in the console's Notifier Integrations tiles. */
export const INTEGRATION_LABEL: Record<IntegrationType, string> = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
  generic: 'Generic Webhook',
};

/** The setting that holds each type's URL (src/config.ts). */
export const URL_VARIABLE: Record<IntegrationType, string> = {
  slack: 'SLACK_WEBHOOK_URL',
  teams: 'TEAMS_WEBHOOK_URL',
  generic: 'GENERIC_WEBHOOK_URL',
};
