// The module's "No bash allowed" policy and the alert its bash exec in visa-processor produces.

import type { DeploymentView, ProcessEvent } from '../../mocks/contract.ts';
import type { Alert, Policy, ProcessIndicator } from '../../types/rhacs.ts';

export const UI_ENDPOINT = 'https://central.example.com';
export const CLUSTER_NAME = 'Production';
export const CLUSTER_ID = '6f1c2a52-0d3e-4b8e-9a57-2b1f4f7e9c10';
export const DEPLOYMENT_ID = 'b8c3f1de-5a0b-4c1e-8f6d-0e2f9d7a3c41';
export const ALERT_ID = '3f2c9a1e-7b4d-4e2a-9c8f-1d5e6a7b8c90';
export const IMAGES = [
  'quay.io/rhacs-demo/visa-processor:latest-v2',
  'quay.io/rhacs-demo/visa-processor:sidecar-latest-v2',
];

export function workshopPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    id: 'c1d2e3f4-0000-4000-8000-000000000001',
    name: 'No bash allowed',
    description: 'Privilege escalation technique',
    rationale: '',
    remediation: 'Uninstall during container build',
    disabled: false,
    categories: ['Anomalous Activity'],
    lifecycleStages: ['RUNTIME'],
    eventSource: 'DEPLOYMENT_EVENT',
    exclusions: [],
    scope: [{ cluster: '', namespace: 'payments', label: null }],
    severity: 'HIGH_SEVERITY',
    enforcementActions: [],
    notifiers: [],
    lastUpdated: null,
    SORTName: '',
    SORTLifecycleStage: '',
    SORTEnforcement: false,
    policyVersion: '1.1',
    policySections: [
      {
        sectionName: '',
        policyGroups: [
          { fieldName: 'Process Name', booleanOperator: 'OR', negate: false, values: [{ value: 'bash' }] },
        ],
      },
    ],
    mitreAttackVectors: [],
    criteriaLocked: false,
    mitreVectorsLocked: false,
    isDefault: false,
    source: 'DECLARATIVE',
    ...overrides,
  };
}

export function visaProcessorView(overrides: Partial<DeploymentView> = {}): DeploymentView {
  return {
    uid: DEPLOYMENT_ID,
    name: 'visa-processor',
    namespace: 'payments',
    labels: { app: 'visa-processor' },
    annotations: {},
    containers: [
      { name: 'visa-processor', image: IMAGES[0]! },
      { name: 'sidecar', image: IMAGES[1]! },
    ],
    ...overrides,
  };
}

export function bashEvent(overrides: Partial<ProcessEvent> = {}): ProcessEvent {
  return {
    time: '2026-03-03T12:34:56.123Z',
    clusterId: CLUSTER_ID,
    namespace: 'payments',
    deploymentName: 'visa-processor',
    deploymentUid: DEPLOYMENT_ID,
    podName: 'visa-processor-9bfcf46f7-cwtjb',
    podUid: '0a1b2c3d-0000-4000-8000-00000000abcd',
    containerName: 'visa-processor',
    containerId: 'a1b2c3d4e5f6',
    containerStartTime: '2026-03-03T12:00:00Z',
    imageId: 'sha256:1111',
    execFilePath: '/bin/bash',
    name: 'bash',
    args: '',
    uid: 1000,
    gid: 1000,
    pid: 4242,
    parentExecFilePath: '/usr/bin/runc',
    ...overrides,
  };
}

export function indicator(execFilePath: string, args: string, uid: number): ProcessIndicator {
  const name = execFilePath.split('/').at(-1) ?? execFilePath;
  return {
    id: `pi-${execFilePath}-${args}-${uid}`,
    deploymentId: DEPLOYMENT_ID,
    containerName: 'visa-processor',
    podId: 'visa-processor-9bfcf46f7-cwtjb',
    podUid: 'pod-uid',
    clusterId: CLUSTER_ID,
    namespace: 'payments',
    containerStartTime: '2026-03-03T12:00:00Z',
    imageId: 'sha256:1111',
    signal: {
      id: 'sig',
      containerId: 'a1b2c3d4e5f6',
      time: '2026-03-03T12:34:56.123Z',
      name,
      args,
      execFilePath,
      pid: 1,
      uid,
      gid: uid,
      lineageInfo: [],
    },
  };
}

export function workshopAlert(overrides: Partial<Alert> = {}): Alert {
  const processes = [indicator('/bin/bash', '', 1000)];
  return {
    id: ALERT_ID,
    policy: workshopPolicy(),
    lifecycleStage: 'RUNTIME',
    clusterId: CLUSTER_ID,
    clusterName: CLUSTER_NAME,
    namespace: 'payments',
    namespaceId: 'ns-payments',
    deployment: {
      id: DEPLOYMENT_ID,
      name: 'visa-processor',
      type: 'Deployment',
      namespace: 'payments',
      namespaceId: 'ns-payments',
      labels: { app: 'visa-processor' },
      clusterId: CLUSTER_ID,
      clusterName: CLUSTER_NAME,
      containers: IMAGES.map((fullName, i) => {
        const [remote = '', tag = ''] = fullName.replace('quay.io/', '').split(':');
        return { name: `c${i}`, image: { name: { registry: 'quay.io', remote, tag, fullName } } };
      }),
      annotations: {},
      inactive: false,
    },
    violations: [],
    processViolation: {
      message: "Binary '/bin/bash' executed without arguments under user ID 1000",
      processes,
    },
    enforcement: null,
    time: '2026-03-03T12:34:56.123456789Z',
    firstOccurred: '2026-03-03T12:34:56.123456789Z',
    resolvedAt: null,
    state: 'ACTIVE',
    entityType: 'DEPLOYMENT',
    ...overrides,
  };
}
