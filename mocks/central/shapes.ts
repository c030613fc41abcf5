// Request decoding (unknown fields ignored, missing fields defaulted like proto3) and response
// encoding (every scalar present, unset messages null), for the Central objects the lab stores.
import type {
  Alert,
  EventSource,
  Exclusion,
  LifecycleStage,
  ListAlert,
  ListPolicy,
  Policy,
  PolicyGroup,
  PolicySection,
  Scope,
  Severity,
} from '../../types/rhacs.ts';
import { CentralError, GrpcCode } from './errors.ts';
import { completeGenericConfig, type GenericConfig, scrubGenericConfig } from './generic-notifier.ts';
import type { StoredNotifier } from './store.ts';

type Json = Record<string, unknown>;

const SEVERITIES: Severity[] = [
  'UNSET_SEVERITY',
  'LOW_SEVERITY',
  'MEDIUM_SEVERITY',
  'HIGH_SEVERITY',
  'CRITICAL_SEVERITY',
];
const STAGES: LifecycleStage[] = ['DEPLOY', 'BUILD', 'RUNTIME'];
const EVENT_SOURCES: EventSource[] = ['NOT_APPLICABLE', 'DEPLOYMENT_EVENT', 'AUDIT_LOG_EVENT', 'NODE_EVENT'];

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
function bool(value: unknown): boolean {
  return value === true;
}
function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function strList(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

/** protojson rejects unknown enum names; grpc-gateway answers 400 without the errox sentinel. */
function enumValue<T extends string>(value: unknown, allowed: T[], fallback: T): T {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (allowed as string[]).includes(value)) return value as T;
  if (typeof value === 'number' && allowed[value] !== undefined) return allowed[value] as T;
  throw new CentralError(
    GrpcCode.InvalidArgument,
    `proto: invalid value for enum type: ${JSON.stringify(value)}`,
  );
}

function scopeFrom(value: unknown): Scope {
  const v = isObject(value) ? value : {};
  const label = isObject(v.label) ? { key: str(v.label.key), value: str(v.label.value) } : null;
  return { cluster: str(v.cluster), namespace: str(v.namespace), label };
}

function exclusionFrom(value: unknown): Exclusion {
  const v = isObject(value) ? value : {};
  const deployment = isObject(v.deployment)
    ? {
        name: str(v.deployment.name),
        scope: isObject(v.deployment.scope) ? scopeFrom(v.deployment.scope) : null,
      }
    : null;
  const image = isObject(v.image) ? { name: str(v.image.name) } : null;
  return {
    name: str(v.name),
    deployment,
    image,
    expiration: typeof v.expiration === 'string' ? v.expiration : null,
  };
}

function groupFrom(value: unknown): PolicyGroup {
  const v = isObject(value) ? value : {};
  return {
    fieldName: str(v.fieldName),
    booleanOperator: v.booleanOperator === 'AND' ? 'AND' : 'OR',
    negate: bool(v.negate),
    values: list(v.values).map((x) => ({ value: isObject(x) ? str(x.value) : '' })),
  };
}

function sectionFrom(value: unknown): PolicySection {
  const v = isObject(value) ? value : {};
  return { sectionName: str(v.sectionName), policyGroups: list(v.policyGroups).map(groupFrom) };
}

export function policyFromJson(body: Json): Policy {
  return {
    id: str(body.id),
    name: str(body.name),
    description: str(body.description),
    rationale: str(body.rationale),
    remediation: str(body.remediation),
    disabled: bool(body.disabled),
    categories: strList(body.categories),
    lifecycleStages: list(body.lifecycleStages).map((s) => enumValue(s, STAGES, 'DEPLOY')),
    eventSource: enumValue(body.eventSource, EVENT_SOURCES, 'NOT_APPLICABLE'),
    exclusions: list(body.exclusions).map(exclusionFrom),
    scope: list(body.scope).map(scopeFrom),
    severity: enumValue(body.severity, SEVERITIES, 'UNSET_SEVERITY'),
    enforcementActions: strList(body.enforcementActions),
    notifiers: strList(body.notifiers),
    lastUpdated: typeof body.lastUpdated === 'string' ? body.lastUpdated : null,
    SORTName: str(body.SORTName),
    SORTLifecycleStage: str(body.SORTLifecycleStage),
    SORTEnforcement: bool(body.SORTEnforcement),
    policyVersion: str(body.policyVersion),
    policySections: list(body.policySections).map(sectionFrom),
    mitreAttackVectors: list(body.mitreAttackVectors),
    criteriaLocked: bool(body.criteriaLocked),
    mitreVectorsLocked: bool(body.mitreVectorsLocked),
    isDefault: bool(body.isDefault),
    source: body.source === 'DECLARATIVE' ? 'DECLARATIVE' : 'IMPERATIVE',
  };
}

