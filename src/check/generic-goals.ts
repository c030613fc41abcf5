// The Generic Webhook, when the module text creates one: the integration by its exact name, with an
// endpoint, and the alert read back from the endpoint (webhook.site's token API).

import { notifierUrl } from '../module/notifier-form.ts';
import { qualifyingAlerts } from './alert-select.ts';
import { type GoalResult, goal } from './goal.ts';
import type { CheckState } from './state.ts';

const FORM =
  'Platform Configuration -> Integrations -> Notifier Integrations -> Generic Webhook -> New integration';

export function evaluateGenericNotifier(state: CheckState): GoalResult {
  const name = state.names.genericNotifier ?? '';
  const n = state.notifiers.find((x) => x.name === name);
  if (n === undefined) {
    return goal('generic-notifier', 'fail', `No integration named ${name} exists.`, {
      hint: `Create it in ${FORM}: Integration name ${name}, paste your webhook.site URL as the Endpoint, click Test, then Save.`,
    });
  }
  if (n.type !== 'generic') {
    return goal(
      'generic-notifier',
      'fail',
      `${name} exists but is a "${n.type}" integration, not a Generic Webhook.`,
      {
        hint: `Delete it and create ${name} under ${FORM}.`,
      },
    );
  }
  if (notifierUrl(n) === '') {
    return goal('generic-notifier', 'fail', `${name} has no endpoint.`, {
      hint: 'Paste your webhook.site URL into its Endpoint field and save.',
    });
  }
  const test = state.notifierTests?.[name];
  if (test !== undefined && !test.ok) {
    return goal('generic-notifier', 'fail', `${name} exists, but Test failed: ${test.message}.`, {
      hint: 'Open a new URL on webhook.site (an old one expires), paste it as the Endpoint, and click Test.',
    });
  }
  return goal('generic-notifier', 'ok', `${name} is a Generic Webhook integration with an endpoint.`);
}

export function evaluateGenericDelivery(state: CheckState): GoalResult {
  const name = state.names.genericNotifier ?? '';
  const alerts = qualifyingAlerts(state.alerts, state.names, state.now);
  const evidence = state.generic ?? { kind: 'not-read' };
  if (alerts.length === 0) {
    return goal('generic-delivery', 'fail', 'There is no alert from your exec to look for.', {
      hint: 'Do the alert step first (see above).',
    });
  }
  if (evidence.kind === 'unverified') {
    return goal(
      'generic-delivery',
      'unverified',
      `The endpoint of ${name} cannot be read back: ${evidence.reason}.`,
      {
        hint: `Set ${evidence.configure.join(', ')} to check it, or look at your webhook.site page.`,
      },
    );
  }
  if (evidence.kind === 'error') {
    return goal(
      'generic-delivery',
      'unverified',
      `Reading the endpoint of ${name} failed: ${evidence.error}`,
    );
  }
  if (evidence.kind === 'not-read') {
    return goal(
      'generic-delivery',
      'fail',
      `There is no ${name} integration, so nothing can reach its endpoint.`,
      {
        hint: `Create ${name} first (see above).`,
      },
    );
  }
  const hit = alerts.find((a) => evidence.alertIds.includes(a.id));
  if (hit)
    return goal('generic-delivery', 'ok', `The endpoint received alert ${hit.id} (${evidence.where}).`);
  return goal('generic-delivery', 'fail', `The endpoint holds no request for alert ${alerts[0]!.id}.`, {
    hint: `Check that the policy notifies ${name} (policy goal above), then open a shell in the pod again: a new bash process updates the alert and notifies every notifier the policy has.`,
  });
}
