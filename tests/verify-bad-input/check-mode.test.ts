// verify with HARNESS_MODE=check against a lab, end to end: check mode changes nothing. The lab's
// configuration (notifiers, policies, SecurityPolicy CRs, namespaces, ConfigMaps, leases, the
// workload) is read through the APIs before and after the run and must be identical, and no alert
// is resolved; during the run, every request to Central other than a read is recorded, and every
// write to the cluster is replayed from a watch, so nothing can be done and undone unseen. What check mode does do, by design (docs/cluster.md): it presses Test on each
// notifier (one Test message per channel) and runs the module's own `oc exec ... /bin/bash` (a new
// bash process, merged into the policy's ACTIVE alert, which Central re-notifies) and the negative
// control's `ls`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { TEST_MESSAGE_TEXT } from '../../src/channels/index.ts';
import type { Alert } from '../../types/rhacs.ts';
import { assertExplainedFailure, ROOT, runVerify, scratch } from './run-verify.ts';

const TSX = import.meta.resolve('tsx');
const POLICY = 'No bash allowed';
type T = { after: (fn: () => Promise<void>) => void };

async function labAfterModule3(t: T): Promise<Lab> {
  const dir = await mkdtemp(join(tmpdir(), 'check-mode-lab-'));
  const lab = await startLab({ profile: 'default', startState: 'after-module-3', dir });
  t.after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });
  return lab;
}

/** `npm run solve` as a child with the lab's env: the module done as a student does it. */
function solve(lab: Lab, dir: string): Promise<void> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      ['--import', TSX, join(ROOT, 'scripts/solve.ts')],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, ...lab.env, TARGET: 'cluster' },
        timeout: 90_000,
      },
      (err, stdout, stderr) => (err ? fail(new Error(`solve failed:\n${stdout}\n${stderr}`)) : done()),
    );
  });
}

/**
 * A pass-through in front of Central that records every request other than a read, as
 * `METHOD path`: what verify asked Central to do, including anything it did and then undid.
 */
async function recordingCentral(t: T, lab: Lab): Promise<{ url: string; writes: string[] }> {
  const target = new URL(lab.env.ROX_ENDPOINT ?? '');
  const writes: string[] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'GET') writes.push(`${req.method} ${new URL(req.url ?? '/', target).pathname}`);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  t.after(
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes };
}

function checkMode(lab: Lab, dir: string, centralUrl: string) {
  return runVerify(
    dir,
    { ...lab.env, ROX_ENDPOINT: centralUrl, TARGET: 'cluster', HARNESS_MODE: 'check' },
    [],
    240_000,
  );
}

/** The lab's current resourceVersion: watching from it replays every later write. */
async function kubeRevision(lab: Lab): Promise<string> {
  return (await kubeGet<{ metadata: { resourceVersion: string } }>(lab, '/api/v1/namespaces')).metadata
    .resourceVersion;
}

const WATCHED = [
  '/api/v1/namespaces',
  '/api/v1/configmaps',
  '/api/v1/services',
  '/api/v1/pods',
  '/apis/apps/v1/deployments',
  '/apis/coordination.k8s.io/v1/leases',
  '/apis/config.stackrox.io/v1alpha1/securitypolicies',
];

/** The one write check mode makes to the cluster: the run lease, taken and released (docs/cluster.md). */
const RUN_LEASE_ONLY = [
  'ADDED Lease stackrox/rhacs-notifications-harness',
  'DELETED Lease stackrox/rhacs-notifications-harness',
];

