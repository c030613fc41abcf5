// Bad inputs a verify run meets on the target, end to end through `playwright test` against a fresh
// embedded lab used as a cluster (TARGET=cluster plus the lab's env): each failure names its cause
// and fix in the console and in summary.md, keeps what the run created and attaches the evidence;
// a run that passes leaves the lab as it found it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import type { HookKind } from '../../types/receivers.ts';
import {
  type Attachment,
  assertExplainedFailure,
  assertNoSecrets,
  reportAttachments,
  runVerify,
  scratch,
  type VerifyRun,
} from './run-verify.ts';

const POLICY = 'No bash allowed';
const ALERT_TIMEOUT_MS = 2_000;

interface TestContext {
  after: (fn: () => Promise<void>) => void;
}

/** A fresh lab for one test, and a Central client on it for setting faults up and reading the result. */
async function freshLab(t: TestContext): Promise<{ lab: Lab; central: CentralClient; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'bad-input-lab-'));
  const lab = await startLab({ dir });
  const central = await connectCentral({
    central: {
      endpoint: lab.env.ROX_ENDPOINT!,
      token: lab.env.ROX_API_TOKEN!,
      insecureSkipTlsVerify: false,
      namespace: 'stackrox',
    },
  });
  t.after(async () => {
    central.close();
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { lab, central, dir };
}

const asCluster = (lab: Lab, extra: Record<string, string> = {}) => ({
  ...lab.env,
  TARGET: 'cluster',
  ...extra,
});

/** What a verify run may touch: notifiers, the module's CR, the policy, alerts. */
async function labState(lab: Lab, central: CentralClient) {
  const crs = await fetch(
    `${lab.kube.url}/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies`,
    { headers: { Authorization: `Bearer ${lab.tokens.admin}` } },
  );
  assert.equal(crs.status, 200);
  const policy = (await central.listPolicies(`Policy:${POLICY}`)).find((p) => p.name === POLICY);
  const full = policy ? await central.getPolicy(policy.id) : undefined;
  return {
    notifiers: (await central.listNotifiers()).map((n) => n.name).sort(),
    securityPolicies: ((await crs.json()) as { items: { metadata: { name: string } }[] }).items.map(
      (i) => i.metadata.name,
    ),
    policy: full && { source: full.source, disabled: full.disabled, notifiers: full.notifiers },
    activeAlerts: (await central.listAlerts(`Policy:${POLICY}`, 100)).filter((a) => a.state === 'ACTIVE')
      .length,
  };
}

function attachmentsOf(run: VerifyRun, scenario: string): Attachment[] {
  return reportAttachments(run.reportsDir).filter((a) => a.test === scenario);
}

/** The failed scenario has evidence.json (collected before cleanup) and an explanation attached. */
function assertEvidenceAttached(run: VerifyRun, scenario: string): { evidence: string; explanation: string } {
  const attached = attachmentsOf(run, scenario);
  const evidence = attached.find((a) => a.name === 'evidence.json')?.body ?? '';
  const explanation = attached.find((a) => a.name === 'explanation.txt')?.body ?? '';
  assert.ok(evidence !== '', `evidence.json is attached to "${scenario}"`);
  assert.ok(explanation !== '', `explanation.txt is attached to "${scenario}"`);
  const parsed = JSON.parse(evidence) as { collectedAt?: string; unavailable?: string[] };
  assert.ok(parsed.collectedAt, 'the evidence says when it was collected');
  assert.deepEqual(parsed.unavailable, [], 'every evidence source could be read');
  return { evidence, explanation };
}

async function hookId(lab: Lab, kind: HookKind): Promise<string> {
  const res = await fetch(`${lab.env.LAB_INBOX_URL}/api/hooks`);
  const { hooks } = (await res.json()) as { hooks: { id: string; kind: string }[] };
  const hook = hooks.find((h) => h.kind === kind);
  assert.ok(hook, `the lab has a ${kind} hook`);
  return hook.id;
}

test('a run that passes leaves nothing it created in the lab', async (t) => {
  const { lab, central } = await freshLab(t);
  const before = await labState(lab, central);
  const run = await runVerify(await scratch(t, 'clean'), asCluster(lab));
  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, /^# Notifications module: passed/);
  assert.doesNotMatch(run.output, /Kept for inspection/);
  assert.deepEqual(await labState(lab, central), before);
});

test('the namespace is missing: says so, and how the module deploys the workload', async (t) => {
  const { lab } = await freshLab(t);
  const run = await runVerify(
    await scratch(t, 'namespace'),
    asCluster(lab, { POD_NAMESPACE: 'no-such-ns' }),
    ['--grep', 'Runtime alert'],
  );
  assertExplainedFailure(run, [
    `Finding a pod with app=visa-processor in namespace no-such-ns: namespace no-such-ns does not exist on ${lab.kube.httpsUrl}.`,
    "Fix: the module expects Deployment visa-processor (label app=visa-processor) in namespace payments, deployed with the workshop's demo applications in an earlier module",
    'POD_NAMESPACE / POD_SELECTOR made the harness look for app=visa-processor in namespace no-such-ns',
  ]);
  assertEvidenceAttached(run, 'Runtime alert reaches Slack and Teams');
});

test('no pod matches: says the namespace exists but the pod does not', async (t) => {
  const { lab } = await freshLab(t);
  const run = await runVerify(await scratch(t, 'pod'), asCluster(lab, { POD_SELECTOR: 'app=no-such-app' }), [
    '--grep',
    'Runtime alert',
  ]);
  assertExplainedFailure(run, [
    'Finding a pod with app=no-such-app in namespace payments: no pod in payments matches app=no-such-app (the namespace exists).',
    "Fix: the module expects Deployment visa-processor (label app=visa-processor) in namespace payments, deployed with the workshop's demo applications in an earlier module",
  ]);
  assertEvidenceAttached(run, 'Runtime alert reaches Slack and Teams');
});

test('exec is forbidden: names the missing RBAC verb, keeps what the run created', async (t) => {
  const { lab, central } = await freshLab(t);
  const dir = await scratch(t, 'exec');
  const kubeconfig = join(dir, 'viewer-kubeconfig');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: lab, cluster: {server: "${lab.kube.httpsUrl}", insecure-skip-tls-verify: true}}]`,
      `users: [{name: viewer, user: {token: "${lab.env.LAB_VIEWER_TOKEN_NO_EXEC}"}}]`,
      'contexts: [{name: viewer, context: {cluster: lab, user: viewer}}]',
      'current-context: viewer',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const run = await runVerify(dir, asCluster(lab, { KUBECONFIG: kubeconfig }));
  assertExplainedFailure(run, [
    'RBAC refused the exec (403 Forbidden: pods "visa-processor-',
    'the user lacks `get` on `pods/exec` in namespace payments, the verb of a WebSocket exec (a GET).',
    'Fix: grant it (with `create` too, which SPDY clients and Kubernetes 1.35+ need), e.g. `oc create role pod-exec --verb=get,create --resource=pods/exec -n payments`',
  ]);
  assertNoSecrets(run, [lab.env.LAB_VIEWER_TOKEN_NO_EXEC!, lab.env.ROX_API_TOKEN!]);
  assertEvidenceAttached(run, 'Runtime alert reaches Slack and Teams');
  // A step failed: what the run created stays for inspection, and the console says what; the
  // console-made policy the CR adopted is given back when the run ends (the CR released for it).
  assert.match(
    run.output,
    /Kept for the rest of the run and for inspection \(a step failed\): created notifier slack-alerts; created notifier teams-alerts; changed policy "No bash allowed"/,
  );
  assert.match(
    run.output,
    /After the failed run: the console-made policy "No bash allowed" .*: given back as it was, same id/,
  );
  const after = await labState(lab, central);
  assert.deepEqual(after.notifiers, ['slack-alerts', 'teams-alerts']);
  assert.deepEqual(after.securityPolicies, []);
});

test("the Slack webhook is revoked: no_service from Central's administration events", async (t) => {
  const { lab, central } = await freshLab(t);
  const revoke = await fetch(`${lab.env.LAB_INBOX_URL}/api/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ hookId: await hookId(lab, 'slack-incoming'), revoke: true }),
  });
  assert.equal(revoke.status, 201);
  const run = await runVerify(await scratch(t, 'revoked'), asCluster(lab), ['--grep', 'Integrating Slack']);
  assertExplainedFailure(run, [
    'Clicking Test on notifier slack-alerts: Central answered "send test message failed: invalid arguments"; Central\'s administration events say: Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}',
    "(Slack says the webhook was revoked or deleted). Fix: create a new Incoming Webhook (Slack app -> Incoming Webhooks -> Add New Webhook), paste it into the notifier's Webhook URL and SLACK_WEBHOOK_URL, then click Test",
  ]);
  assertNoSecrets(run, [lab.env.SLACK_WEBHOOK_URL!]);
  const { explanation } = assertEvidenceAttached(run, 'Integrating Slack with RHACS');
  assert.ok(
    explanation.includes(
      "The webhook answered no_service: Slack says the webhook was revoked or deleted. Fix: create a new Incoming Webhook (Slack app -> Incoming Webhooks -> Add New Webhook), paste it into the notifier's Webhook URL and SLACK_WEBHOOK_URL, then click Test",
    ),
    explanation,
  );
  assert.deepEqual((await labState(lab, central)).notifiers, ['slack-alerts'], 'the notifier is kept');
});

