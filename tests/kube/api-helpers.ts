// Shared by the API server tests: a lab API server, a kubeconfig for it, and kubectl runs.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeApi, type KubeUser, startKubeApi } from '../../mocks/kube/server.ts';

export const ADMIN: KubeUser = {
  name: 'admin',
  token: 'admin-token-0123456789',
  execVerbs: ['get', 'create'],
  privilegedScc: true,
};
/** May WebSocket-exec (get) but not SPDY-exec (create) on Kubernetes before 1.35. */
export const EXEC_GETTER: KubeUser = { name: 'getter', token: 'getter-token-0123456789', execVerbs: ['get'] };
export const VIEWER: KubeUser = { name: 'viewer', token: 'viewer-token-0123456789', execVerbs: [] };

export const KUBECTL_DIR = '/usr/lib/google-cloud-sdk/bin';
export const KUBECTL_VERSIONS = ['1.29', '1.33'].filter((v) => existsSync(join(KUBECTL_DIR, `kubectl.${v}`)));

export const SHARED = new URL('../../../shared/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
/** The module's CR as written, from the project's own copy (a clone may have no ../shared). */
export const AS_WRITTEN_CR = join(ROOT, 'module/no-bash-allowed.as-written.yaml');

/** The module's CR, corrected (the one at the end of securitypolicy-cr.md). */
export const CORRECTED_CR = `apiVersion: config.stackrox.io/v1alpha1
kind: SecurityPolicy
metadata:
  name: no-bash-allowed
  namespace: stackrox
spec:
  policyName: No bash allowed
  description: Privilege escalation technique
  remediation: Uninstall during container build
  categories: [Anomalous Activity]
  lifecycleStages: [RUNTIME]
  eventSource: DEPLOYMENT_EVENT
  scope:
  - namespace: payments
  severity: HIGH_SEVERITY
  notifiers: [slack-alerts, teams-alerts]
  policySections:
  - policyGroups:
    - fieldName: Process Name
      booleanOperator: OR
      negate: false
      values:
      - value: bash
`;

export function startTestApi(): Promise<KubeApi> {
  return startKubeApi({
    users: [ADMIN, VIEWER, EXEC_GETTER],
    clusterName: 'Production',
    clusterId: 'cluster-id-1',
  });
}

export interface KubectlEnv {
  dir: string;
  kubeconfig: string;
  cleanup(): Promise<void>;
}

export async function kubectlEnv(api: KubeApi, token = ADMIN.token): Promise<KubectlEnv> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-api-test-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: ${api.httpsUrl}
    insecure-skip-tls-verify: true
users:
- name: user
  user:
    token: ${token}
contexts:
- name: lab
  context: {cluster: lab, user: user, namespace: payments}
current-context: lab
`,
  );
  return { dir, kubeconfig, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function kubectl(
  version: string,
  env: KubectlEnv,
  args: string[],
  input?: string,
  extraEnv: Record<string, string> = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      join(KUBECTL_DIR, `kubectl.${version}`),
      args,
      {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: env.dir,
          KUBECONFIG: env.kubeconfig,
          KUBECACHEDIR: join(env.dir, 'cache'),
          ...extraEnv,
        },
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export function authHeaders(token = ADMIN.token, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${token}`, ...extra };
}

export const SP_PATH = '/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies';
