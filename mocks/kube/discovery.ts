// Discovery documents (/version, /api, /apis, /api/v1, /apis/<group>/<version>) in their
// non-aggregated form: kubectl falls back to them when the aggregated Accept types get plain JSON.
import { ALL_RESOURCES, groupVersion, type ResourceDef } from './resources.ts';

export const SERVER_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.6',
  gitCommit: 'e1e2a1a2d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6',
  gitTreeState: 'clean',
  buildDate: '2026-10-01T00:00:00Z',
  goVersion: 'go1.22.12',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groups(served: readonly ResourceDef[]): Map<string, string[]> {
  const byGroup = new Map<string, string[]>();
  for (const r of served) {
    if (!r.group) continue;
    const versions = byGroup.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    byGroup.set(r.group, versions);
  }
  return byGroup;
}

export function apiGroupList(served: readonly ResourceDef[] = ALL_RESOURCES) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(served)].map(([name, versions]) => ({
      name,
      versions: versions.map((version) => ({ groupVersion: `${name}/${version}`, version })),
      preferredVersion: { groupVersion: `${name}/${versions[0]}`, version: versions[0] },
    })),
  };
}

export function apiGroup(group: string, served: readonly ResourceDef[] = ALL_RESOURCES) {
  const list = apiGroupList(served).groups.find((g) => g.name === group);
  return list ? { kind: 'APIGroup', apiVersion: 'v1', ...list } : undefined;
}

function resourceEntries(def: ResourceDef) {
  const main: Record<string, unknown> = {
    name: def.plural,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs: def.verbs,
  };
  if (def.shortNames) main.shortNames = def.shortNames;
  if (def.categories) main.categories = def.categories;
  main.storageVersionHash = Buffer.from(`${groupVersion(def)}/${def.kind}`)
    .toString('base64')
    .slice(0, 11);
  return [
    main,
    ...def.subresources.map((s) => ({
      name: `${def.plural}/${s.name}`,
      singularName: '',
      namespaced: def.namespaced,
      kind: s.kind,
      verbs: s.verbs,
    })),
  ];
}

/** The APIResourceList for `v1` or `<group>/<version>`, or undefined when not served. */
export function apiResourceList(gv: string, served: readonly ResourceDef[] = ALL_RESOURCES) {
  const defs = served.filter((r) => groupVersion(r) === gv);
  if (defs.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: defs.flatMap(resourceEntries),
  };
}