test('the alert never arrives: the timeout names what, where, how long, and what Central recorded', async (t) => {
  const { lab, central } = await freshLab(t);
  // Scenarios 01-03 done by hand, then the policy disabled: the exec works, no alert can come.
  const notifierIds: string[] = [];
  for (const [name, type, url] of [
    ['slack-alerts', 'slack', lab.env.SLACK_WEBHOOK_URL!],
    ['teams-alerts', 'teams', lab.env.TEAMS_WEBHOOK_URL!],
  ] as const) {
    const created = await central.createNotifier({
      name,
      type,
      uiEndpoint: lab.env.ROX_ENDPOINT!,
      labelKey: '',
      labelDefault: url,
      notifierSecret: '',
      traits: null,
    });
    notifierIds.push(created.id);
  }
  const policy = (await central.listPolicies(`Policy:${POLICY}`)).find((p) => p.name === POLICY);
  assert.ok(policy);
  await central.patchPolicyNotifiers(policy.id, notifierIds);
  await central.updatePolicy({ ...(await central.getPolicy(policy.id)), disabled: true });

  const run = await runVerify(
    await scratch(t, 'no-alert'),
    asCluster(lab, { ALERT_TIMEOUT_MS: String(ALERT_TIMEOUT_MS) }),
    ['--grep', 'Runtime alert'],
  );
  assertExplainedFailure(run, [
    `Waiting for Central (${lab.env.ROX_ENDPOINT}) to raise "${POLICY}" on payments/visa-processor: no ACTIVE alert with a bash process at or after `,
    `within 2 s (ALERT_TIMEOUT_MS=${ALERT_TIMEOUT_MS}); Central recorded: Central's policy "${POLICY}" is disabled; no alert at all for it on payments/visa-processor.`,
    'Fix: Enable it (Platform Configuration -> Policy Management, or PATCH /v1/policies/<id> {"disabled":false}), then exec bash again',
  ]);
  const { evidence } = assertEvidenceAttached(run, 'Runtime alert reaches Slack and Teams');
  assert.match(evidence, /"disabled": true/, "the evidence holds Central's policy as it was");
});
