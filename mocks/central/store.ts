// Central's in-memory datastores: notifiers, policies, alerts. Every mutation goes through
// Central's own validation, whether it comes from the REST API or the config-controller.
import { randomUUID } from 'node:crypto';
import type { Alert, Notifier, Policy, RhacsVersion } from '../../types/rhacs.ts';
import { CentralError, errorList, GrpcCode, internal, invalidArgs, notFound } from './errors.ts';
import {
  completeGenericConfig,
  endpointRefusal,
  type GenericConfig,
  validateGenericConfig,
} from './generic-notifier.ts';
import { validatePolicy } from './policy-validation.ts';
import { type FieldAccessors, matches, namesField, parseQuery } from './query.ts';

/** The notifier types the lab can deliver to. */
const NOTIFIER_TYPES = new Set(['slack', 'teams', 'generic']);

/** A notifier with the `config` oneof member the lab knows (proto/storage/notifier.proto). */
export type StoredNotifier = Notifier & { generic?: GenericConfig };

export const DEFAULT_POLICY_DELETE_MESSAGE =
  'A default policy cannot be deleted. (You can disable a default policy, but not delete it.)';
export const DECLARATIVE_DELETE_MESSAGE =
  'An externally managed policy can only be deleted by deleting the corresponding SecurityPolicy custom resource.';

const POLICY_FIELDS: FieldAccessors<Policy> = {
  policy: (p) => p.name,
  'policy id': (p) => p.id,
  severity: (p) => p.severity,
  'lifecycle stage': (p) => p.lifecycleStages,
  category: (p) => p.categories,
  disabled: (p) => String(p.disabled),
};

const ALERT_FIELDS: FieldAccessors<Alert> = {
  policy: (a) => a.policy.name,
  'policy id': (a) => a.policy.id,
  namespace: (a) => a.namespace,
  deployment: (a) => a.deployment.name,
  cluster: (a) => a.clusterName,
  'violation state': (a) => a.state,
  'lifecycle stage': (a) => a.lifecycleStage,
  severity: (a) => a.policy.severity,
  'alert id': (a) => a.id,
  category: (a) => a.policy.categories,
};

/**
 * central/notifier/service/service_impl.go validateNotifier (with endpoints.ValidateEndpoints on the
 * config, wrapped "invalid endpoint"), then the type's own checks as notifiers.CreateNotifier runs
 * them (generic.go NewGeneric -> Validate). `settingPassword` is false for updatePassword:false.
 */
export function validateNotifier(n: StoredNotifier, settingPassword = true): CentralError | undefined {
  const errors: string[] = [];
  if (!n.name) errors.push('notifier name must be defined');
  if (!n.type) errors.push('notifier type must be defined');
  if (!n.uiEndpoint) errors.push('notifier UI endpoint must be defined');
  const refusal = n.generic ? endpointRefusal(n.generic.endpoint) : undefined;
  if (refusal) errors.push(`invalid endpoint: ${refusal}`);
  const message = errorList('Validation', errors);
  if (message !== undefined) return invalidArgs(message);
  if (!NOTIFIER_TYPES.has(n.type)) return invalidArgs(`notifier type ${n.type} is not a valid notifier type`);
  if (n.type === 'generic') {
    // A generic notifier without its oneof member: Validate sees an empty Generic.
    return validateGenericConfig(n.generic ?? completeGenericConfig(undefined), settingPassword);
  }
  return undefined;
}

function sortHelpers(p: Policy): void {
  p.SORTName = p.name;
  p.SORTLifecycleStage = [...p.lifecycleStages].sort().join(',');
  p.SORTEnforcement = p.enforcementActions.length > 0;
}

function page<T>(items: T[], limit: number | undefined, offset: number | undefined): T[] {
  const start = offset && offset > 0 ? offset : 0;
  return limit && limit > 0 ? items.slice(start, start + limit) : items.slice(start);
}

export interface WriteOptions {
  /** Set by the config-controller: the policy becomes externally managed. */
  source?: Policy['source'];
}

export class CentralStore {
  readonly notifiers = new Map<string, StoredNotifier>();
  readonly policies = new Map<string, Policy>();
  readonly alerts = new Map<string, Alert>();
  constructor(readonly version: RhacsVersion) {}

