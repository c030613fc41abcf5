// Gathers the CheckState. Read-only: only GETs, except the notifier Test when sendTest is set.

import type { Alert, Notifier } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import { buildQuery, exact } from '../central/index.ts';
import { CatcherReader, catcherReadUrl, genericAlertOf } from '../channels/catcher-reader.ts';
import type { ReadbackConfig } from '../channels/readback-config.ts';
import type { KubeClient } from '../kube/index.ts';
import { notifierUrl, testable } from '../module/notifier-form.ts';
import type { ProxySettings } from '../proxy/index.ts';
import { redact } from '../redact.ts';
import { qualifyingAlerts } from './alert-select.ts';
import type { GoalId } from './goal.ts';
import { readChannel } from './read-channels.ts';
import { readPolicyCr, readStrayCr } from './read-cr.ts';
import { readNotifierErrors } from './read-notifier-errors.ts';
import { type CheckState, type GenericEvidence, MODULE_NAMES, type ModuleNames } from './state.ts';

export interface CollectOptions {
  central: CentralClient;
  kube: KubeClient;
  readback: ReadbackConfig;
  /** The proxy the channel read-back takes (HarnessConfig.proxy). */
  proxy?: ProxySettings;
  names?: ModuleNames;
  labInboxUrl?: string;
  /** Press Test on slack-alerts and teams-alerts (sends a message to each channel). */
  sendTest?: boolean;
  /** GENERIC_WEBHOOK_READ_URL: where the Generic Webhook's requests are read (derived for webhook.site). */
  genericReadUrl?: string;
  secrets?: readonly string[];
  /** How many of the newest matching alerts to read in full (default 10). */
  maxAlerts?: number;
  /** Only what these goals judge is read (verify's goals after a step); all of it when absent. */
  goals?: readonly GoalId[];
}

/** The alerts, notifier errors and channels matter only to the alert and delivery goals. */
const readsDeliveries = (goals: readonly GoalId[] | undefined) =>
  goals === undefined || goals.some((g) => g === 'alert' || g.endsWith('-delivery'));

/** Messages sent this long before an alert's first occurrence still count (clock skew). */
const CLOCK_SKEW_MS = 5 * 60_000;

export async function collectState(opts: CollectOptions): Promise<CheckState> {
  const { central, kube, readback } = opts;
  const names = opts.names ?? MODULE_NAMES;
  const now = Date.now();

  const notifiers = await central.listNotifiers();
  const policies = await central.listPolicies(buildQuery({ Policy: names.policyName }));
  const exactPolicy = policies.find((p) => p.name === names.policyName);
  const policy = exactPolicy ? await central.getPolicy(exactPolicy.id) : undefined;
  const cr = await readPolicyCr(kube, names, policy);
  const strayCr = cr.found ? undefined : await readStrayCr(kube, names);

  const state: CheckState = {
    now,
    names,
    centralVersion: central.version,
    notifiers,
    policies,
    cr,
    alerts: [],
    notifierErrors: [],
    channels: { slack: { kind: 'not-read' }, teams: { kind: 'not-read' } },
  };
  if (policy !== undefined) state.policy = policy;
  if (strayCr !== undefined) state.strayCr = strayCr;
  if (opts.labInboxUrl !== undefined) state.labInboxUrl = opts.labInboxUrl;

  if (opts.sendTest) {
    state.notifierTests = {};
    for (const name of [names.slackNotifier, names.teamsNotifier, names.genericNotifier]) {
      const n = notifiers.find((x) => x.name === name);
      if (n !== undefined && name !== undefined)
        state.notifierTests[name] = await central.testNotifier(testable(n));
    }
  }
  if (!readsDeliveries(opts.goals)) return state;

  const alertQuery = buildQuery({
    Policy: exact(names.policyName),
    Deployment: exact(names.deployment),
    Namespace: exact(names.namespace),
    'Violation State': ['ACTIVE', 'RESOLVED'],
  });
  const listed = await central.listAlerts(alertQuery, 50);
  const alerts: Alert[] = [];
  for (const a of listed.slice(0, opts.maxAlerts ?? 10)) alerts.push(await central.getAlert(a.id));
  state.alerts = alerts;

  const found = qualifyingAlerts(alerts, names, now);
  if (found.length === 0) return state;
  const since = Math.min(...found.map((a) => Date.parse(a.firstOccurred) || now)) - CLOCK_SKEW_MS;
  const errors = await readNotifierErrors(
    central,
    since,
    notifiers.map((n) => n.labelDefault),
  );
  state.notifierErrors = errors.events;
  if (errors.unreadable !== undefined) state.notifierErrorsUnreadable = errors.unreadable;
  for (const channel of ['slack', 'teams'] as const) {
    const notifier = notifiers.find(
      (n) =>
        n.name === (channel === 'slack' ? names.slackNotifier : names.teamsNotifier) && n.type === channel,
    );
    state.channels[channel] = await readChannel({
      channel,
      notifier,
      readback,
      since,
      ...(opts.proxy !== undefined ? { proxy: opts.proxy } : {}),
      ...(opts.labInboxUrl !== undefined ? { labInboxUrl: opts.labInboxUrl } : {}),
    });
  }
  if (names.genericNotifier !== undefined)
    state.generic = await readGeneric(opts, notifiers, names.genericNotifier);
  return state;
}

async function readGeneric(
  opts: CollectOptions,
  notifiers: Notifier[],
  name: string,
): Promise<GenericEvidence> {
  const n = notifiers.find((x) => x.name === name && x.type === 'generic');
  if (n === undefined) return { kind: 'not-read' };
  const readUrl = catcherReadUrl(notifierUrl(n), opts.genericReadUrl);
  if (readUrl === undefined) {
    return {
      kind: 'unverified',
      reason: 'its endpoint is not webhook.site and GENERIC_WEBHOOK_READ_URL is not set',
      configure: ['GENERIC_WEBHOOK_READ_URL'],
    };
  }
  const secrets = opts.secrets ?? [];
  try {
    const reader = new CatcherReader({ readUrl, secrets, ...(opts.proxy ? { proxy: opts.proxy } : {}) });
    const ids = (await reader.list())
      .map((r) => genericAlertOf(r.content)?.id)
      .filter((id): id is string => !!id);
    return { kind: 'read', where: 'read back from the endpoint', alertIds: ids };
  } catch (e) {
    return { kind: 'error', error: redact(e instanceof Error ? e.message : String(e), [...secrets]) };
  }
}
