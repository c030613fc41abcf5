// Central's policy validator, as far as the lab's policies need it. Messages are Central's own.
import type { Policy } from '../../types/rhacs.ts';
import { type CentralError, errorList, invalidArgs } from './errors.ts';

const NAME = /^[^\n\r$]{5,128}$/;
const DESCRIPTION = /^[^$]{0,800}$/;

/** Criteria that make a section runtime (process, network flow, audit log, Kubernetes events). */
const RUNTIME_FIELDS = new Set([
  'process name',
  'process ancestor',
  'process arguments',
  'process uid',
  'unexpected process executed',
  'unexpected network flow detected',
  'kubernetes resource',
  'kubernetes api verb',
  'kubernetes resource name',
  'kubernetes user name',
  'kubernetes user groups',
  'user agent',
  'source ip address',
  'is impersonated user',
]);

function containsRuntimeFields(policy: Policy): boolean {
  return policy.policySections.some((s) =>
    s.policyGroups.some((g) => RUNTIME_FIELDS.has(g.fieldName.trim().toLowerCase())),
  );
}

/** Returns the Central error for an invalid policy, or undefined. Trims the name like Central. */
export function validatePolicy(
  policy: Policy,
  notifierExists: (id: string) => boolean,
): CentralError | undefined {
  policy.name = policy.name.trim();
  const errors: string[] = [];
  if (!/^\d+\.\d+$/.test(policy.policyVersion)) errors.push('policy has invalid version');
  else if (policy.policyVersion !== '1.1')
    errors.push(`policy version ${policy.policyVersion} is not supported`);
  if (!NAME.test(policy.name))
    errors.push(
      'policy must have a name between 5 and 128 characters long with no new lines or dollar signs',
    );
  if (!DESCRIPTION.test(policy.description))
    errors.push(
      'description, when present, should be of sentence form, and not contain more than 800 characters',
    );
  if (policy.lifecycleStages.length === 0) errors.push('a policy must apply to at least one lifecycle stage');
  else if (policy.lifecycleStages.includes('RUNTIME') && !containsRuntimeFields(policy)) {
    errors.push(
      'error validating lifecycle stage error: A runtime policy must contain at least one policy criterion from process, network flow, audit log events, or Kubernetes events criteria categories',
    );
  }
  if (policy.severity === 'UNSET_SEVERITY') errors.push('a policy must have a severity');
  if (policy.categories.length === 0) errors.push('a policy must have at least one category');
  else if (new Set(policy.categories).size !== policy.categories.length)
    errors.push('a policy cannot contain duplicate categories');
  for (const scope of policy.scope) {
    if (!scope.cluster && !scope.namespace && !scope.label) {
      errors.push('scope must have at least one field populated');
      break;
    }
  }
  const runtime = policy.lifecycleStages.includes('RUNTIME');
  const buildOrDeploy = policy.lifecycleStages.some((s) => s === 'BUILD' || s === 'DEPLOY');
  if (runtime && policy.eventSource === 'NOT_APPLICABLE')
    errors.push('event source must be deployment or audit event for runtime policies');
  else if (buildOrDeploy && policy.eventSource !== 'NOT_APPLICABLE')
    errors.push('event source must not be set for build or deploy time policies');
  const missing = policy.notifiers.find((id) => !notifierExists(id));
  if (missing !== undefined) errors.push(`notifier ${missing} does not exist`);
  const message = errorList('policy invalid', errors);
  return message === undefined ? undefined : invalidArgs(message);
}
