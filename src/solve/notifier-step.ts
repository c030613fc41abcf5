// Creates or updates an integration the way the console form does (src/module/notifier-form.ts),
// then presses Test.

import type { Notifier } from '../../types/rhacs.ts';
import type { CentralClient, NotifierTestResult } from '../central/index.ts';
import { HarnessError } from '../errors.ts';
import type { IntegrationType } from '../module/guide/extract.ts';
import { INTEGRATION_LABEL, notifierForm, notifierUrl, testable } from '../module/notifier-form.ts';

export interface NotifierSpec {
  name: string;
  type: IntegrationType;
  /** The webhook URL; undefined keeps an existing notifier's URL. */
  webhookUrl: string | undefined;
  /** The variable the URL comes from, for the error when it is missing. */
  urlVariable: string;
}

export interface NotifierStepResult {
  notifier: Notifier;
  action: 'created' | 'updated' | 'unchanged';
  test: NotifierTestResult;
}

export async function ensureNotifier(
  central: CentralClient,
  spec: NotifierSpec,
): Promise<NotifierStepResult> {
  const existing = (await central.listNotifiers()).find((n) => n.name === spec.name);
  const url = spec.webhookUrl ?? (existing ? notifierUrl(existing) : undefined);
  if (url === undefined || url === '') {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: `Creating the ${spec.name} integration`,
      cause: `${spec.urlVariable} is not set and Central has no ${spec.name} integration to keep`,
      fix: `set ${spec.urlVariable} to the URL the module's ${INTEGRATION_LABEL[spec.type]} steps produce`,
    });
  }
  const form = notifierForm({ name: spec.name, type: spec.type, url, uiEndpoint: central.endpoint });
  let notifier: Notifier;
  let action: NotifierStepResult['action'];
  if (existing === undefined) {
    notifier = await central.createNotifier(form);
    action = 'created';
  } else if (existing.type !== spec.type || notifierUrl(existing) !== url) {
    notifier = { ...existing, ...form, id: existing.id };
    await central.updateNotifier(notifier);
    action = 'updated';
  } else {
    notifier = existing;
    action = 'unchanged';
  }
  const test = await central.testNotifier(testable(notifier));
  return { notifier, action, test };
}
