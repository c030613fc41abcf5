import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectKube, type KubeClient } from '../../src/kube/index.ts';
import { SHELL_PROMPT } from '../../src/module/shell-prompt.ts';
import { rejection } from '../support/rejection.ts';
import { type KubeStub, startKubeStub } from './kube-stub.ts';

const POD = 'visa-processor-9bfcf46f7-cwtjb';
const CR = {
  apiVersion: 'config.stackrox.io/v1alpha1',
  kind: 'SecurityPolicy',
  metadata: { name: 'no-bash-allowed' },
  spec: {
    policyName: 'No bash allowed',
    severity: 'HIGH_SEVERITY',
    SORTName: '',
    SORTLifecycleStage: '',
    policyVersion: '1.1',
  },
};

function kubeconfigFor(server: string, token: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kc-')), 'config');
  writeFileSync(
    path,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: '${server}', insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: '${token}'}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n`,
  );
  return path;
}

describe('kube client against a stub API server', () => {
  let stub: KubeStub;
  let kube: KubeClient;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);

  before(async () => {
    process.on('uncaughtException', onUncaught);
    stub = await startKubeStub();
    kube = await connectKube({ kube: { kubeconfig: stub.kubeconfigPath } });
  });
  after(async () => {
    process.off('uncaughtException', onUncaught);
    await stub.close();
  });

  it('finds the visa-processor pod and its containers', async () => {
    const pod = await kube.findPod('payments', 'app=visa-processor');
    assert.deepEqual(pod, {
      name: POD,
      containers: ['visa-processor', 'visa-processor-sidecar'],
      uid: 'pod-uid-1',
    });
  });

  it('explains a missing namespace and a missing pod, pointing at the deployment', async () => {
    const ns = await rejection(kube.findPod('nope', 'app=visa-processor'));
    assert.equal(ns.code, 'NAMESPACE_NOT_FOUND');
    assert.match(ns.message, /namespace nope does not exist/);
    assert.match(ns.fix, /Deployment visa-processor/);
    const pod = await rejection(kube.findPod('payments', 'app=ctf-web-to-system'));
    assert.equal(pod.code, 'POD_NOT_FOUND');
    assert.match(pod.message, /no pod in payments matches app=ctf-web-to-system/);
  });

  it('runs a script, collecting stdout, stderr and exit code 0 over v5', async () => {
    stub.execMode = 'ok';
    const r = await kube.execScript('payments', POD, undefined, ['/bin/bash', '-c', 'echo hello'], {
      timeoutMs: 3000,
    });
    assert.deepEqual(r, { exitCode: 0, stdout: 'hello\n', stderr: 'warn\n', protocol: 'v5.channel.k8s.io' });
    const upgrade = stub.requests.filter((l) => l.startsWith('UPGRADE')).at(-1) ?? '';
    assert.match(upgrade, /command=%2Fbin%2Fbash&command=-c&command=echo%20hello/);
    assert.match(upgrade, /container=visa-processor(&|$)/, 'defaults to the first container like oc exec');
  });

  it('reads a non-zero exit code from details.causes', async () => {
    stub.execMode = 'exit3';
    const r = await kube.execScript('payments', POD, 'visa-processor', ['/bin/false'], { timeoutMs: 3000 });
    assert.equal(r.exitCode, 3);
  });

  it('ends stdin with a v5 CLOSE frame so the command sees EOF', async () => {
    stub.execMode = 'stdin-echo';
    const r = await kube.execScript('payments', POD, 'visa-processor', ['cat'], {
      stdin: 'abc',
      timeoutMs: 3000,
    });
    assert.equal(r.stdout, 'ABC');
  });

  it('turns a 403 on the exec upgrade into the missing pods/exec permission', async () => {
    stub.execMode = 'forbidden';
    const err = await rejection(
      kube.execScript('payments', POD, undefined, ['/bin/bash', '-c', 'true'], { timeoutMs: 3000 }),
    );
    assert.equal(err.code, 'EXEC_FORBIDDEN');
    assert.match(err.message, /lacks `create` on `pods\/exec` in namespace payments/);
    assert.match(err.message, /cannot create resource "pods\/exec"/);
    assert.equal(err.details?.httpCode, 403);
  });

  it('survives a server that sends channel 255, without an uncaught exception', async () => {
    stub.execMode = 'badframe';
    const err = await rejection(
      kube.execScript('payments', POD, undefined, ['/bin/true'], { timeoutMs: 3000 }),
    );
    assert.equal(err.code, 'EXEC_PROTOCOL');
    assert.match(err.message, /channel 255/);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(uncaught, []);
  });

  it('fails on close without a status and on timeout', async () => {
    stub.execMode = 'close';
    const closed = await rejection(
      kube.execScript('payments', POD, undefined, ['/bin/true'], { timeoutMs: 3000 }),
    );
    assert.equal(closed.code, 'EXEC_CLOSED_WITHOUT_STATUS');
    assert.equal(closed.details?.stdout, 'partial');
    stub.execMode = 'hang';
    const started = Date.now();
    const timeout = await rejection(
      kube.execScript('payments', POD, undefined, ['/bin/sleep', '99'], { timeoutMs: 300 }),
    );
    assert.equal(timeout.code, 'EXEC_TIMEOUT');
    assert.ok(Date.now() - started < 2000);
  });

  it('opens the interactive shell, waits for the tomcat prompt and types exit', async () => {
    stub.execMode = 'tty';
    const r = await kube.execInteractive('payments', POD, {
      command: ['/bin/bash'],
      expectPrompt: SHELL_PROMPT,
      input: 'exit\n',
      timeoutMs: 3000,
    });
    assert.equal(r.prompt, `tomcat@${POD}:/usr/local/tomcat$`);
    assert.equal(r.exitCode, 0);
    assert.match(r.transcript, /exit\r\n$/);
    assert.match(stub.requests.at(-1) ?? '', /stdin=true&tty=true/);
  });

  it('parses a strict decoding error into unknownFields (finding F1)', async () => {
    const err = await rejection(
      kube.applySecurityPolicy(CR, { namespace: 'stackrox', fieldManager: 'harness' }),
    );
    assert.equal(err.code, 'STRICT_DECODING');
    assert.deepEqual(err.details?.unknownFields, [
      'spec.SORTName',
      'spec.SORTLifecycleStage',
      'spec.policyVersion',
    ]);
    assert.match(err.message, /strict decoding error: unknown field "spec\.SORTName"/);
    assert.match(err.fix, /remove spec\.SORTName, spec\.SORTLifecycleStage, spec\.policyVersion/);
    assert.match(stub.requests.at(-1) ?? '', /fieldValidation=Strict/);
  });

  it('maps 422 to INVALID with the causes', async () => {
    const bad = { ...CR, spec: { severity: 'HIGH_SEVERITY' } };
    const err = await rejection(
      kube.applySecurityPolicy(bad, { namespace: 'stackrox', fieldManager: 'harness' }),
    );
    assert.equal(err.code, 'INVALID');
    assert.deepEqual(err.details?.causes, [
      { field: 'spec.policyName', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });

  it('applies like oc apply: dry run, create, then a merge patch that drops removed fields', async () => {
    const good = {
      ...CR,
      spec: { policyName: 'No bash allowed', severity: 'HIGH_SEVERITY', disabled: false },
    };
    const dry = await kube.applySecurityPolicy(good, {
      namespace: 'stackrox',
      fieldManager: 'harness',
      dryRun: true,
    });
    assert.equal(dry.operation, 'created');
    assert.match(stub.requests.at(-1) ?? '', /dryRun=All/);
    assert.equal(await kube.getSecurityPolicy('stackrox', 'no-bash-allowed'), undefined);

    const created = await kube.applySecurityPolicy(good, { namespace: 'stackrox', fieldManager: 'harness' });
    assert.equal(created.operation, 'created');
    assert.ok(created.object.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']);

    const again = await kube.applySecurityPolicy(good, { namespace: 'stackrox', fieldManager: 'harness' });
    assert.equal(again.operation, 'unchanged');

    const changed = { ...CR, spec: { policyName: 'No bash allowed', severity: 'LOW_SEVERITY' } };
    const patched = await kube.applySecurityPolicy(changed, {
      namespace: 'stackrox',
      fieldManager: 'harness',
    });
    assert.equal(patched.operation, 'configured');
    const stored = stub.objects.get('stackrox/no-bash-allowed') as {
      patchContentType: string;
      lastPatch: { spec: unknown };
    };
    assert.equal(stored.patchContentType, 'application/merge-patch+json');
    assert.deepEqual(stored.lastPatch.spec, { severity: 'LOW_SEVERITY', disabled: null });

    assert.equal(await kube.deleteSecurityPolicy('stackrox', 'no-bash-allowed'), true);
    assert.equal(await kube.deleteSecurityPolicy('stackrox', 'no-bash-allowed'), false);
  });
});

describe('connectKube failures', () => {
  it('names the server when nothing listens there', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const url = `http://127.0.0.1:${port}`;
    const err = await rejection(connectKube({ kube: { kubeconfig: kubeconfigFor(url, 't') } }));
    assert.equal(err.code, 'KUBE_UNREACHABLE');
    assert.match(err.message, new RegExp(`nothing is listening at ${url}`));
  });

  it('explains a rejected token (401)', async () => {
    const stub = await startKubeStub();
    try {
      const err = await rejection(
        connectKube({ kube: { kubeconfig: kubeconfigFor(stub.url, 'sha256~expired') } }),
      );
      assert.equal(err.code, 'KUBE_UNAUTHORIZED');
      assert.match(err.message, /oc login/);
    } finally {
      await stub.close();
    }
  });

  it('rejects an unknown KUBE_CONTEXT listing the ones that exist', async () => {
    const err = await rejection(
      connectKube({ kube: { kubeconfig: kubeconfigFor('http://127.0.0.1:1', 't'), context: 'prod' } }),
    );
    assert.equal(err.code, 'KUBECONFIG_INVALID');
    assert.match(err.message, /no such context .*contexts: ctx/);
  });
});
