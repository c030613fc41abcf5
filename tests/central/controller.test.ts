import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { POLICY_FINALIZER } from '../../mocks/contract.ts';
import type { SecurityPolicyCondition } from '../../types/rhacs.ts';
import { correctedCr } from '../support/corrected-cr.ts';
import { eventually, type Lab, slackNotifier, startLab, teamsNotifier } from './lab.ts';

/** The module's CR, corrected, without its notifiers: each test names the ones it created. */
function moduleSpec(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { notifiers: _notifiers, ...spec } = correctedCr().spec;
  return { ...spec, ...extra };
}

function conditions(lab: Lab, name: string, namespace = 'stackrox'): Record<string, SecurityPolicyCondition> {
  const status = lab.cluster.getSecurityPolicy(namespace, name)?.status as
    | { conditions?: SecurityPolicyCondition[] }
    | undefined;
  return Object.fromEntries((status?.conditions ?? []).map((c) => [c.type, c]));
}

function status(lab: Lab, name: string): Record<string, unknown> {
  return (lab.cluster.getSecurityPolicy('stackrox', name)?.status ?? {}) as Record<string, unknown>;
}

async function accepted(lab: Lab, name: string): Promise<string> {
  return eventually(`AcceptedByCentral=True on ${name}`, () =>
    conditions(lab, name).AcceptedByCentral?.status === 'True'
      ? String(status(lab, name).policyId)
      : undefined,
  );
}

