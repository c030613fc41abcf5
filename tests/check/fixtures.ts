// Hand-made check states: `passingState()` meets every goal; tests break one thing at a time.

import { completeGenericConfig } from '../../mocks/console/client/generic-webhook-config.ts';
import type { CentralClient } from '../../src/central/index.ts';
import type { ChannelMessage } from '../../src/channels/types.ts';
import type { CheckState } from '../../src/check/index.ts';
import { MODULE_NAMES } from '../../src/check/index.ts';
import type { SecurityPolicyObject } from '../../src/kube/index.ts';
import type { Alert, Notifier, Policy, ProcessIndicator } from '../../types/rhacs.ts';
import { workshopPolicy } from '../central/workshopAlert.ts';

export const NOW = Date.parse('2026-11-27T12:00:00Z');
export const INBOX = 'http://127.0.0.1:8089/inbox';
export const SLACK_URL = 'https://hooks.slack.com/services/T0001/B0001/s3cretS3cretS3cret';
export const SLACK_TRIGGER_URL = 'https://hooks.slack.com/triggers/T0001/123456789/abcdefabcdef';
export const TEAMS_URL =
  'https://prod-12.westeurope.logic.azure.com:443/workflows/0123456789abcdef0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SiGnAtUrE123';
export const ALERT_ID = '3f2c9a1e-7b4d-4e2a-9c8f-1d5e6a7b8c90';

/** A notifier as Central lists it: Slack's and Teams's URL in labelDefault, a Generic Webhook's in `generic`. */
export function notifier(name: string, type: string, url: string, id = `id-${name}`): Notifier {
  const common = {
    id,
    name,
    type,
    uiEndpoint: 'https://central.example.com',
    labelKey: '',
    notifierSecret: '',
    traits: null,
  };
  if (type !== 'generic') return { ...common, labelDefault: url };
  return { ...common, labelDefault: '', generic: completeGenericConfig({ endpoint: url }) };
}

/** The module's policy as Central returns it once both notifiers are attached. */
export function policy(overrides: Partial<Policy> = {}): Policy {
  return workshopPolicy({
    id: 'policy-1',
    notifiers: ['id-slack-alerts', 'id-teams-alerts'],
    lastUpdated: '2026-11-27T11:00:00Z',
    ...overrides,
  });
}

export function proc(name: string, time: string, path = `/bin/${name}`): ProcessIndicator {
  return {
    id: `proc-${name}-${time}`,
    deploymentId: 'dep-1',
    containerName: 'visa-processor',
    podId: 'visa-processor-6b94f76b57-xf76j',
    podUid: 'pod-uid',
    clusterId: 'cluster-1',
    namespace: 'payments',
    containerStartTime: '2026-11-27T10:00:00Z',
    imageId: 'sha256:abc',
    signal: {
      id: `sig-${time}`,
      containerId: 'c0ffee',
      time,
      name,
      args: '',
      execFilePath: path,
      pid: 42,
      uid: 1000,
      gid: 1000,
      lineageInfo: [],
    },
  };
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  const p = policy();
  return {
    id: ALERT_ID,
    policy: p,
    lifecycleStage: 'RUNTIME',
    clusterId: 'cluster-1',
    clusterName: 'Production',
    namespace: 'payments',
    namespaceId: 'ns-1',
    deployment: {
      id: 'dep-1',
      name: 'visa-processor',
      type: 'Deployment',
      namespace: 'payments',
      namespaceId: 'ns-1',
      labels: { app: 'visa-processor' },
      clusterId: 'cluster-1',
      clusterName: 'Production',
      containers: [],
      annotations: {},
      inactive: false,
    },
    violations: [],
    processViolation: {
      message: "Binary '/bin/bash' executed without arguments under user ID 1000",
      processes: [proc('bash', '2026-11-27T11:30:00Z')],
    },
    enforcement: null,
    time: '2026-11-27T11:30:00Z',
    firstOccurred: '2026-11-27T11:30:00Z',
    resolvedAt: null,
    state: 'ACTIVE',
    entityType: 'DEPLOYMENT',
    ...overrides,
  };
}

/** null: a CR without spec.notifiers. */
export function cr(notifiers: string[] | null = ['slack-alerts', 'teams-alerts']): SecurityPolicyObject {
  const spec: Record<string, unknown> = { policyName: 'No bash allowed' };
  if (notifiers !== null) spec.notifiers = notifiers;
  return {
    apiVersion: 'config.stackrox.io/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: { name: 'no-bash-allowed', namespace: 'stackrox', resourceVersion: '7' },
    spec,
    status: {
      policyId: 'policy-1',
      conditions: [
        {
          type: 'AcceptedByCentral',
          status: 'True',
          message: 'Policy was accepted by Central.',
          lastTransitionTime: '',
        },
      ],
    },
  };
}

export function message(channel: 'slack' | 'teams', overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    id: `msg-${channel}`,
    channel,
    receivedAt: NOW - 60_000,
    hookKind: channel === 'slack' ? 'slack-incoming' : 'teams-workflow-fixed',
    status: channel === 'slack' ? 200 : 202,
    shownText: `No bash allowed\nAlert ID: ${ALERT_ID}`,
    shown: {},
    sentText: `Alert ID: ${ALERT_ID}`,
    delivered: true,
    ...overrides,
  };
}

/** What check judges for generic-first.adoc when only its Generic Webhook was done: Slack and Teams are optional. */
export const GENERIC_ONLY_STATUSES: Readonly<Record<string, string>> = {
  'generic-notifier': 'ok',
  'slack-notifier': 'skipped',
  'teams-notifier': 'skipped',
  policy: 'ok',
  'policy-notifiers': 'ok',
  alert: 'ok',
  'generic-delivery': 'ok',
  'slack-delivery': 'skipped',
  'teams-delivery': 'skipped',
};

export function passingState(): CheckState {
  return {
    now: NOW,
    names: MODULE_NAMES,
    centralVersion: '4.11.0',
    labInboxUrl: INBOX,
    notifiers: [notifier('slack-alerts', 'slack', SLACK_URL), notifier('teams-alerts', 'teams', TEAMS_URL)],
    policies: [],
    policy: policy(),
    cr: { found: true, object: cr() },
    alerts: [alert()],
    notifierErrors: [],
    channels: {
      slack: { kind: 'read', route: 'lab-inbox', where: 'the lab inbox', messages: [message('slack')] },
      teams: {
        kind: 'read',
        route: 'lab-inbox',
        where: 'the lab inbox',
        messages: [message('teams')],
        runs: [],
      },
    },
  };
}

/** A Central that lists and reads these alerts (the shape the alert rule reads). */
export function alertsCentral(alerts: Alert[]): CentralClient {
  return {
    listAlerts: async () =>
      alerts.map((a) => ({
        id: a.id,
        policy: { name: a.policy.name },
        deployment: a.deployment,
        state: a.state,
      })),
    getAlert: async (id: string) => alerts.find((a) => a.id === id) as Alert,
  } as unknown as CentralClient;
}
