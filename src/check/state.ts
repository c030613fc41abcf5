// Everything `check` reads, gathered once (read-only) and then judged by pure functions.

import type { AdministrationEvent, Alert, ListPolicy, Notifier, Policy } from '../../types/rhacs.ts';
import type { NotifierTestResult } from '../central/index.ts';
import type { ReadbackRoute } from '../channels/readback-verdict.ts';
import type { ChannelMessage, ChannelName, FlowRun } from '../channels/types.ts';
import type { SecurityPolicyObject } from '../kube/index.ts';
import {
  integrationOf,
  type ModuleIntegration,
  type ModuleModel,
  wantedIntegrations,
} from '../module/model.ts';
import { type GoalId, moduleGoals } from '../module/steps.ts';

/** The names and places the module uses. */
export interface ModuleNames {
  slackNotifier: string;
  teamsNotifier: string;
  policyName: string;
  /** The CR's metadata.name in the module. */
  policyCrName: string;
  deployment: string;
  namespace: string;
  centralNamespace: string;
  /** The Generic Webhook integration, when the text creates one. */
  genericNotifier?: string;
  /** The label the module's commands find the pod by (`-l`). */
  podSelector: string;
  /** The integrations the text creates and the harness proves, in its order, with `optional`. */
  integrations: ModuleIntegration[];
  /** The goals judged, in the module's step order (src/module/steps.ts). */
  goals: GoalId[];
}

export const MODULE_NAMES: ModuleNames = {
  slackNotifier: 'slack-alerts',
  teamsNotifier: 'teams-alerts',
  policyName: 'No bash allowed',
  policyCrName: 'no-bash-allowed',
  deployment: 'visa-processor',
  namespace: 'payments',
  // The default; the CLIs take it from CENTRAL_NAMESPACE (namesFromConfig).
  centralNamespace: 'stackrox',
  podSelector: 'app=visa-processor',
  integrations: [
    { type: 'slack', name: 'slack-alerts', optional: false },
    { type: 'teams', name: 'teams-alerts', optional: false },
  ],
  goals: [
    'slack-notifier',
    'teams-notifier',
    'policy',
    'policy-notifiers',
    'alert',
    'slack-delivery',
    'teams-delivery',
  ],
};

/** check's names, from the one model of the module (the guide, or the built-in copy). */
export function namesOf(model: ModuleModel, centralNamespace: string): ModuleNames {
  const generic = integrationOf(model, 'generic');
  const app = /^app=([^,]+)$/.exec(model.pod.selector)?.[1];
  return {
    slackNotifier: integrationOf(model, 'slack')?.name ?? MODULE_NAMES.slackNotifier,
    teamsNotifier: integrationOf(model, 'teams')?.name ?? MODULE_NAMES.teamsNotifier,
    policyName: model.policy.name,
    policyCrName: model.cr.name,
    deployment: app ?? MODULE_NAMES.deployment,
    namespace: model.pod.namespace,
    centralNamespace,
    ...(generic ? { genericNotifier: generic.name } : {}),
    podSelector: model.pod.selector,
    integrations: model.integrations,
    goals: moduleGoals(model),
  };
}

export type GenericEvidence =
  | { kind: 'read'; where: string; alertIds: string[] }
  | { kind: 'error'; error: string }
  | { kind: 'unverified'; reason: string; configure: string[] }
  | { kind: 'not-read' };

/** What is known about the SecurityPolicy CR that manages (or would manage) the policy. */
export type CrEvidence =
  | { found: true; object: SecurityPolicyObject }
  | { found: false }
  | { found: false; error: string };

/** What reading a channel back produced. */
export type ChannelEvidence =
  | {
      kind: 'read';
      route: ReadbackRoute;
      where: string;
      messages: ChannelMessage[];
      /** Teams Workflows runs (lab inbox only). */
      runs?: FlowRun[];
    }
  | { kind: 'error'; route: ReadbackRoute; where: string; error: string }
  | { kind: 'unverified'; reason: string; configure: string[] }
  /** Nothing was read because there was nothing to look for (no notifier or no alert). */
  | { kind: 'not-read' };

export interface CheckState {
  /** Epoch ms at which the state was read. */
  now: number;
  names: ModuleNames;
  /** Central's version, e.g. 4.11.0 ('' when unknown). */
  centralVersion: string;
  labInboxUrl?: string;
  notifiers: Notifier[];
  /** Test results by notifier name, only when --send-test was given. */
  notifierTests?: Record<string, NotifierTestResult>;
  /** What the Generic Webhook's endpoint received (webhook.site's API), when the text has one. */
  generic?: GenericEvidence;
  /** Policies whose name starts with the module's policy name (Central's prefix search). */
  policies: ListPolicy[];
  /** The full policy with exactly the module's name, when it exists. */
  policy?: Policy;
  cr: CrEvidence;
  /**
   * The module's CR where the module applies it (stackrox) when Central runs elsewhere and its own
   * namespace has none: a CR the config-controller never reconciles (finding F9).
   */
  strayCr?: SecurityPolicyObject;
  /** Full alerts of the module's policy (by exact name) on the module's deployment, ACTIVE or RESOLVED. */
  alerts: Alert[];
  /** Recent notifier error events (Platform Configuration -> Administration Events). */
  notifierErrors: AdministrationEvent[];
  /** Why Central's administration events could not be read (not set for a Central without them). */
  notifierErrorsUnreadable?: string;
  channels: Record<ChannelName, ChannelEvidence>;
}

/** An optional integration of the text that the student did not create: its goals are skipped. */
export function skippedOptional(state: Pick<CheckState, 'names' | 'notifiers'>): ModuleIntegration[] {
  const wanted = wantedIntegrations(state.names, state.notifiers);
  return state.names.integrations.filter((i) => !wanted.includes(i));
}