describe('config-controller', () => {
  let lab: Lab;
  afterEach(async () => {
    await lab.close();
  });

  it('adopts the UI-created policy, resolves notifier names, adds its finalizer and writes status', async () => {
    lab = await startLab({ timing: { controllerDelayMs: 5 } });
    const slack = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url));
    const teams = await lab.api('POST', '/v1/notifiers', teamsNotifier(lab.receiver.url));
    const before = (
      await lab.api('GET', `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`)
    ).json.policies as { id: string; source: string }[];
    assert.equal(before[0]?.source, 'IMPERATIVE');

    // Wait out the notifier cache so the names resolve on the first reconcile.
    await new Promise((r) => setTimeout(r, 1100));
    lab.cluster.applySecurityPolicy(
      'stackrox',
      'no-bash-allowed',
      moduleSpec({ notifiers: ['slack-alerts', teams.json.id] }),
    );
    const policyId = await accepted(lab, 'no-bash-allowed');

    assert.equal(policyId, before[0]?.id, 'adoption keeps the id');
    const c = conditions(lab, 'no-bash-allowed');
    assert.equal(c.CentralDataFresh?.status, 'True');
    assert.equal(c.PolicyValidated?.status, 'True');
    assert.equal(c.PolicyValidated?.message, 'Policy successfully validated.');
    assert.ok(c.AcceptedByCentral?.lastTransitionTime);
    assert.equal(status(lab, 'no-bash-allowed').accepted, undefined, '4.8+ writes no accepted flag');
    assert.equal(status(lab, 'no-bash-allowed').message, undefined, '4.8+ writes no message');
    assert.deepEqual(lab.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed')?.metadata.finalizers, [
      POLICY_FINALIZER,
    ]);
    const policy = await lab.api('GET', `/v1/policies/${policyId}`);
    assert.equal(policy.json.source, 'DECLARATIVE');
    assert.deepEqual(policy.json.notifiers, [slack.json.id, teams.json.id]);
    const same = (
      await lab.api('GET', `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`)
    ).json.policies as unknown[];
    assert.equal(same.length, 1, 'no second policy with the same name');
  });

  it('ignores SecurityPolicies outside the stackrox namespace', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('payments', 'no-bash-allowed', moduleSpec());
    await new Promise((r) => setTimeout(r, 100));
    const found = (await lab.api('GET', `/v1/policies?query=${encodeURIComponent('Policy:No bash')}`)).json
      .policies as unknown[];
    assert.equal(found.length, 0);
    const cr = lab.cluster.getSecurityPolicy('payments', 'no-bash-allowed');
    assert.equal(cr?.status, undefined);
    assert.equal(cr?.metadata.finalizers, undefined);
  });

  it('fails on a notifier the cache does not know yet, then succeeds after the cache refresh', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5, notifierCacheTtlMs: 300 } });
    lab.cluster.applySecurityPolicy('stackrox', 'warm-up', moduleSpec({ policyName: 'Warm up the cache' }));
    await accepted(lab, 'warm-up');
    const slack = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url));
    lab.cluster.applySecurityPolicy(
      'stackrox',
      'no-bash-allowed',
      moduleSpec({ notifiers: ['slack-alerts'] }),
    );
    await eventually(
      'PolicyValidated=False',
      () => conditions(lab, 'no-bash-allowed').PolicyValidated?.status === 'False',
    );
    const c = conditions(lab, 'no-bash-allowed');
    assert.equal(
      c.PolicyValidated?.message,
      "Unable to convert given spec to protobuf: Notifier 'slack-alerts' does not exist",
    );
    assert.equal(
      c.AcceptedByCentral,
      undefined,
      'a conversion failure sets only PolicyValidated; none was written before',
    );
    const policyId = await accepted(lab, 'no-bash-allowed');
    assert.deepEqual((await lab.api('GET', `/v1/policies/${policyId}`)).json.notifiers, [slack.json.id]);
  });

  it('reports a name that never resolves, and a same-name default policy', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'typo', moduleSpec({ notifiers: ['slack-alertz'] }));
    await eventually(
      'PolicyValidated=False',
      () => conditions(lab, 'typo').PolicyValidated?.status === 'False',
    );
    assert.equal(
      conditions(lab, 'typo').PolicyValidated?.message,
      "Unable to convert given spec to protobuf: Notifier 'slack-alertz' does not exist",
    );

    lab.cluster.applySecurityPolicy('stackrox', 'latest', {
      ...moduleSpec({ policyName: 'Latest tag' }),
    });
    await eventually(
      'PolicyValidated=False on latest',
      () => conditions(lab, 'latest').PolicyValidated?.status === 'False',
    );
    assert.equal(
      conditions(lab, 'latest').PolicyValidated?.message,
      "Failed to reconcile: existing default policy with the same name 'Latest tag' exists",
    );
  });

  it("surfaces Central's validation failure as AcceptedByCentral=False", async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    const { eventSource: _drop, ...noEventSource } = moduleSpec();
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', noEventSource);
    await eventually('AcceptedByCentral=False', () =>
      conditions(lab, 'no-bash-allowed').AcceptedByCentral?.status === 'False' ? true : undefined,
    );
    const c = conditions(lab, 'no-bash-allowed');
    assert.equal(c.PolicyValidated?.status, 'True');
    assert.match(
      String(c.AcceptedByCentral?.message),
      /^Failed to create policy 'No bash allowed': .*event source must be deployment or audit event for runtime policies/,
    );
    assert.equal(status(lab, 'no-bash-allowed').accepted, undefined);
  });

  it('deletes the Central policy and the finalizer when the CR is deleted; the API refuses on 4.11', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const refused = await lab.api('DELETE', `/v1/policies/${policyId}`);
    assert.equal(refused.status, 403);
    assert.equal(
      refused.json.message,
      'An externally managed policy can only be deleted by deleting the corresponding SecurityPolicy custom resource.',
    );
    lab.cluster.deleteSecurityPolicy('stackrox', 'no-bash-allowed');
    await eventually(
      'CR gone',
      () => lab.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed') === undefined,
    );
    assert.equal((await lab.api('GET', `/v1/policies/${policyId}`)).status, 404);
  });

  it('a CR deleted while AcceptedByCentral=False leaves its Central policy behind', async () => {
    // policy_controller.go: DeletePolicy only `if IsAcceptedByCentral() && PolicyId != ""`.
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const { eventSource: _drop, ...invalid } = moduleSpec();
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', invalid);
    await eventually('AcceptedByCentral=False', () =>
      conditions(lab, 'no-bash-allowed').AcceptedByCentral?.status === 'False' ? true : undefined,
    );
    assert.equal(status(lab, 'no-bash-allowed').policyId, policyId);
    lab.cluster.deleteSecurityPolicy('stackrox', 'no-bash-allowed');
    await eventually(
      'CR gone',
      () => lab.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed') === undefined,
    );
    const left = await lab.api('GET', `/v1/policies/${policyId}`);
    assert.equal(left.status, 200, 'the policy is still in Central');
    assert.equal(left.json.source, 'DECLARATIVE');
  });

  it('a PUT carrying source IMPERATIVE gives a DECLARATIVE policy back to the console, same id', async () => {
    // central/policy/service/service_impl.go PutPolicy has no source check and the datastore's
    // UpdatePolicy upserts the request as sent, `source` included (a body without it is the
    // proto default IMPERATIVE, storage/policy.proto PolicySource).
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const full = (await lab.api('GET', `/v1/policies/${policyId}`)).json;
    assert.equal(full.source, 'DECLARATIVE');
    const put = await lab.api('PUT', `/v1/policies/${policyId}`, { ...full, source: 'IMPERATIVE' });
    assert.equal(put.status, 200);
    assert.equal((await lab.api('GET', `/v1/policies/${policyId}`)).json.source, 'IMPERATIVE');
    const { source: _omit, ...withoutSource } = full;
    await lab.api('PUT', `/v1/policies/${policyId}`, { ...withoutSource });
    assert.equal((await lab.api('GET', `/v1/policies/${policyId}`)).json.source, 'IMPERATIVE');
    await lab.api('PUT', `/v1/policies/${policyId}`, full);
    assert.equal(
      (await lab.api('GET', `/v1/policies/${policyId}`)).json.source,
      'DECLARATIVE',
      'the console sends the source it read, so its edits keep a CR-made policy DECLARATIVE',
    );
  });

  it('a CR whose status.policyId was cleared is deleted without deleting its Central policy', async () => {
    // policy_controller.go: the finalizer deletes Central's policy only `if IsAcceptedByCentral() &&
    // PolicyId != ""`; a status write does not change the generation, so it triggers no reconcile.
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const current = status(lab, 'no-bash-allowed');
    lab.cluster.setSecurityPolicyStatus('stackrox', 'no-bash-allowed', { ...current, policyId: '' });
    lab.cluster.deleteSecurityPolicy('stackrox', 'no-bash-allowed');
    await eventually(
      'CR gone',
      () => lab.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed') === undefined,
    );
    const left = await lab.api('GET', `/v1/policies/${policyId}`);
    assert.equal(left.status, 200, 'the policy is still in Central, with its id');
    assert.equal(left.json.source, 'DECLARATIVE');
  });

  it('a CR whose accepted policy was made IMPERATIVE meanwhile hangs in deletion, its policy kept', async () => {
    // config-controller/pkg/client/client.go DeletePolicy: a policy that is not DECLARATIVE (or not
    // known at all: a nil policy's source is the proto default IMPERATIVE) is "not externally
    // managed and can be deleted only from central"; the reconcile fails, so the finalizer stays.
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const full = (await lab.api('GET', `/v1/policies/${policyId}`)).json;
    await lab.api('PUT', `/v1/policies/${policyId}`, { ...full, source: 'IMPERATIVE' });
    lab.cluster.deleteSecurityPolicy('stackrox', 'no-bash-allowed');
    await new Promise((r) => setTimeout(r, 300));
    const stuck = lab.cluster.getSecurityPolicy('stackrox', 'no-bash-allowed');
    assert.ok(stuck?.metadata.deletionTimestamp, 'the CR is still there, being deleted');
    assert.deepEqual(stuck.metadata.finalizers, [POLICY_FINALIZER]);
    assert.equal((await lab.api('GET', `/v1/policies/${policyId}`)).status, 200);
  });

  it('4.11: the periodic resync silently drops notifiers added in the console (F2)', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5, resyncIntervalMs: 300 } });
    const slack = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url));
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const full = (await lab.api('GET', `/v1/policies/${policyId}`)).json;
    const edit = await lab.api('PUT', `/v1/policies/${policyId}`, { ...full, notifiers: [slack.json.id] });
    assert.equal(edit.status, 200, 'console edits of an externally managed policy are not blocked');
    assert.deepEqual((await lab.api('GET', `/v1/policies/${policyId}`)).json.notifiers, [slack.json.id]);
    await eventually(
      'resync to restore the CR spec',
      async () =>
        ((await lab.api('GET', `/v1/policies/${policyId}`)).json.notifiers as string[]).length === 0,
    );
  });

  it('4.10: console-added notifiers survive until the controller restarts (or DELETE is allowed)', async () => {
    lab = await startLab({ version: '4.10', startState: 'fresh', timing: { controllerDelayMs: 5 } });
    const slack = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url));
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    const full = (await lab.api('GET', `/v1/policies/${policyId}`)).json;
    await lab.api('PUT', `/v1/policies/${policyId}`, { ...full, notifiers: [slack.json.id] });
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual((await lab.api('GET', `/v1/policies/${policyId}`)).json.notifiers, [slack.json.id]);
    lab.central.restartController();
    await eventually(
      'restart to restore the CR spec',
      async () =>
        ((await lab.api('GET', `/v1/policies/${policyId}`)).json.notifiers as string[]).length === 0,
    );
    const del = await lab.api('DELETE', `/v1/policies/${policyId}`);
    assert.equal(del.status, 200, '4.10 allows deleting an externally managed policy');
  });

  it('re-applies a changed CR spec, keeping the policy id', async () => {
    lab = await startLab({ startState: 'fresh', timing: { controllerDelayMs: 5 } });
    lab.cluster.applySecurityPolicy('stackrox', 'no-bash-allowed', moduleSpec());
    const policyId = await accepted(lab, 'no-bash-allowed');
    lab.cluster.applySecurityPolicy(
      'stackrox',
      'no-bash-allowed',
      moduleSpec({ severity: 'CRITICAL_SEVERITY' }),
    );
    await eventually(
      'severity update',
      async () => (await lab.api('GET', `/v1/policies/${policyId}`)).json.severity === 'CRITICAL_SEVERITY',
    );
    assert.equal(
      conditions(lab, 'no-bash-allowed').AcceptedByCentral?.message,
      'Policy was updated in Central.',
    );
  });
});
