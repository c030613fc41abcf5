// Real kubectl (1.29 and 1.33) against the lab's API server: the module's commands must behave as
// they do on a cluster, including the failure of the module's CR as written.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { POLICY_FINALIZER } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import {
  AS_WRITTEN_CR,
  CORRECTED_CR,
  KUBECTL_VERSIONS,
  type KubectlEnv,
  kubectl,
  kubectlEnv,
  startTestApi,
  VIEWER,
} from './api-helpers.ts';

const POD_NAME = /^visa-processor-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const STRICT_ERROR =
  'SecurityPolicy in version "v1alpha1" cannot be handled as a SecurityPolicy: strict decoding error: ' +
  'unknown field "spec.SORTEnforcement", unknown field "spec.SORTLifecycleStage", unknown field "spec.SORTName", unknown field "spec.policyVersion"';

if (KUBECTL_VERSIONS.length === 0) {
  test('kubectl against the lab API', {
    skip: 'no kubectl.1.29 / kubectl.1.33 under /usr/lib/google-cloud-sdk/bin',
  }, () => {});
}

for (const version of KUBECTL_VERSIONS) {
  describe(`kubectl ${version} against the lab API server`, () => {
    let api: KubeApi;
    let env: KubectlEnv;
    const run = (args: string[], input?: string) => kubectl(version, env, args, input);

    before(async () => {
      api = await startTestApi();
      env = await kubectlEnv(api);
    });
    after(async () => {
      await env.cleanup();
      await api.close();
    });

    test('discovery lists the core, apps and SecurityPolicy resources', async () => {
      const resources = await run(['api-resources', '--no-headers']);
      assert.equal(resources.code, 0, resources.stderr);
      assert.match(
        resources.stdout,
        /^securitypolicies\s+sp\s+config\.stackrox\.io\/v1alpha1\s+true\s+SecurityPolicy$/m,
      );
      assert.match(resources.stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
      assert.match(resources.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      const versions = await run(['api-versions']);
      assert.deepEqual(versions.stdout.trim().split('\n').sort(), [
        'apps/v1',
        'config.stackrox.io/v1alpha1',
        'coordination.k8s.io/v1',
        // OpenShift's project API (mocks/kube/projects.ts)
        'project.openshift.io/v1',
        'v1',
      ]);
    });

    test('get pods prints the server-side table', async () => {
      const result = await run(['get', 'pods', '-n', 'payments']);
      assert.equal(result.code, 0, result.stderr);
      const [header, row] = result.stdout.trim().split('\n');
      assert.match(header ?? '', /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      assert.match(row ?? '', /^visa-processor-\S+\s+2\/2\s+Running\s+0\s+\d+s$/);
    });

    test("the module's pod lookup finds the visa-processor pod", async () => {
      const result = await run([
        'get',
        'pod',
        '-n',
        'payments',
        '-l',
        'app=visa-processor',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, POD_NAME);
      const none = await run(['get', 'pods', '-n', 'payments', '-l', 'app=ctf-web-to-system', '-o', 'name']);
      assert.equal(none.stdout, '');
      const sets = await run([
        'get',
        'pods',
        '-A',
        '-l',
        'app in (visa-processor),demo,!missing',
        '-o',
        'name',
      ]);
      assert.equal(sets.stdout.trim(), `pod/${result.stdout}`);
    });

    test("the module's CR as written fails strict decoding with the four unknown fields", async () => {
      const fromFile = await run(['apply', '-n', 'stackrox', '-f', AS_WRITTEN_CR]);
      assert.equal(fromFile.code, 1);
      assert.equal(
        fromFile.stderr.trim(),
        `Error from server (BadRequest): error when creating "${AS_WRITTEN_CR}": ${STRICT_ERROR}`,
      );
      const { readFile } = await import('node:fs/promises');
      const fromStdin = await run(
        ['apply', '-n', 'stackrox', '-f', '-'],
        await readFile(AS_WRITTEN_CR, 'utf8'),
      );
      assert.equal(
        fromStdin.stderr.trim(),
        `Error from server (BadRequest): error when creating "STDIN": ${STRICT_ERROR}`,
      );
      assert.equal(api.cluster.listSecurityPolicies().length, 0);
    });

    test('the corrected CR applies, re-applies unchanged and then server-side', async () => {
      const created = await run(['apply', '-f', '-'], CORRECTED_CR);
      assert.equal(created.code, 0, created.stderr);
      assert.equal(created.stdout.trim(), 'securitypolicy.config.stackrox.io/no-bash-allowed created');
      const again = await run(['apply', '-f', '-'], CORRECTED_CR);
      assert.equal(again.stdout.trim(), 'securitypolicy.config.stackrox.io/no-bash-allowed unchanged');
      const stored = api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed');
      assert.equal(stored?.metadata.generation, 1);
      assert.deepEqual(stored?.spec?.notifiers, ['slack-alerts', 'teams-alerts']);
      assert.ok(stored?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);

      const critical = CORRECTED_CR.replace('HIGH_SEVERITY', 'CRITICAL_SEVERITY');
      const ssa = await run(['apply', '--server-side', '-f', '-'], critical);
      assert.equal(ssa.code, 0, ssa.stderr);
      assert.equal(ssa.stdout.trim(), 'securitypolicy.config.stackrox.io/no-bash-allowed serverside-applied');
      const updated = api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed');
      assert.equal(updated?.spec?.severity, 'CRITICAL_SEVERITY');
      assert.equal(updated?.metadata.generation, 2);

      const listed = await run(['get', 'sp', '-n', 'stackrox', '-o', 'jsonpath={.items[*].metadata.name}']);
      assert.equal(listed.stdout, 'no-bash-allowed');
    });

    test('kubectl wait --for=condition=AcceptedByCentral returns once the status says so', async () => {
      const waiting = run([
        'wait',
        '--for=condition=AcceptedByCentral',
        'securitypolicy/no-bash-allowed',
        '-n',
        'stackrox',
        '--timeout=20s',
      ]);
      await sleep(400);
      api.cluster.setSecurityPolicyStatus('stackrox', 'no-bash-allowed', {
        conditions: [
          {
            type: 'AcceptedByCentral',
            status: 'True',
            message: 'Policy was accepted by Central.',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
        policyId: 'c8c5a1c4-0000-4000-8000-000000000001',
        accepted: true,
        message: 'Successfully created policy',
      });
      const result = await waiting;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'securitypolicy.config.stackrox.io/no-bash-allowed condition met');
    });

    test('rollout restart replaces the pod', async () => {
      const before = await run(['get', 'pods', '-n', 'payments', '-o', 'jsonpath={.items[*].metadata.name}']);
      const restarted = await run(['rollout', 'restart', 'deployment/visa-processor', '-n', 'payments']);
      assert.equal(restarted.code, 0, restarted.stderr);
      assert.equal(restarted.stdout.trim(), 'deployment.apps/visa-processor restarted');
      const afterRestart = await run([
        'get',
        'pods',
        '-n',
        'payments',
        '-o',
        'jsonpath={.items[*].metadata.name}',
      ]);
      assert.match(afterRestart.stdout, POD_NAME);
      assert.notEqual(afterRestart.stdout, before.stdout);
      assert.notEqual(
        afterRestart.stdout.split('-')[2],
        before.stdout.split('-')[2],
        'new pod-template hash',
      );
      const status = await run([
        'rollout',
        'status',
        'deployment/visa-processor',
        '-n',
        'payments',
        '--timeout=10s',
      ]);
      assert.equal(status.code, 0, status.stderr);
    });

    test('delete waits for the finalizer, then the CR is gone', async () => {
      api.cluster.addSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
      const deleting = run([
        'delete',
        'securitypolicy',
        'no-bash-allowed',
        '-n',
        'stackrox',
        '--timeout=20s',
      ]);
      let finished = false;
      void deleting.then(() => {
        finished = true;
      });
      await sleep(700);
      const pending = api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed');
      assert.ok(pending?.metadata.deletionTimestamp, 'deletionTimestamp set');
      assert.equal(finished, false, 'kubectl delete still waiting');
      api.cluster.removeSecurityPolicyFinalizer('stackrox', 'no-bash-allowed', POLICY_FINALIZER);
      const result = await deleting;
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trim(), 'securitypolicy.config.stackrox.io "no-bash-allowed" deleted');
      assert.equal(api.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed'), undefined);
    });

    test('a user without pods/exec is refused before the upgrade', async () => {
      const viewer = await kubectlEnv(api, VIEWER.token);
      try {
        const pod = await kubectl(version, viewer, [
          'get',
          'pods',
          '-n',
          'payments',
          '-o',
          'jsonpath={.items[0].metadata.name}',
        ]);
        assert.match(pod.stdout, POD_NAME);
        const exec = await kubectl(version, viewer, [
          'exec',
          pod.stdout,
          '-n',
          'payments',
          '--',
          '/bin/true',
        ]);
        assert.notEqual(exec.code, 0);
        assert.match(
          exec.stderr,
          new RegExp(
            `pods "${pod.stdout}" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "payments"`,
          ),
        );
      } finally {
        await viewer.cleanup();
      }
    });
  });
}