/** Every write to those resources since `revision` (a watch replays them), as `TYPE kind ns/name`. */
async function kubeWritesSince(lab: Lab, revision: string): Promise<string[]> {
  const events = await Promise.all(
    WATCHED.map(async (path) => {
      const res = await fetch(`${lab.kube.url}${path}?watch=1&resourceVersion=${revision}&timeoutSeconds=1`, {
        headers: { Authorization: `Bearer ${lab.tokens.admin}` },
      });
      const lines = (await res.text()).split('\n').filter((l) => l !== '');
      return lines.map((l) => {
        const { type, object } = JSON.parse(l) as {
          type: string;
          object: { kind: string; metadata: { name: string; namespace?: string } };
        };
        return `${type} ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;
      });
    }),
  );
  return [...new Set(events.flat())].sort();
}

async function getJson<R>(url: string, token: string): Promise<R> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, `GET ${url}`);
  return (await res.json()) as R;
}

const kubeGet = <R>(lab: Lab, path: string) => getJson<R>(`${lab.kube.url}${path}`, lab.tokens.admin);
const centralGet = <R>(lab: Lab, path: string) =>
  getJson<R>(`${lab.env.ROX_ENDPOINT}${path}`, lab.env.ROX_API_TOKEN ?? '');

interface KubeList {
  items: { metadata: { name: string; namespace?: string; resourceVersion?: string } }[];
}

/** `namespace/name`, with the resourceVersion when `versioned`: any write changes it. */
async function objects(lab: Lab, path: string, versioned = false): Promise<string[]> {
  const { items } = await kubeGet<KubeList>(lab, path);
  return items
    .map(({ metadata: m }) => `${m.namespace ?? ''}/${m.name}${versioned ? `@${m.resourceVersion}` : ''}`)
    .sort();
}

/** Everything check mode must leave as it was, read through the APIs. */
async function configuration(lab: Lab) {
  const { notifiers } = await centralGet<{ notifiers: { id: string; name: string; labelDefault: string }[] }>(
    lab,
    '/v1/notifiers',
  );
  const { policies } = await centralGet<{ policies: { id: string }[] }>(lab, '/v1/policies');
  return {
    // id, name, every other field, and the webhook URL as a digest (a failed comparison prints it)
    notifiers: notifiers.map((n) => ({
      ...n,
      labelDefault: createHash('sha256').update(n.labelDefault).digest('hex'),
    })),
    // full policies: id, notifiers, source, criteria
    policies: await Promise.all(policies.map((p) => centralGet<unknown>(lab, `/v1/policies/${p.id}`))),
    securityPolicies: await objects(lab, '/apis/config.stackrox.io/v1alpha1/securitypolicies', true),
    namespaces: await objects(lab, '/api/v1/namespaces'),
    // the harness's run record (rhacs-harness-run-<run id>) would be one
    configMaps: await objects(lab, '/api/v1/configmaps', true),
    leases: await objects(lab, '/apis/coordination.k8s.io/v1/leases'),
    // no rollout restart: the same deployments, unchanged, and the same pods
    deployments: await objects(lab, '/apis/apps/v1/deployments', true),
    pods: await objects(lab, '/api/v1/pods'),
  };
}

/** The policy's alerts (any state) with the bash processes each holds. */
async function policyAlerts(lab: Lab): Promise<{ id: string; state: string; bash: number }[]> {
  const query = encodeURIComponent(`Policy:${POLICY}+Violation State:ACTIVE,RESOLVED`);
  const { alerts } = await centralGet<{ alerts: { id: string }[] }>(lab, `/v1/alerts?query=${query}`);
  const full = await Promise.all(alerts.map((a) => centralGet<Alert>(lab, `/v1/alerts/${a.id}`)));
  return full
    .map((a) => ({
      id: a.id,
      state: a.state,
      bash: (a.processViolation?.processes ?? []).filter((p) => p.signal.name === 'bash').length,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

interface Message {
  id: string;
  receiver: 'slack' | 'teams';
  rawBody: string;
}

async function inbox(lab: Lab): Promise<Message[]> {
  const res = await fetch(`${lab.env.LAB_INBOX_URL}/api/messages`);
  return ((await res.json()) as { messages: Message[] }).messages;
}

/** What reached the channels since `before`: per channel, Test messages and the alert ids posted. */
async function newMessages(lab: Lab, before: Message[], alertIds: string[]) {
  const seen = new Set(before.map((m) => m.id));
  const out: string[] = [];
  for (const m of await inbox(lab)) {
    if (seen.has(m.id)) continue;
    const what = m.rawBody.includes(TEST_MESSAGE_TEXT[m.receiver])
      ? 'Test'
      : `alert ${alertIds.find((id) => m.rawBody.includes(id)) ?? '(another)'}`;
    out.push(`${m.receiver}: ${what}`);
  }
  return out.sort();
}

test('check mode, module done: verify passes, presses Test, execs bash into the ACTIVE alert, and changes nothing else', {
  timeout: 300_000,
}, async (t) => {
  const lab = await labAfterModule3(t);
  const dir = await scratch(t, 'check-mode-done');
  await solve(lab, dir);
  const before = await configuration(lab);
  const alertsBefore = await policyAlerts(lab);
  const [solved] = alertsBefore;
  assert.ok(solved && alertsBefore.length === 1 && solved.state === 'ACTIVE', 'solve left one ACTIVE alert');
  const messagesBefore = await inbox(lab);
  const central = await recordingCentral(t, lab);
  const revision = await kubeRevision(lab);

  const run = await checkMode(lab, dir, central.url);

  assert.equal(run.exitCode, 0, run.output);
  assert.match(run.summary, /^# Notifications module: passed/);
  // All check mode asked Central to do: press Test, once per notifier. Nothing created and undone.
  assert.deepEqual(central.writes, ['POST /v1/notifiers/test', 'POST /v1/notifiers/test']);
  assert.deepEqual(await kubeWritesSince(lab, revision), RUN_LEASE_ONLY);
  assert.deepEqual(await configuration(lab), before, 'check mode changed the configuration');
  // No alert resolved: solve's alert is still ACTIVE and holds this run's bash too (one more).
  assert.deepEqual(await policyAlerts(lab), [{ ...solved, bash: solved.bash + 1 }]);
  // One Test per notifier, and Central's re-notification of the same alert for the new process.
  assert.deepEqual(await newMessages(lab, messagesBefore, [solved.id]), [
    `slack: Test`,
    `slack: alert ${solved.id}`,
    `teams: Test`,
    `teams: alert ${solved.id}`,
  ]);
  // The F8 advisory says what check mode did with the ACTIVE alert: nothing.
  assert.match(run.summary, /check mode left them ACTIVE/);
  assert.doesNotMatch(run.summary, /the harness resolved them first/);
  assert.doesNotMatch(run.output, /Restarted |: removed|undone/);
});

test('check mode, nothing solved: verify fails naming the missing notifiers, and changes nothing', {
  timeout: 300_000,
}, async (t) => {
  const lab = await labAfterModule3(t);
  const before = await configuration(lab);
  const alertsBefore = await policyAlerts(lab);
  const messagesBefore = await inbox(lab);
  const central = await recordingCentral(t, lab);
  const revision = await kubeRevision(lab);

  const run = await checkMode(lab, await scratch(t, 'check-mode-fresh'), central.url);

  assertExplainedFailure(run, [
    'Central has no notifier named slack-alerts. Fix: Create it under Platform Configuration -> Integrations -> Slack',
    'Central has no notifier named teams-alerts. Fix: Create it under Platform Configuration -> Integrations -> Microsoft Teams',
    'notifier slack-alerts is missing; notifier teams-alerts is missing',
  ]);
  assert.deepEqual(central.writes, [], 'check mode wrote to Central');
  assert.deepEqual(await kubeWritesSince(lab, revision), RUN_LEASE_ONLY);
  assert.deepEqual(await configuration(lab), before, 'check mode changed the configuration');
  assert.deepEqual(await policyAlerts(lab), alertsBefore);
  // Without notifiers nothing is tested and the runtime step stops before its exec.
  assert.deepEqual(await newMessages(lab, messagesBefore, []), []);
  assert.doesNotMatch(run.output, /given back|: removed/);
});
