// Creates or updates a Slack/Teams integration the way the console form does, then presses Test.

import type { Notifier } from '../../types/rhacs.ts';
import type { CentralClient, NotifierTestResult } from '../central/index.ts';
import { HarnessError } from '../errors.ts';

export interface NotifierSpec {
  name: string;
  type: 'slack' | 'teams';
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
  const url = spec.webhookUrl ?? existing?.labelDefault;
  if (url === undefined || url === '') {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: `Creating the ${spec.name} integration`,
      cause: `${spec.urlVariable} is not set and Central has no ${spec.name} integration to keep`,
      fix: `set ${spec.urlVariable} to the webhook URL the module's ${spec.type === 'slack' ? 'Slack' : 'Teams'} steps produce`,
    });
  }
  let notifier: Notifier;
  let action: NotifierStepResult['action'];
  if (existing === undefined) {
    notifier = await central.createNotifier({
      name: spec.name,
      type: spec.type,
      // The console sends its own address, which is Central's.
      uiEndpoint: central.endpoint,
      labelKey: '',
      labelDefault: url,
      notifierSecret: '',
      traits: null,
    });
    action = 'created';
  } else if (existing.type !== spec.type || existing.labelDefault !== url) {
    notifier = { ...existing, type: spec.type, labelDefault: url };
    await central.updateNotifier(notifier);
    action = 'updated';
  } else {
    notifier = existing;
    action = 'unchanged';
  }
  const test = await central.testNotifier(notifier);
  return { notifier, action, test };
}
