// The SecurityPolicy (config.stackrox.io/v1alpha1) schema, written by hand from
// shared/reference/securitypolicy-cr.md and the CRD's documented fields.
import { arr, bool, obj, type Schema, str } from './schema.ts';

const keyValue = obj({ key: str(), value: str() });

const scope = obj({
  cluster: str(),
  namespace: str(),
  label: keyValue,
  clusterLabel: keyValue,
  namespaceLabel: keyValue,
});

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

export const SECURITY_POLICY_SPEC: Schema = obj(
  {
    policyName: str({ pattern: '^[^\\n\\r\\$]{5,128}$' }),
    description: str({ pattern: '^[^\\$]{0,800}$' }),
    rationale: str(),
    remediation: str(),
    disabled: bool(),
    categories: arr(str(), 1),
    lifecycleStages: arr(str({ enum: ['DEPLOY', 'BUILD', 'RUNTIME'] }), 1),
    eventSource: str({ enum: ['NOT_APPLICABLE', 'DEPLOYMENT_EVENT', 'AUDIT_LOG_EVENT', 'NODE_EVENT'] }),
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
    evaluationFilter: obj({ skipContainerTypes: arr(str({ enum: ['REGULAR', 'INIT'] })) }),
  },
  ['categories', 'lifecycleStages', 'policyName', 'policySections', 'severity'],
);

export const SECURITY_POLICY_STATUS: Schema = obj({
  accepted: bool(),
  message: str(),
  policyId: str(),
  conditions: arr(
    obj({ type: str(), status: str(), message: str(), lastTransitionTime: str({ format: 'date-time' }) }),
  ),
});

/** The whole object. `metadata` is checked as ObjectMeta, not by this schema. */
export const SECURITY_POLICY: Schema = obj({
  apiVersion: str(),
  kind: str(),
  metadata: { type: 'free-object' },
  spec: SECURITY_POLICY_SPEC,
  status: SECURITY_POLICY_STATUS,
});
