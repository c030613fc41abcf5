import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { eventually, type Lab, slackNotifier, startLab, teamsNotifier } from './lab.ts';

const SLACK_PATH = '/services/T000/B000/XXXX';
const TEAMS_PATH = '/webhookb2/teams-1';

async function bashPolicyId(lab: Lab): Promise<string> {
  const r = await lab.api('GET', `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`);
  const [p] = r.json.policies as { id: string }[];
  assert.ok(p, 'No bash allowed exists');
  return p.id;
}

async function attachNotifiers(lab: Lab): Promise<{ slackId: string; teamsId: string; policyId: string }> {
  const slack = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url, SLACK_PATH));
  const teams = await lab.api('POST', '/v1/notifiers', teamsNotifier(lab.receiver.url, TEAMS_PATH));
  const policyId = await bashPolicyId(lab);
  const patched = await lab.api('PATCH', `/v1/policies/${policyId}/notifiers`, {
    notifierIds: [slack.json.id, teams.json.id],
    disable: false,
  });
  assert.equal(patched.status, 200);
  return { slackId: String(slack.json.id), teamsId: String(teams.json.id), policyId };
}

async function alerts(lab: Lab, query: string): Promise<{ id: string; state: string }[]> {
  return (await lab.api('GET', `/v1/alerts?query=${encodeURIComponent(query)}`)).json.alerts as {
    id: string;
    state: string;
  }[];
}