  // ---- notifiers ----
  listNotifiers(): StoredNotifier[] {
    return [...this.notifiers.values()].map((n) => structuredClone(n));
  }

  getNotifier(id: string): StoredNotifier {
    if (!id) throw invalidArgs('notifier id must be provided');
    const n = this.notifiers.get(id);
    if (!n) throw notFound(`notifier ${id} not found`);
    return structuredClone(n);
  }

  private assertUniqueName(n: Notifier): void {
    for (const other of this.notifiers.values()) {
      if (other.name === n.name && other.id !== n.id)
        // Postgres' unique index; stackrox pkg/postgres/error.go toErrox (4.2+) wraps SQLSTATE 23505
        // in errox.AlreadyExists ("already exists"), which the gateway answers as 409.
        throw new CentralError(
          GrpcCode.AlreadyExists,
          'ERROR: duplicate key value violates unique constraint "notifiers_name_key" (SQLSTATE 23505): already exists',
        );
    }
  }

  addNotifier(n: StoredNotifier): StoredNotifier {
    const invalid = validateNotifier(n);
    if (invalid) throw invalid;
    if (n.id) throw invalidArgs('id field should be empty when posting a new notifier');
    const stored = { ...structuredClone(n), id: randomUUID() };
    this.assertUniqueName(stored);
    this.notifiers.set(stored.id, stored);
    return structuredClone(stored);
  }

  updateNotifier(n: StoredNotifier, settingPassword = true): void {
    const invalid = validateNotifier(n, settingPassword);
    if (invalid) throw invalid;
    if (!this.notifiers.has(n.id))
      throw new CentralError(GrpcCode.NotFound, `notifier with id ${JSON.stringify(n.id)} was not found`);
    this.assertUniqueName(n);
    this.notifiers.set(n.id, structuredClone(n));
  }

  deleteNotifier(id: string): void {
    this.getNotifier(id);
    for (const p of this.policies.values()) p.notifiers = p.notifiers.filter((x) => x !== id);
    this.notifiers.delete(id);
  }

