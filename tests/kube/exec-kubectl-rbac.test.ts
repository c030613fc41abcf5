// Real kubectl against the lab's exec authorisation: a user with only `get` on pods/exec can exec over
// WebSocket (kubectl 1.30+ default) but not over SPDY (kubectl 1.27-1.29, a POST needing `create`).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeApi } from '../../mocks/kube/server.ts';
import {
  EXEC_GETTER,
  KUBECTL_DIR,
  type KubectlEnv,
  kubectl,
  kubectlEnv,
  startTestApi,
} from './api-helpers.ts';

const has = (v: string) => existsSync(join(KUBECTL_DIR, `kubectl.${v}`));
let api: KubeApi;
let env: KubectlEnv;
let pod: string;

before(async () => {
  api = await startTestApi();
  env = await kubectlEnv(api, EXEC_GETTER.token);
  const res = await fetch(`${api.url}/api/v1/namespaces/payments/pods?labelSelector=app%3Dvisa-processor`, {
    headers: { Authorization: `Bearer ${EXEC_GETTER.token}` },
  });
  pod = ((await res.json()) as { items: { metadata: { name: string } }[] }).items[0]?.metadata.name ?? '';
});
after(async () => {
  await env.cleanup();
  await api.close();
});

test('kubectl 1.33 (WebSocket, GET) execs with only get on pods/exec', {
  skip: !has('1.33') && 'no kubectl 1.33',
}, async () => {
  const r = await kubectl('1.33', env, ['exec', pod, '--', '/bin/bash', '-c', 'echo hi; exit 3']);
  assert.equal(r.stdout, 'hi\n');
  assert.equal(r.code, 3);
});

test('kubectl 1.27 (SPDY, POST) is refused with the real create message', {
  skip: !has('1.27') && 'no kubectl 1.27',
}, async () => {
  const r = await kubectl('1.27', env, ['exec', pod, '--', '/bin/true']);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    new RegExp(
      `Error from server \\(Forbidden\\): pods "${pod}" is forbidden: User "getter" cannot create resource "pods/exec" in API group "" in the namespace "payments"`,
    ),
  );
});