function keyValues(value: unknown): { key: string; value: string }[] {
  return list(value).map((x) =>
    isObject(x) ? { key: str(x.key), value: str(x.value) } : { key: '', value: '' },
  );
}

/** storage.Generic (proto/storage/notifier.proto), protojson names. */
function genericFromJson(v: Json): GenericConfig {
  return completeGenericConfig({
    endpoint: str(v.endpoint),
    skipTLSVerify: bool(v.skipTLSVerify),
    caCert: str(v.caCert),
    username: str(v.username),
    password: str(v.password),
    headers: keyValues(v.headers),
    extraFields: keyValues(v.extraFields),
    auditLoggingEnabled: bool(v.auditLoggingEnabled),
  });
}

export function notifierFromJson(body: Json): StoredNotifier {
  return {
    ...(isObject(body.generic) ? { generic: genericFromJson(body.generic) } : {}),
    id: str(body.id),
    name: str(body.name),
    type: str(body.type),
    uiEndpoint: str(body.uiEndpoint),
    labelKey: str(body.labelKey),
    labelDefault: str(body.labelDefault),
    notifierSecret: str(body.notifierSecret),
    traits: isObject(body.traits) ? body.traits : null,
  };
}

// The `config` oneof (jira, email, generic, ...) is left out when unset, as protojson's
// EmitUnpopulated leaves out every unset oneof member (stackrox pkg/grpc/server.go).
// Secrets are scrubbed on the way out (pkg/secrets/scrub.go ScrubSecretsFromStructWithReplacement,
// central/notifier/service/service_impl.go GetNotifier/GetNotifiers): Generic.password is
// scrub:"always", so it reads "******" even when empty; headers and extra fields stay in clear.
export function notifierJson(n: StoredNotifier): Json {
  const out: Json = {
    id: n.id,
    name: n.name,
    type: n.type,
    uiEndpoint: n.uiEndpoint,
    labelKey: n.labelKey,
    labelDefault: n.labelDefault,
  };
  if (n.generic) out.generic = scrubGenericConfig(n.generic);
  out.notifierSecret = n.notifierSecret;
  out.traits = n.traits;
  return out;
}

export function policyJson(p: Policy): Json {
  return { ...structuredClone(p), evaluationFilter: null };
}

export function listPolicyJson(p: Policy): ListPolicy & { evaluationFilter: null } {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    severity: p.severity,
    disabled: p.disabled,
    lifecycleStages: [...p.lifecycleStages],
    notifiers: [...p.notifiers],
    lastUpdated: p.lastUpdated,
    eventSource: p.eventSource,
    isDefault: p.isDefault,
    source: p.source,
    evaluationFilter: null,
  };
}

export function alertJson(a: Alert): Json {
  return {
    id: a.id,
    policy: policyJson(a.policy),
    lifecycleStage: a.lifecycleStage,
    clusterId: a.clusterId,
    clusterName: a.clusterName,
    namespace: a.namespace,
    namespaceId: a.namespaceId,
    // The entity oneof: only `deployment` is set, so image, resource and node are left out.
    deployment: structuredClone(a.deployment),
    violations: structuredClone(a.violations),
    processViolation: structuredClone(a.processViolation),
    enforcement: a.enforcement,
    time: a.time,
    firstOccurred: a.firstOccurred,
    resolvedAt: a.resolvedAt,
    state: a.state,
    platformComponent: false,
    entityType: a.entityType,
    enforcementCount: 0,
  };
}

// ListAlert's entity oneof: only `deployment` is set (resource and node are left out).
export function listAlertJson(a: Alert): ListAlert {
  return {
    id: a.id,
    lifecycleStage: a.lifecycleStage,
    time: a.time,
    policy: {
      id: a.policy.id,
      name: a.policy.name,
      severity: a.policy.severity,
      description: a.policy.description,
      categories: [...a.policy.categories],
    },
    state: a.state,
    enforcementCount: 0,
    enforcementAction: 'UNSET_ENFORCEMENT',
    commonEntityInfo: {
      clusterName: a.clusterName,
      namespace: a.namespace,
      clusterId: a.clusterId,
      namespaceId: a.namespaceId,
      resourceType: 'DEPLOYMENT',
    },
    deployment: {
      id: a.deployment.id,
      name: a.deployment.name,
      clusterName: a.clusterName,
      namespace: a.namespace,
      clusterId: a.clusterId,
      inactive: a.deployment.inactive,
      namespaceId: a.namespaceId,
      deploymentType: a.deployment.type,
    },
  };
}
