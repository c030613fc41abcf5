// The SecurityPolicy (config.stackrox.io/v1alpha1) schema, written by hand from
// shared/reference/securitypolicy-cr.md and the CRD's documented fields, as each RHACS version's
// CRD has it (stackrox config-controller/config/crd/bases/config.stackrox.io_securitypolicies.yaml):
// 4.10.0 has no clusterLabel/namespaceLabel in scopes; 4.11.0 adds them; after 4.11 (the CRD in
// shared/reference/data, 5.0 development) adds evaluationFilter (#21143) and NODE_EVENT (#21790).
import type { RhacsVersion } from '../../types/rhacs.ts';
import { arr, bool, obj, type Schema, str } from './schema.ts';

/** A profile's RHACS version, or 'latest': the CRD in shared/reference/data/stackrox. */
export type CrdVersion = RhacsVersion | 'latest';

const keyValue = obj({ key: str(), value: str() });

function scopeOf(version: CrdVersion): Schema {
  const labels: Record<string, Schema> =
    version === '4.10' ? {} : { clusterLabel: keyValue, namespaceLabel: keyValue };
  return obj({ cluster: str(), namespace: str(), label: keyValue, ...labels });
}

const ENFORCEMENT_ACTIONS = [
  'UNSET_ENFORCEMENT',
  'SCALE_TO_ZERO_ENFORCEMENT',
  'UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT',
  'KILL_POD_ENFORCEMENT',
  'FAIL_BUILD_ENFORCEMENT',
  'FAIL_KUBE_REQUEST_ENFORCEMENT',
  'FAIL_DEPLOYMENT_CREATE_ENFORCEMENT',
  'FAIL_DEPLOYMENT_UPDATE_ENFORCEMENT',
];

export const SEVERITIES = [
  'UNSET_SEVERITY',
  'LOW_SEVERITY',
  'MEDIUM_SEVERITY',
  'HIGH_SEVERITY',
  'CRITICAL_SEVERITY',
];

const policyGroup = obj(
  {
    fieldName: str(),
    booleanOperator: str({ enum: ['OR', 'AND'] }),
    negate: bool(),
    values: arr(obj({ value: str() })),
  },
  ['fieldName'],
);

export function securityPolicySpec(version: CrdVersion): Schema {
  const scope = scopeOf(version);
  const eventSources = ['NOT_APPLICABLE', 'DEPLOYMENT_EVENT', 'AUDIT_LOG_EVENT'];
  if (version === 'latest') eventSources.push('NODE_EVENT');
  const latest: Record<string, Schema> =
    version === 'latest'
      ? { evaluationFilter: obj({ skipContainerTypes: arr(str({ enum: ['REGULAR', 'INIT'] })) }) }
      : {};
  return obj(
    {
      policyName: str({ pattern: '^[^\\n\\r\\$]{5,128}$' }),
      description: str({ pattern: '^[^\\$]{0,800}$' }),
      rationale: str(),
      remediation: str(),
      disabled: bool(),
      categories: arr(str(), 1),
      lifecycleStages: arr(str({ enum: ['DEPLOY', 'BUILD', 'RUNTIME'] }), 1),
      eventSource: str({ enum: eventSources }),
      exclusions: arr(
        obj({
          name: str(),
          deployment: obj({ name: str(), scope }),
          image: obj({ name: str() }),
          expiration: str({ format: 'date-time' }),
        }),
      ),
      scope: arr(scope),
      severity: str({ enum: SEVERITIES }),
      enforcementActions: arr(str({ enum: ENFORCEMENT_ACTIONS })),
      notifiers: arr(str()),
      policySections: arr(obj({ sectionName: str(), policyGroups: arr(policyGroup) }, ['policyGroups']), 1),
      mitreAttackVectors: arr(obj({ tactic: str(), techniques: arr(str()) })),
      criteriaLocked: bool(),
      mitreVectorsLocked: bool(),
      isDefault: bool(),
      ...latest,
    },
    ['categories', 'lifecycleStages', 'policyName', 'policySections', 'severity'],
  );
}

export const SECURITY_POLICY_STATUS: Schema = obj({
  accepted: bool(),
  message: str(),
  policyId: str(),
  conditions: arr(
    obj({ type: str(), status: str(), message: str(), lastTransitionTime: str({ format: 'date-time' }) }),
  ),
});

/** The whole object. `metadata` is checked as ObjectMeta, not by this schema. */
export function securityPolicyObject(spec: Schema): Schema {
  return obj({
    apiVersion: str(),
    kind: str(),
    metadata: { type: 'free-object' },
    spec,
    status: SECURITY_POLICY_STATUS,
  });
}
