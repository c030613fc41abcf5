// A KUBECONFIG path list merged as kubectl merges it. client-node's own loadFromDefault throws on a
// missing file and on a name two files share, and lets the last file's current-context win; kubectl
// (client-go tools/clientcmd/loader.go, ClientConfigLoadingRules.Load, and
// https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/#merging-kubeconfig-files):
// - skips empty names, missing files and a path listed twice (deduplicate);
// - "the first file to set a particular map key wins": a cluster, user or context is taken whole
//   from the first file that names it, even fields the later file alone sets are discarded;
// - the first file to set current-context wins.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';

export interface KubeconfigList {
  kc: KubeConfig;
  /** The files that were read, in order. */
  loaded: string[];
  /** Listed files that do not exist (kubectl skips them too). */
  missing: string[];
}

export function loadKubeconfigList(list: string): KubeconfigList {
  const paths = [...new Set(list.split(delimiter).filter((p) => p !== ''))];
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  const loaded: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) {
      missing.push(path);
      continue;
    }
    loaded.push(path);
    // client-go: an empty file is an empty config, not an error.
    if (readFileSync(path, 'utf8').trim() === '') continue;
    const one = new KubeConfig();
    // loadFromFile resolves the file's relative paths against its own folder, as client-go does.
    one.loadFromFile(path);
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    const current = one.getCurrentContext();
    if (currentContext === undefined && typeof current === 'string' && current !== '')
      currentContext = current;
  }
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext: currentContext ?? '',
  });
  return { kc, loaded, missing };
}
