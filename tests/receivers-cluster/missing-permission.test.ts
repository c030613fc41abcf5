// The permission an RBAC Forbidden names, in the words the harness's fixes use. The messages are the
// API server's (k8s.io/apiserver endpoints/handlers/responsewriters/errors.go forbiddenMessage).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { missingPermission } from '../../src/receivers/receiver-namespace.ts';

it('reads verb, resource, group and scope from a Forbidden message', () => {
  assert.equal(
    missingPermission(
      'namespaces is forbidden: User "x" cannot create resource "namespaces" in API group "" at the cluster scope',
    ),
    '"create" on "namespaces" (API group "", cluster scope)',
  );
  assert.equal(
    missingPermission(
      'deployments.apps is forbidden: User "x" cannot create resource "deployments" in API group "apps" in the namespace "team"',
    ),
    '"create" on "deployments" (API group "apps", in the namespace "team")',
  );
  assert.equal(missingPermission('some other error'), undefined);
});
