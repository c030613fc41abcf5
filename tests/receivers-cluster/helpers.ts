// Shared setup: the embedded lab reached like a real cluster (a kubeconfig and ROX_ENDPOINT).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../mocks/lab.ts';
import type { NotifierInput } from '../../src/central/client.ts';
import { type HarnessConfig, loadConfig } from '../../src/config.ts';

/** A kubeconfig for the lab's Kubernetes API, as its admin unless another user's token is given. */
export function writeKubeconfig(lab: Lab, token = lab.tokens.admin): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'receivers-cluster-'));
  const path = join(dir, 'kubeconfig');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- {name: lab, cluster: {server: '${lab.kube.url}', insecure-skip-tls-verify: true}}`,
      'users:',
      `- {name: admin, user: {token: '${token}'}}`,
      'contexts:',
      '- {name: lab, context: {cluster: lab, user: admin}}',
      'current-context: lab',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function harnessConfig(lab: Lab, kubeconfig: string): HarnessConfig {
  return loadConfig({
    KUBECONFIG: kubeconfig,
    ROX_ENDPOINT: lab.env.ROX_ENDPOINT ?? '',
    ROX_API_TOKEN: lab.env.ROX_API_TOKEN ?? '',
  });
}

export function notifier(
  name: string,
  type: 'slack' | 'teams',
  url: string,
  uiEndpoint: string,
): NotifierInput {
  return { name, type, labelDefault: url, labelKey: '', uiEndpoint, notifierSecret: '', traits: null };
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
