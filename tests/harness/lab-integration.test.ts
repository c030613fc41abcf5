// The harness's clients against the embedded lab, reached only through a kubeconfig and
// ROX_ENDPOINT like a real cluster (the lab is started here; src/ never imports mocks/).

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { buildQuery, type CentralClient, connectCentral, exact } from '../../src/central/index.ts';
import { type HarnessConfig, loadConfig } from '../../src/config.ts';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { waitForPolicyAcceptance } from '../../src/module/policy-acceptance.ts';
import { SHELL_PROMPT } from '../../src/module/shell-prompt.ts';
import { correctedCr } from '../support/corrected-cr.ts';
import { rejection } from '../support/rejection.ts';

const { apiVersion, kind, spec: CORRECTED_SPEC } = correctedCr();
const SP = { apiVersion, kind };

function writeKubeconfig(lab: Lab): string {
  const path = join(mkdtempSync(join(tmpdir(), 'harness-lab-')), 'kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- {name: lab, cluster: {server: '${lab.kube.url}', insecure-skip-tls-verify: true}}`,
      'users:',
      `- {name: admin, user: {token: '${lab.tokens.admin}'}}`,
      `- {name: viewer, user: {token: '${lab.tokens.viewer}'}}`,
      'contexts:',
      '- {name: lab, context: {cluster: lab, user: admin}}',
      '- {name: viewer, context: {cluster: lab, user: viewer}}',
      'current-context: lab',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}

describe('harness clients against the embedded lab', () => {
  let lab: Lab;
  let cfg: HarnessConfig;
  let kube: KubeClient;
  let central: CentralClient;
  let podName: string;

  before(async () => {
    lab = await startLab({});
    const kubeconfig = writeKubeconfig(lab);
    cfg = loadConfig({
      KUBECONFIG: kubeconfig,
      ROX_ENDPOINT: lab.env.ROX_ENDPOINT ?? '',
      ROX_API_TOKEN: lab.env.ROX_API_TOKEN ?? '',
    });
    kube = await connectKube(cfg);
    central = await connectCentral(cfg);
  });
  after(async () => {
    central?.close();
    await lab?.close();
  });

  it('a notifier name taken meanwhile is CENTRAL_CONFLICT, quoting Central and saying what to do', async () => {
    const spec = {
      name: 'conflict-probe',
      type: 'slack',
      uiEndpoint: 'https://central.example',
      labelKey: '',
      labelDefault: 'https://hooks.slack.example/services/T/B/x',
      notifierSecret: '',
      traits: null,
    };
    const first = await central.createNotifier(spec);
    try {
      const err = await rejection(central.createNotifier(spec));
      assert.equal(err.code, 'CENTRAL_CONFLICT');
      assert.match(
        err.message,
        /409: "ERROR: duplicate key value violates unique constraint "notifiers_name_key"/,
      );
      assert.match(err.message, /Fix: .*conflict-probe/);
    } finally {
      await central.deleteNotifier(first.id);
    }
  });

  it('finds the workshop pod and runs a script through exec', async () => {
    const pod = await kube.findPod(cfg.pod.namespace, cfg.pod.selector);
    podName = pod.name;
    assert.match(pod.name, /^visa-processor-[a-z0-9]+-[a-z0-9]+$/);
    assert.deepEqual(pod.containers, ['visa-processor', 'visa-processor-sidecar']);
    const r = await kube.execScript('payments', pod.name, undefined, ['/bin/bash', '-c', 'echo hi; exit 4'], {
      timeoutMs: 5000,
    });
    assert.equal(r.exitCode, 4);
    assert.equal(r.stdout, 'hi\n');
    assert.equal(r.protocol, 'v5.channel.k8s.io');
  });

  it('names the missing pods/exec permission for the lab viewer', async () => {
    const viewer = await connectKube({ kube: { kubeconfig: cfg.kube.kubeconfig, context: 'viewer' } });
    const err = await rejection(
      viewer.execScript('payments', podName, undefined, ['/bin/true'], { timeoutMs: 3000 }),
    );
    assert.equal(err.code, 'EXEC_FORBIDDEN');
    assert.match(err.message, /pods\/exec/);
  });

  it('shows the module prompt in the interactive shell', async () => {
    const r = await kube.execInteractive('payments', podName, {
      command: ['/bin/bash'],
      expectPrompt: SHELL_PROMPT,
      input: 'exit\n',
      timeoutMs: 5000,
    });
    assert.equal(r.prompt, `tomcat@${podName}:/usr/local/tomcat$`);
    assert.equal(r.exitCode, 0);
  });

  it('reproduces finding F1 for the module YAML as written', async () => {
    const asWritten = {
      ...SP,
      metadata: { name: 'no-bash-allowed' },
      spec: {
        ...CORRECTED_SPEC,
        SORTName: '',
        SORTLifecycleStage: '',
        SORTEnforcement: false,
        policyVersion: '1.1',
      },
    };
    const err = await rejection(
      kube.applySecurityPolicy(asWritten, { namespace: 'stackrox', fieldManager: 'harness' }),
    );
    assert.equal(err.code, 'STRICT_DECODING');
    // The API server reports the fields in the order it decodes them; kubectl sends sorted keys.
    assert.deepEqual([...((err.details?.unknownFields as string[]) ?? [])].sort(), [
      'spec.SORTEnforcement',
      'spec.SORTLifecycleStage',
      'spec.SORTName',
      'spec.policyVersion',
    ]);
  });

  it('applies the corrected CR and waits until Central accepted it with both notifiers', async () => {
    const base = { uiEndpoint: lab.env.ROX_ENDPOINT ?? '', labelKey: '', notifierSecret: '', traits: null };
    const slack = await central.createNotifier({
      ...base,
      name: 'slack-alerts',
      type: 'slack',
      labelDefault: lab.env.SLACK_WEBHOOK_URL ?? '',
    });
    const teams = await central.createNotifier({
      ...base,
      name: 'teams-alerts',
      type: 'teams',
      labelDefault: lab.env.TEAMS_WEBHOOK_URL ?? '',
    });
    assert.deepEqual(await central.testNotifier(slack), { ok: true, message: 'The test was successful' });
    const appliedAt = Date.now();
    const applied = await kube.applySecurityPolicy(
      { ...SP, metadata: { name: 'no-bash-allowed' }, spec: CORRECTED_SPEC },
      { namespace: 'stackrox', fieldManager: 'harness' },
    );
    assert.equal(applied.operation, 'created');
    const accepted = await waitForPolicyAcceptance(
      { kube, central },
      {
        namespace: 'stackrox',
        name: 'no-bash-allowed',
        centralNamespace: 'stackrox',
        appliedAt,
        timeoutMs: 15_000,
      },
    );
    const policy = accepted.policy;
    assert.equal(policy.source, 'DECLARATIVE');
    assert.deepEqual([...policy.notifiers].sort(), [slack.id, teams.id].sort());
    const listed = await central.listPolicies(buildQuery({ Policy: exact('No bash allowed') }));
    assert.deepEqual(
      listed.map((p) => p.id),
      [accepted.policyId],
    );
  });

  it('explains a CR outside the Central namespace (finding F9)', async () => {
    await kube.applySecurityPolicy(
      { ...SP, metadata: { name: 'stray' }, spec: { ...CORRECTED_SPEC, policyName: 'Stray policy' } },
      { namespace: 'payments', fieldManager: 'harness' },
    );
    const err = await rejection(
      waitForPolicyAcceptance(
        { kube, central },
        { namespace: 'payments', name: 'stray', centralNamespace: 'stackrox', timeoutMs: 1500 },
      ),
    );
    assert.equal(err.code, 'POLICY_NOT_RECONCILED');
    assert.match(err.message, /F9/);
    assert.equal(await kube.deleteSecurityPolicy('payments', 'stray'), true);
  });
});
