// The guide's integration steps, one way for verify and solve: "Integration Name ... Webhook URL"
// finds the notifier by name and creates or updates it the way the console form does
// (notifier-form.ts); "Click Test" presses Test on it as the form shows it.

import type { Notifier } from '../../types/rhacs.ts';
import type { CentralClient, NotifierTestResult } from '../central/index.ts';
import { deliveryRefused } from '../diagnose/delivery-refused.ts';
import { HarnessError } from '../errors.ts';
import type { IntegrationType } from './guide/extract.ts';
import { notifierRecordKey } from './leftovers.ts';
import { INTEGRATION_LABEL, notifierForm, notifierUrl, testable, URL_VARIABLE } from './notifier-form.ts';
import type { HarnessMode, UndoRegistrar } from './undo-registrar.ts';

export interface IntegrationSpec {
  name: string;
  type: IntegrationType;
  /** The Webhook URL (Slack, Teams) or the Generic Webhook's Endpoint; undefined keeps an existing notifier's. */
  url: string | undefined;
  /** What the console sends as its own address: Central's. */
  uiEndpoint: string;
}

export interface SavedIntegration {
  notifier: Notifier;
  action: 'created' | 'updated' | 'unchanged';
}

export interface SaveOptions {
  /** check mode only reads: the notifier must exist, and is taken as it is. */
  mode?: HarnessMode;
  /** Told what was created (to remove) or changed (to give back as it was). */
  undo?: UndoRegistrar;
}

/** Fills in and saves the integration form: creates the notifier, or edits the one of that name. */
export async function saveIntegration(
  central: CentralClient,
  spec: IntegrationSpec,
  opts: SaveOptions = {},
): Promise<SavedIntegration> {
  const existing = await central.findNotifierByName(spec.name);
  if (opts.mode === 'check') {
    if (!existing) {
      throw new HarnessError({
        code: 'NOTIFIER_MISSING',
        what: `Checking notifier ${spec.name}`,
        cause: `Central has no notifier named ${spec.name}`,
        fix: `Create it under Platform Configuration -> Integrations -> ${INTEGRATION_LABEL[spec.type]}`,
      });
    }
    return { notifier: existing, action: 'unchanged' };
  }
  const url = spec.url ?? (existing ? notifierUrl(existing) : undefined);
  if (url === undefined || url === '') {
    const variable = URL_VARIABLE[spec.type];
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: `Creating the ${spec.name} integration`,
      cause: `${variable} is not set and Central has no ${spec.name} integration to keep`,
      fix: `set ${variable} to the URL the module's ${INTEGRATION_LABEL[spec.type]} steps produce`,
    });
  }
  const want = notifierForm({ name: spec.name, type: spec.type, url, uiEndpoint: spec.uiEndpoint });
  if (!existing) {
    const created = await central.createNotifier(want);
    opts.undo?.created(`notifier ${spec.name}`, () => central.deleteNotifier(created.id), {
      key: notifierRecordKey(created.id),
      value: spec.name,
    });
    return { notifier: created, action: 'created' };
  }
  const same =
    existing.type === want.type &&
    notifierUrl(existing) === url &&
    existing.uiEndpoint === want.uiEndpoint &&
    existing.labelKey === '';
  if (same) return { notifier: existing, action: 'unchanged' };
  const updated: Notifier = { ...existing, ...want, id: existing.id };
  await central.updateNotifier(updated);
  opts.undo?.changed(`notifier ${spec.name}`, () => central.updateNotifier(existing));
  return { notifier: updated, action: 'updated' };
}

/** The Test button on a saved notifier. */
function pressTest(central: CentralClient, notifier: Notifier): Promise<NotifierTestResult> {
  return central.testNotifier(testable(notifier));
}

/** The Test button, which must succeed; a failure carries what Central recorded about it. */
export async function clickTest(central: CentralClient, notifier: Notifier, since: number): Promise<string> {
  const result = await pressTest(central, notifier);
  if (result.ok) return result.message;
  throw await deliveryRefused(central, notifier, since, {
    code: 'NOTIFIER_TEST_FAILED',
    what: `Clicking Test on notifier ${notifier.name}`,
    observed: `Central answered "${result.message}"`,
  });
}

/** Both steps, as solve does them: save the integration, then press Test. */
export async function saveAndTestIntegration(
  central: CentralClient,
  spec: IntegrationSpec,
): Promise<SavedIntegration & { test: NotifierTestResult }> {
  const saved = await saveIntegration(central, spec);
  return { ...saved, test: await pressTest(central, saved.notifier) };
}
