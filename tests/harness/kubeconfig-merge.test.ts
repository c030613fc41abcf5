// A KUBECONFIG list merges as kubectl merges it (client-go tools/clientcmd/loader.go
// ClientConfigLoadingRules.Load; https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files):
// the first file to set a map key (a cluster, user or context name) wins and its entry is taken
// whole; the first file to set current-context wins; missing and repeated files are skipped.
// The same files go through a real kubectl when one is installed, and the harness must pick what it picks.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { loadKubeConfig } from '../../src/kube/index.ts';
import { rejection } from '../support/rejection.ts';

const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

function files(): { list: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kc-merge-'));
  // a.yaml sets no current-context; b.yaml is the first that does; c.yaml's comes too late.
  writeFileSync(
    join(dir, 'a.yaml'),
    `apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: 'https://a.example.test:6443', certificate-authority: ca-a.pem}
users:
- name: shared-user
  user: {token: token-from-a}
contexts:
- name: both
  context: {cluster: shared, user: shared-user, namespace: from-a}
`,
  );
  writeFileSync(
    join(dir, 'b.yaml'),
    `apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster: {server: 'https://b.example.test:6443', proxy-url: 'http://proxy-b.example.test:3128'}
- name: only-b
  cluster: {server: 'https://only-b.example.test:6443'}
users:
- name: shared-user
  user: {token: token-from-b, username: ignored-too}
- name: b-user
  user: {token: token-b}
contexts:
- name: both
  context: {cluster: only-b, user: b-user}
- name: ctx-b
  context: {cluster: only-b, user: b-user}
current-context: ctx-b
`,
  );
  writeFileSync(
    join(dir, 'c.yaml'),
    `apiVersion: v1
kind: Config
clusters: []
users: []
contexts:
- name: ctx-c
  context: {cluster: shared, user: shared-user}
current-context: ctx-c
`,
  );
  const list = [
    join(dir, 'a.yaml'),
    join(dir, 'missing.yaml'),
    '',
    join(dir, 'b.yaml'),
    join(dir, 'a.yaml'),
    join(dir, 'c.yaml'),
  ].join(delimiter);
  return { list, dir };
}

describe('a KUBECONFIG list of several files', () => {
  it('keeps the first file’s entry for a repeated name and the first current-context', () => {
    const { list, dir } = files();
    const kc = loadKubeConfig(list, undefined);
    assert.equal(kc.getCurrentContext(), 'ctx-b');
    assert.deepEqual(
      kc.getContexts().map((c) => c.name),
      ['both', 'ctx-b', 'ctx-c'],
    );
    const both = kc.getContextObject('both');
    assert.equal(both?.cluster, 'shared');
    assert.equal(both?.namespace, 'from-a');
    const shared = kc.getCluster('shared');
    assert.equal(shared?.server, 'https://a.example.test:6443');
    // a's entry is taken whole: b's proxy-url for the same name is discarded.
    assert.equal(shared?.proxyUrl, undefined);
    // Relative paths resolve against the file that holds them.
    assert.equal(shared?.caFile, join(dir, 'ca-a.pem'));
    const user = kc.getUser('shared-user');
    assert.equal(user?.token, 'token-from-a');
    assert.equal(user?.username, undefined);
    assert.equal(kc.getCurrentCluster()?.server, 'https://only-b.example.test:6443');
  });

  it('lets KUBE_CONTEXT choose any merged context', () => {
    const kc = loadKubeConfig(files().list, 'ctx-c');
    assert.equal(kc.getCurrentCluster()?.server, 'https://a.example.test:6443');
  });

  it('picks what kubectl picks', { skip: existsSync(KUBECTL) ? false : `no kubectl at ${KUBECTL}` }, () => {
    const { list } = files();
    const env = { ...process.env, KUBECONFIG: list };
    const current = execFileSync(KUBECTL, ['config', 'current-context'], { env, encoding: 'utf8' }).trim();
    const merged = JSON.parse(
      execFileSync(KUBECTL, ['config', 'view', '--merge', '--raw', '-o', 'json'], { env, encoding: 'utf8' }),
    ) as {
      clusters: { name: string; cluster: { server: string; 'proxy-url'?: string } }[];
      users: { name: string; user: { token?: string; username?: string } }[];
      contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
    };
    const kc = loadKubeConfig(list, undefined);
    assert.equal(kc.getCurrentContext(), current);
    const byName = <T extends { name: string }>(xs: T[]) =>
      [...xs].sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      byName(kc.getClusters()).map((c) => ({ name: c.name, server: c.server, proxy: c.proxyUrl })),
      byName(merged.clusters).map((c) => ({
        name: c.name,
        server: c.cluster.server,
        proxy: c.cluster['proxy-url'],
      })),
    );
    assert.deepEqual(
      byName(kc.getUsers()).map((u) => ({ name: u.name, token: u.token, username: u.username })),
      byName(merged.users).map((u) => ({ name: u.name, token: u.user.token, username: u.user.username })),
    );
    assert.deepEqual(
      byName(kc.getContexts()).map((c) => ({
        name: c.name,
        cluster: c.cluster,
        user: c.user,
        ns: c.namespace,
      })),
      byName(merged.contexts).map((c) => ({
        name: c.name,
        cluster: c.context.cluster,
        user: c.context.user,
        ns: c.context.namespace,
      })),
    );
  });

  it('stops with the files named when none of them exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-merge-'));
    const list = [join(dir, 'x.yaml'), join(dir, 'y.yaml')].join(delimiter);
    const err = await rejection(Promise.resolve().then(() => loadKubeConfig(list, undefined)));
    assert.equal(err.code, 'KUBECONFIG_INVALID');
    assert.match(err.message, /x\.yaml.*y\.yaml/);
  });
});