  // ---- policies ----
  listPolicies(query: string | null): Policy[] {
    const terms = parseQuery(query);
    return [...this.policies.values()]
      .filter((p) => matches(p, terms, POLICY_FIELDS))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => structuredClone(p));
  }

  findPolicyByName(name: string): Policy | undefined {
    for (const p of this.policies.values()) if (p.name === name) return structuredClone(p);
    return undefined;
  }

  getPolicy(id: string): Policy {
    const p = this.policies.get(id);
    if (!p) throw notFound(`policy with ID '${id}' does not exist`);
    return structuredClone(p);
  }

  private validate(p: Policy): void {
    const invalid = validatePolicy(p, (id) => this.notifiers.has(id));
    if (invalid) throw invalid;
  }

  addPolicy(input: Policy, options: WriteOptions = {}): Policy {
    const p = structuredClone(input);
    this.validate(p);
    if (this.findPolicyByName(p.name))
      throw internal(
        `Could not add policy due to name validation, policy with name ${p.name} already exists`,
      );
    if (!p.id) p.id = randomUUID();
    if (this.policies.has(p.id)) throw invalidArgs(`policy with id '${p.id}' already exists`);
    p.isDefault = false;
    p.source = options.source ?? 'IMPERATIVE';
    p.lastUpdated = new Date().toISOString();
    sortHelpers(p);
    this.policies.set(p.id, p);
    return structuredClone(p);
  }

  /**
   * PUT: no source check, so console edits of externally managed policies succeed, and the source
   * is the one the body carries (central/policy/service/service_impl.go PutPolicy ->
   * datastore_impl.go UpdatePolicy upserts the request as sent; an absent `source` is the proto
   * default IMPERATIVE, storage/policy.proto). The console sends back the source it read.
   */
  updatePolicy(id: string, input: Policy, options: WriteOptions = {}): Policy {
    const existing = this.getPolicy(id);
    const p = structuredClone(input);
    p.id = id;
    this.validate(p);
    p.isDefault = existing.isDefault;
    p.source = options.source ?? input.source;
    p.lastUpdated = new Date().toISOString();
    sortHelpers(p);
    this.policies.set(id, p);
    return structuredClone(p);
  }

  setPolicyDisabled(id: string, disabled: boolean): void {
    const p = this.policies.get(id);
    if (!p) throw notFound(`policy with ID '${id}' does not exist`);
    p.disabled = disabled;
    p.lastUpdated = new Date().toISOString();
  }

  setPolicyNotifiers(id: string, notifierIds: string[], disable: boolean): void {
    const p = this.policies.get(id);
    if (!p) throw notFound(`policy with ID '${id}' does not exist`);
    if (notifierIds.length === 0) throw invalidArgs('notifier IDs must be specified');
    if (disable) {
      p.notifiers = p.notifiers.filter((n) => !notifierIds.includes(n));
    } else {
      const missing = notifierIds.find((n) => !this.notifiers.has(n));
      if (missing !== undefined) throw invalidArgs(`notifier ${missing} does not exist`);
      for (const n of notifierIds) if (!p.notifiers.includes(n)) p.notifiers.push(n);
    }
    p.lastUpdated = new Date().toISOString();
  }

  /** DELETE via the API. The config-controller uses removePolicy, which has no such checks. */
  deletePolicy(id: string): void {
    // An unknown id answers 200 {} (idempotent): reference/rhacs-central.md, citing
    // stackrox/central/policy/service/service_impl.go DeletePolicy.
    if (!this.policies.has(id)) return;
    const p = this.getPolicy(id);
    if (p.isDefault) throw invalidArgs(DEFAULT_POLICY_DELETE_MESSAGE);
    if (p.source === 'DECLARATIVE' && this.version !== '4.10')
      throw new CentralError(GrpcCode.PermissionDenied, DECLARATIVE_DELETE_MESSAGE);
    this.removePolicy(id);
  }

  /**
   * Also resolves the ACTIVE runtime alerts of a runtime policy, sending nothing
   * (central/detection/lifecycle/manager_impl.go RemovePolicy -> reconcileAlertsForPolicy;
   * alertmanager/alert_manager_impl.go shouldMarkAlertResolved: ATTEMPTED alerts stay).
   */
  removePolicy(id: string): void {
    const policy = this.policies.get(id);
    this.policies.delete(id);
    if (!policy?.lifecycleStages.includes('RUNTIME')) return;
    for (const a of this.alerts.values()) {
      if (a.policy.id === id && a.state === 'ACTIVE' && a.lifecycleStage === 'RUNTIME')
        this.resolveAlert(a.id);
    }
  }

  // ---- alerts ----
  /** RESOLVED alerts are hidden unless the query names Violation State. Newest first. */
  listAlerts(query: string | null, limit?: number, offset?: number): Alert[] {
    const terms = parseQuery(query);
    const showResolved = namesField(terms, 'violation state');
    const found = [...this.alerts.values()]
      .filter((a) => (showResolved || a.state !== 'RESOLVED') && matches(a, terms, ALERT_FIELDS))
      .sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
    return page(found, limit, offset).map((a) => structuredClone(a));
  }

  getAlert(id: string): Alert {
    const a = this.alerts.get(id);
    if (!a) throw notFound(`alert with id '${id}' does not exist`);
    return structuredClone(a);
  }

  activeAlertFor(policyId: string, deploymentId: string): Alert | undefined {
    for (const a of this.alerts.values())
      if (a.state === 'ACTIVE' && a.policy.id === policyId && a.deployment.id === deploymentId) return a;
    return undefined;
  }

  putAlert(alert: Alert): void {
    this.alerts.set(alert.id, alert);
  }

  resolveAlert(id: string): void {
    const a = this.alerts.get(id);
    if (!a) throw notFound(`alert with id '${id}' does not exist`);
    if (a.lifecycleStage !== 'RUNTIME' && a.state !== 'ATTEMPTED')
      throw invalidArgs(`alert ${id} is not a runtime or attempted alert and cannot be resolved`);
    if (a.state === 'RESOLVED') return;
    a.state = 'RESOLVED';
    a.resolvedAt = new Date().toISOString();
  }

  resolveAlerts(query: string): number {
    let n = 0;
    for (const a of this.listAlerts(query)) {
      if (a.state === 'RESOLVED' || a.lifecycleStage !== 'RUNTIME') continue;
      this.resolveAlert(a.id);
      n++;
    }
    return n;
  }
}
