// Real kubectl exec over SPDY/3.1 against the lab: kubectl 1.27 (SPDY by default) and kubectl 1.33
// with the WebSocket executor switched off (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ProcessEvent } from '../../mocks/contract.ts';
import type { KubeApi } from '../../mocks/kube/server.ts';
import {
  EXEC_GETTER,
  KUBECTL_DIR,
  type KubectlEnv,
  kubectl,
  kubectlEnv,
  type RunResult,
  startTestApi,
} from './api-helpers.ts';

const has = (v: string) => existsSync(join(KUBECTL_DIR, `kubectl.${v}`));
const spdyOff = { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' };
let api: KubeApi;
let env: KubectlEnv;
let pod: string;

/** `kubectl exec $POD -c visa-processor -- /bin/bash -c <script>` with one kubectl version. */
const bashC = (version: string, script: string) =>
  kubectl(version, env, ['exec', pod, '-c', 'visa-processor', '--', '/bin/bash', '-c', script]);

before(async () => {
  api = await startTestApi();
  env = await kubectlEnv(api);
  const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor`, {
    headers: { Authorization: 'Bearer admin-token-0123456789' },
  });
  pod = ((await res.json()) as { items: { metadata: { name: string } }[] }).items[0]?.metadata.name ?? '';
});
after(async () => {
  await env.cleanup();
  await api.close();
});

test('kubectl 1.27 (SPDY) scripted exec gives stdout and exit code 0', {
  skip: !has('1.27') && 'no kubectl 1.27',
}, async () => {
  const r = await bashC('1.27', 'echo hi');
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'hi\n');
  assert.equal(r.code, 0);
});

test('kubectl 1.27 (SPDY) propagates a non-zero exit code and stderr', {
  skip: !has('1.27') && 'no kubectl 1.27',
}, async () => {
  const r = await bashC('1.27', 'echo out; nosuchcommand; exit 3');
  assert.equal(r.stdout, 'out\n');
  assert.match(r.stderr, /nosuchcommand: command not found\n/);
  assert.match(r.stderr, /command terminated with exit code 3/);
  assert.equal(r.code, 3);
});

test('kubectl 1.27 (SPDY) pipes stdin to the shell and the exec reaches detection', {
  skip: !has('1.27') && 'no kubectl 1.27',
}, async () => {
  const seen: ProcessEvent[] = [];
  const off = api.cluster.onProcessEvent((event) => seen.push(event));
  try {
    const r = await kubectl(
      '1.27',
      env,
      ['exec', '-i', pod, '-c', 'visa-processor', '--', '/bin/bash'],
      'echo piped\nexit 0\n',
    );
    assert.equal(r.stdout, 'piped\n');
    assert.equal(r.code, 0);
  } finally {
    off();
  }
  assert.ok(
    seen.some((e) => e.name === 'bash' && e.podName === pod),
    `a bash process event for ${pod}: ${JSON.stringify(seen.map((e) => e.name))}`,
  );
});

test('kubectl 1.27 (SPDY) reports a binary the container cannot start', {
  skip: !has('1.27') && 'no kubectl 1.27',
}, async () => {
  const r = await kubectl('1.27', env, ['exec', pod, '-c', 'visa-processor', '--', '/bin/zsh']);
  assert.match(r.stderr, /OCI runtime exec failed: .*stat \/bin\/zsh: no such file or directory/);
  assert.notEqual(r.code, 0);
});

for (const version of ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33']) {
  test(`kubectl ${version} with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false execs over SPDY`, {
    skip: !has(version) && `no kubectl ${version}`,
  }, async () => {
    const r = await kubectl(
      version,
      env,
      ['exec', pod, '-c', 'visa-processor', '--', '/bin/bash', '-c', 'echo hi; exit 3'],
      undefined,
      spdyOff,
    );
    assert.equal(r.stdout, 'hi\n');
    assert.equal(r.code, 3);
    // Proof it was SPDY: a POST needs `create`, so a user with only `get` is refused.
    const asGetter = await kubectlEnv(api, EXEC_GETTER.token);
    try {
      const refused = await kubectl(
        version,
        asGetter,
        ['exec', pod, '-c', 'visa-processor', '--', '/bin/true'],
        undefined,
        spdyOff,
      );
      assert.match(refused.stderr, /cannot create resource "pods\/exec"/);
    } finally {
      await asGetter.cleanup();
    }
  });
}

/** kubectl under script(1), so it has a terminal and `-t` gives a real TTY session. */
function kubectlInPty(version: string, args: string[], input: string): Promise<RunResult> {
  // The pty's size is set first: kubectl sends it as the first resize message.
  const line = `stty cols 100 rows 30; ${[join(KUBECTL_DIR, `kubectl.${version}`), ...args].map((a) => `'${a}'`).join(' ')}`;
  return new Promise((resolve) => {
    const child = execFile(
      'script',
      ['-qec', line, '/dev/null'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: env.dir,
          KUBECONFIG: env.kubeconfig,
          KUBECACHEDIR: join(env.dir, 'cache'),
          TERM: 'xterm',
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    // Typed a little after start, as a person would: the session must be up to echo it.
    setTimeout(() => child.stdin?.write(input), 1500);
  });
}

test('kubectl 1.27 (SPDY) interactive tty session shows the prompt, runs commands and gets the terminal size', {
  skip: (!has('1.27') && 'no kubectl 1.27') || (!existsSync('/usr/bin/script') && 'no script(1)'),
}, async () => {
  const r = await kubectlInPty(
    '1.27',
    ['exec', '-it', pod, '-c', 'visa-processor', '--', '/bin/bash'],
    'echo tty-works\rstty size\rexit 4\r',
  );
  assert.match(r.stdout, /tomcat@visa-processor-[a-z0-9]+-[a-z0-9]+:\/usr\/local\/tomcat\$ /);
  // The typed line is echoed back by the tty, then the command's own output line follows.
  assert.match(r.stdout, /\r\ntty-works\r\n/);
  assert.match(r.stdout, /\r\n30 100\r\n/, 'the resize stream set the size');
  assert.equal(r.code, 4);
});
