// Gathers the CheckState. Read-only: only GETs, except the notifier Test when sendTest is set.

import type { Alert } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import { buildQuery, exact } from '../central/index.ts';
import type { ReadbackConfig } from '../channels/readback-config.ts';
import type { KubeClient } from '../kube/index.ts';
import type { ProxySettings } from '../proxy/index.ts';
import { qualifyingAlerts } from './alert-select.ts';
import { readChannel } from './read-channels.ts';
import { readPolicyCr, readStrayCr } from './read-cr.ts';
import { readNotifierErrors } from './read-notifier-errors.ts';
import { type CheckState, MODULE_NAMES, type ModuleNames } from './state.ts';

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
  /** How many of the newest matching alerts to read in full (default 10). */
  maxAlerts?: number;
}

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

  const alertQuery = buildQuery({
    Policy: exact(names.policyName),
    Deployment: exact(names.deployment),
    Namespace: exact(names.namespace),
    'Violation State': ['ACTIVE', 'RESOLVED'],
  });
  const listed = await central.listAlerts(alertQuery, 50);
  const alerts: Alert[] = [];
  for (const a of listed.slice(0, opts.maxAlerts ?? 10)) alerts.push(await central.getAlert(a.id));

  const state: CheckState = {
    now,
    names,
    centralVersion: central.version,
    notifiers,
    policies,
    cr,
    alerts,
    notifierErrors: [],
    channels: { slack: { kind: 'not-read' }, teams: { kind: 'not-read' } },
  };
  if (policy !== undefined) state.policy = policy;
  if (strayCr !== undefined) state.strayCr = strayCr;
  if (opts.labInboxUrl !== undefined) state.labInboxUrl = opts.labInboxUrl;

  if (opts.sendTest) {
    state.notifierTests = {};
    for (const name of [names.slackNotifier, names.teamsNotifier]) {
      const n = notifiers.find((x) => x.name === name);
      if (n !== undefined) state.notifierTests[name] = await central.testNotifier(n);
    }
  }

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
  return state;
}