describe('runtime pipeline', () => {
  let lab: Lab;
  beforeEach(async () => {
    lab = await startLab({ timing: { alertRetry: { intervalMs: 100, windowMs: 1000 } } });
  });
  afterEach(async () => {
    await lab.close();
  });

  it('turns a bash exec into an ACTIVE alert and notifies Slack and Teams with its id', async () => {
    const { policyId } = await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    const [slack] = await lab.receiver.waitFor(SLACK_PATH);
    const [teams] = await lab.receiver.waitFor(TEAMS_PATH);

    const [listed] = await alerts(lab, 'Policy:No bash allowed+Namespace:payments');
    assert.ok(listed);
    assert.equal(listed.state, 'ACTIVE');
    const alert = (await lab.api('GET', `/v1/alerts/${listed.id}`)).json as Record<string, unknown> & {
      policy: { id: string; notifiers: string[] };
      processViolation: { message: string; processes: { signal: { execFilePath: string } }[] };
      deployment: { name: string; containers: { image: { name: { fullName: string } } }[] };
    };
    assert.equal(alert.policy.id, policyId);
    assert.equal(alert.policy.notifiers.length, 2, 'the alert carries a policy snapshot');
    assert.equal(alert.lifecycleStage, 'RUNTIME');
    for (const key of ['image', 'resource', 'node'])
      assert.equal(key in alert, false, `${key}: an unset member of the entity oneof is omitted`);
    assert.deepEqual(alert.violations, []);
    assert.match(
      alert.processViolation.message,
      /^Binary '\/bin\/bash' executed without arguments under user ID \d+$/,
    );
    assert.equal(alert.processViolation.processes[0]?.signal.execFilePath, '/bin/bash');
    assert.equal(alert.deployment.name, 'visa-processor');
    assert.equal(
      alert.deployment.containers[0]?.image.name.fullName,
      'quay.io/rhacs-demo/visa-processor:latest-v2',
    );
    assert.equal(alert.clusterName, 'Production');
    assert.equal(alert.firstOccurred, alert.time);

    assert.ok(slack?.body.includes(`Alert ID: ${listed.id}`), 'Slack text carries the alert id');
    assert.ok(teams?.body.includes(listed.id), 'Teams card carries the alert id');
    assert.ok(!teams?.body.includes("Binary '/bin/bash'"), 'the Teams card has no process violation text');
    assert.equal((await lab.api('GET', '/v1/alertscount?query=Policy%3ANo%20bash')).json.count, 1);
  });

  it('merges a second exec into the same alert and notifies again', async () => {
    await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    await lab.receiver.waitFor(SLACK_PATH, 1);
    const [first] = await alerts(lab, 'Policy:No bash allowed');
    lab.cluster.exec({ execFilePath: '/bin/bash', args: '-c id' });
    const messages = await lab.receiver.waitFor(SLACK_PATH, 2);
    const all = await alerts(lab, 'Policy:No bash allowed');
    assert.equal(all.length, 1);
    assert.equal(all[0]?.id, first?.id);
    assert.ok(messages[1]?.body.includes(`Alert ID: ${first?.id}`));
    const full = (await lab.api('GET', `/v1/alerts/${first?.id}`)).json as {
      processViolation: { message: string; processes: unknown[] };
      time: string;
      firstOccurred: string;
    };
    assert.equal(full.processViolation.processes.length, 2);
    assert.equal(
      full.processViolation.message,
      "Binary '/bin/bash' executed with 2 different arguments under user ID 1000",
    );
    assert.ok(full.time >= full.firstOccurred);
  });

  it('opens a new alert after the old one is resolved, and hides RESOLVED alerts by default', async () => {
    await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    await lab.receiver.waitFor(SLACK_PATH, 1);
    const [first] = await alerts(lab, 'Policy:No bash allowed');
    assert.ok(first);
    const resolved = await lab.api('PATCH', `/v1/alerts/${first.id}/resolve`, { addToBaseline: false });
    assert.equal(resolved.status, 200);
    assert.deepEqual(await alerts(lab, 'Policy:No bash allowed'), []);
    const withState = await alerts(lab, 'Policy:No bash allowed+Violation State:RESOLVED');
    assert.equal(withState[0]?.id, first.id);
    assert.equal(lab.receiver.at(SLACK_PATH).length, 1, 'resolving sends nothing');

    lab.cluster.exec({ execFilePath: '/bin/bash', args: 'x' });
    const messages = await lab.receiver.waitFor(SLACK_PATH, 2);
    const [second] = await alerts(lab, 'Policy:No bash allowed');
    assert.ok(second);
    assert.notEqual(second.id, first.id);
    assert.ok(messages[1]?.body.includes(`Alert ID: ${second.id}`));

    const bulk = await lab.api('PATCH', '/v1/alerts/resolve', {
      query: 'Policy:No bash allowed+Namespace:payments',
    });
    assert.equal(bulk.status, 200);
    assert.deepEqual(await alerts(lab, 'Policy:No bash allowed'), []);
    assert.equal((await alerts(lab, 'Violation State:RESOLVED')).length, 2);
  });

  it('deleting the runtime policy resolves its ACTIVE alerts and sends nothing', async () => {
    // central/detection/lifecycle/manager_impl.go RemovePolicy -> reconcileAlertsForPolicy;
    // alert_manager_impl.go shouldMarkAlertResolved: the policy no longer exists.
    const { policyId } = await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    await lab.receiver.waitFor(SLACK_PATH, 1);
    const [active] = await alerts(lab, 'Policy:No bash allowed');
    assert.ok(active);
    assert.equal((await lab.api('DELETE', `/v1/policies/${policyId}`)).status, 200);
    const after = (await lab.api('GET', `/v1/alerts/${active.id}`)).json as {
      state: string;
      resolvedAt: string;
    };
    assert.equal(after.state, 'RESOLVED');
    assert.ok(after.resolvedAt);
    await lab.central.notifications.settled();
    assert.equal(lab.receiver.at(SLACK_PATH).length, 1, 'resolving sends nothing');
  });

  it('does not alert on an exec of something other than bash', async () => {
    await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/ls', args: '-l' });
    lab.cluster.exec({ execFilePath: '/bin/bash', namespace: 'payments', deployment: 'missing' });
    await lab.central.notifications.settled();
    assert.deepEqual(await alerts(lab, 'Policy:No bash allowed'), []);
    assert.equal(lab.receiver.requests.length, 0);
  });

  it('records a failed delivery as an administration event and retries it', async () => {
    await attachNotifiers(lab);
    lab.receiver.statusFor.set(SLACK_PATH, 404);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    await lab.receiver.waitFor(TEAMS_PATH, 1);
    await lab.receiver.waitFor(SLACK_PATH, 1);
    await lab.central.notifications.settled();
    lab.central.events.flush();
    const events = (
      await lab.api(
        'GET',
        '/v1/administration/events?filter.domain=Integrations&filter.resourceType=Notifier',
      )
    ).json.events as { message: string; level: string; resource: { name: string } }[];
    assert.equal(events.length, 1);
    assert.equal(events[0]?.resource.name, 'slack-alerts');
    assert.equal(events[0]?.level, 'ADMINISTRATION_EVENT_LEVEL_ERROR');
    assert.match(events[0]?.message ?? '', /slack-alerts/);
    assert.equal(lab.central.notifications.pendingRetries().length, 1);

    lab.receiver.statusFor.delete(SLACK_PATH);
    await lab.receiver.waitFor(SLACK_PATH, 2, 2000);
    await eventually('retry queue to drain', () => lab.central.notifications.pendingRetries().length === 0);
    assert.equal(lab.receiver.at(TEAMS_PATH).length, 1, 'the Teams delivery is independent');
  });

  it('uses the fresh policy snapshot: notifiers removed from the policy get nothing on the next merge', async () => {
    const { policyId, teamsId } = await attachNotifiers(lab);
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    await lab.receiver.waitFor(TEAMS_PATH, 1);
    await lab.api('PATCH', `/v1/policies/${policyId}/notifiers`, { notifierIds: [teamsId], disable: true });
    lab.cluster.exec({ execFilePath: '/bin/bash', args: 'again' });
    await lab.receiver.waitFor(SLACK_PATH, 2);
    await lab.central.notifications.settled();
    assert.equal(lab.receiver.at(TEAMS_PATH).length, 1);
  });

  it('logs one loud warning for a policy the lab cannot evaluate', async () => {
    const created = await lab.api('POST', '/v1/policies', {
      name: 'Ancestor policy for the lab',
      severity: 'LOW_SEVERITY',
      categories: ['Anomalous Activity'],
      lifecycleStages: ['RUNTIME'],
      eventSource: 'DEPLOYMENT_EVENT',
      policyVersion: '1.1',
      policySections: [
        {
          policyGroups: [
            { fieldName: 'Process Name', values: [{ value: 'bash' }] },
            { fieldName: 'Unexpected Process Executed', values: [{ value: 'true' }] },
          ],
        },
      ],
    });
    assert.equal(created.status, 200, created.text);
    lab.cluster.exec({ execFilePath: '/bin/bash', namespace: 'default', deployment: 'nope' });
    lab.cluster.addDeployment({
      uid: 'd-1',
      name: 'web',
      namespace: 'default',
      labels: {},
      annotations: {},
      containers: [{ name: 'web', image: 'nginx:1.27' }],
    });
    lab.cluster.exec({ execFilePath: '/bin/bash', namespace: 'default', deployment: 'web' });
    lab.cluster.exec({ execFilePath: '/bin/bash', namespace: 'default', deployment: 'web', args: '-i' });
    const warnings = lab.logs.filter((l) => l.includes('Ancestor policy for the lab'));
    assert.equal(warnings.length, 1, lab.logs.join('\n'));
    assert.match(warnings[0] ?? '', /WARNING/);
  });
});
