// Shapes of the RHACS Central REST API that both the harness (src/) and the embedded lab (mocks/)
// speak. Written by hand from shared/reference/rhacs-central.md; only the fields the module touches.

export type Severity =
  | 'UNSET_SEVERITY'
  | 'LOW_SEVERITY'
  | 'MEDIUM_SEVERITY'
  | 'HIGH_SEVERITY'
  | 'CRITICAL_SEVERITY';
export type LifecycleStage = 'DEPLOY' | 'BUILD' | 'RUNTIME';
export type EventSource = 'NOT_APPLICABLE' | 'DEPLOYMENT_EVENT' | 'AUDIT_LOG_EVENT' | 'NODE_EVENT';
export type PolicySource = 'IMPERATIVE' | 'DECLARATIVE';
export type AlertState = 'ACTIVE' | 'RESOLVED' | 'ATTEMPTED';
export type RhacsVersion = '4.10' | '4.11';

export interface Notifier {
  id: string;
  name: string;
  type: string;
  uiEndpoint: string;
  labelKey: string;
  /** The webhook URL for Slack and Teams notifiers. */
  labelDefault: string;
  notifierSecret: string;
  traits: unknown | null;
  /** The Generic Webhook's settings (storage.Generic in proto/storage/notifier.proto), for type generic. */
  generic?: GenericNotifierConfig;
}

export interface KeyValuePair {
  key: string;
  value: string;
}

export interface GenericNotifierConfig {
  endpoint: string;
  skipTLSVerify: boolean;
  caCert: string;
  username: string;
  /** Masked by Central on read ("******"). */
  password: string;
  headers: KeyValuePair[];
  extraFields: KeyValuePair[];
  auditLoggingEnabled: boolean;
}

export interface PolicyValue {
  value: string;
}
export interface PolicyGroup {
  fieldName: string;
  booleanOperator: 'OR' | 'AND';
  negate: boolean;
  values: PolicyValue[];
}
export interface PolicySection {
  sectionName: string;
  policyGroups: PolicyGroup[];
}
export interface ScopeLabel {
  key: string;
  value: string;
}
export interface Scope {
  cluster: string;
  namespace: string;
  label: ScopeLabel | null;
}
export interface Exclusion {
  name: string;
  deployment: { name: string; scope: Scope | null } | null;
  image: { name: string } | null;
  expiration: string | null;
}

export interface Policy {
  id: string;
  name: string;
  description: string;
  rationale: string;
  remediation: string;
  disabled: boolean;
  categories: string[];
  lifecycleStages: LifecycleStage[];
  eventSource: EventSource;
  exclusions: Exclusion[];
  scope: Scope[];
  severity: Severity;
  enforcementActions: string[];
  /** Notifier ids, never names. */
  notifiers: string[];
  lastUpdated: string | null;
  SORTName: string;
  SORTLifecycleStage: string;
  SORTEnforcement: boolean;
  policyVersion: string;
  policySections: PolicySection[];
  mitreAttackVectors: unknown[];
  criteriaLocked: boolean;
  mitreVectorsLocked: boolean;
  isDefault: boolean;
  source: PolicySource;
}

export type ListPolicy = Pick<
  Policy,
  | 'id'
  | 'name'
  | 'description'
  | 'severity'
  | 'disabled'
  | 'lifecycleStages'
  | 'notifiers'
  | 'lastUpdated'
  | 'eventSource'
  | 'isDefault'
  | 'source'
>;

export interface ProcessSignal {
  id: string;
  containerId: string;
  time: string;
  name: string;
  args: string;
  execFilePath: string;
  pid: number;
  uid: number;
  gid: number;
  lineageInfo: { parentUid: number; parentExecFilePath: string }[];
}

export interface ProcessIndicator {
  id: string;
  deploymentId: string;
  containerName: string;
  podId: string;
  podUid: string;
  clusterId: string;
  namespace: string;
  containerStartTime: string;
  imageId: string;
  signal: ProcessSignal;
}

export interface AlertContainer {
  name: string;
  image: { name: { registry: string; remote: string; tag: string; fullName: string } };
}

export interface AlertDeployment {
  id: string;
  name: string;
  type: string;
  namespace: string;
  namespaceId: string;
  labels: Record<string, string>;
  clusterId: string;
  clusterName: string;
  containers: AlertContainer[];
  annotations: Record<string, string>;
  inactive: boolean;
}

export interface AlertViolation {
  message: string;
}

export interface Alert {
  id: string;
  policy: Policy;
  lifecycleStage: LifecycleStage;
  clusterId: string;
  clusterName: string;
  namespace: string;
  namespaceId: string;
  deployment: AlertDeployment;
  violations: AlertViolation[];
  processViolation: { message: string; processes: ProcessIndicator[] } | null;
  enforcement: unknown | null;
  time: string;
  firstOccurred: string;
  resolvedAt: string | null;
  state: AlertState;
  entityType: 'DEPLOYMENT';
}

export interface ListAlert {
  id: string;
  lifecycleStage: LifecycleStage;
  time: string;
  policy: {
    id: string;
    name: string;
    severity: Severity;
    description: string;
    categories: string[];
  };
  state: AlertState;
  enforcementCount: number;
  enforcementAction: string;
  commonEntityInfo: {
    clusterName: string;
    namespace: string;
    clusterId: string;
    namespaceId: string;
    resourceType: 'DEPLOYMENT';
  };
  deployment: {
    id: string;
    name: string;
    clusterName: string;
    namespace: string;
    clusterId: string;
    inactive: boolean;
    namespaceId: string;
    deploymentType: string;
  };
}

export interface AdministrationEvent {
  id: string;
  type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE' | 'ADMINISTRATION_EVENT_TYPE_GENERIC';
  level:
    | 'ADMINISTRATION_EVENT_LEVEL_ERROR'
    | 'ADMINISTRATION_EVENT_LEVEL_WARNING'
    | 'ADMINISTRATION_EVENT_LEVEL_INFO';
  message: string;
  hint: string;
  domain: string;
  resource: { type: string; id: string; name: string };
  numOccurrences: string;
  lastOccurredAt: string;
  createdAt: string;
}

/** Central's error body, as grpc-gateway renders it. */
export interface CentralErrorBody {
  code: number;
  message: string;
  details: unknown[];
  error: string;
}

/** The SecurityPolicy custom resource (config.stackrox.io/v1alpha1). */
export interface SecurityPolicyCondition {
  type: 'CentralDataFresh' | 'PolicyValidated' | 'AcceptedByCentral';
  status: 'True' | 'False' | 'Unknown';
  message: string;
  lastTransitionTime: string;
}

export interface SecurityPolicyStatus {
  conditions?: SecurityPolicyCondition[];
  policyId?: string;
  accepted?: boolean;
  message?: string;
}
