// The resource types this API server serves, shared by routing, discovery and Table output.

export interface SubresourceDef {
  name: string;
  kind: string;
  verbs: string[];
}

export interface ResourceDef {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources: SubresourceDef[];
  /** Field selectors the server accepts for lists and watches. */
  fieldSelectors: string[];
}

const CRUD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const META_FIELDS = ['metadata.name', 'metadata.namespace'];

export const NAMESPACES: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'namespaces',
  singular: 'namespace',
  kind: 'Namespace',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: ['ns'],
  subresources: [{ name: 'status', kind: 'Namespace', verbs: ['get', 'patch', 'update'] }],
  fieldSelectors: [...META_FIELDS, 'status.phase'],
};

export const PODS: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'pods',
  singular: 'pod',
  kind: 'Pod',
  namespaced: true,
  verbs: CRUD_VERBS,
  shortNames: ['po'],
  categories: ['all'],
  subresources: [
    { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', verbs: ['get'] },
    { name: 'status', kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  ],
  fieldSelectors: [
    ...META_FIELDS,
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
  ],
};

export const DEPLOYMENTS: ResourceDef = {
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  singular: 'deployment',
  kind: 'Deployment',
  namespaced: true,
  verbs: CRUD_VERBS,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: [
    { name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
    { name: 'status', kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
  ],
  fieldSelectors: META_FIELDS,
};

export const REPLICASETS: ResourceDef = {
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  singular: 'replicaset',
  kind: 'ReplicaSet',
  namespaced: true,
  verbs: CRUD_VERBS,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: [{ name: 'status', kind: 'ReplicaSet', verbs: ['get', 'patch', 'update'] }],
  fieldSelectors: [...META_FIELDS, 'status.replicas'],
};

export const SECURITY_POLICIES: ResourceDef = {
  group: 'config.stackrox.io',
  version: 'v1alpha1',
  plural: 'securitypolicies',
  singular: 'securitypolicy',
  kind: 'SecurityPolicy',
  namespaced: true,
  verbs: CRUD_VERBS,
  shortNames: ['sp'],
  subresources: [{ name: 'status', kind: 'SecurityPolicy', verbs: ['get', 'patch', 'update'] }],
  fieldSelectors: META_FIELDS,
};

export const CONFIGMAPS: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'configmaps',
  singular: 'configmap',
  kind: 'ConfigMap',
  namespaced: true,
  verbs: CRUD_VERBS,
  shortNames: ['cm'],
  subresources: [],
  fieldSelectors: META_FIELDS,
};

export const SERVICES: ResourceDef = {
  group: '',
  version: 'v1',
  plural: 'services',
  singular: 'service',
  kind: 'Service',
  namespaced: true,
  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
  shortNames: ['svc'],
  categories: ['all'],
  subresources: [
    { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    { name: 'status', kind: 'Service', verbs: ['get', 'patch', 'update'] },
  ],
  fieldSelectors: META_FIELDS,
};

/** kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1: no short name, no subresources. */
export const LEASES: ResourceDef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  plural: 'leases',
  singular: 'lease',
  kind: 'Lease',
  namespaced: true,
  verbs: CRUD_VERBS,
  subresources: [],
  fieldSelectors: META_FIELDS,
};

// OpenShift's project API (openshift/api project/v1; docs.redhat.com OpenShift "Project APIs"): a
// Project is a view of a namespace, a ProjectRequest the self-service way to create one.
export const PROJECTS: ResourceDef = {
  group: 'project.openshift.io',
  version: 'v1',
  plural: 'projects',
  singular: 'project',
  kind: 'Project',
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  fieldSelectors: [...META_FIELDS, 'status.phase'],
};

export const PROJECT_REQUESTS: ResourceDef = {
  group: 'project.openshift.io',
  version: 'v1',
  plural: 'projectrequests',
  singular: 'projectrequest',
  kind: 'ProjectRequest',
  namespaced: false,
  verbs: ['create', 'list'],
  subresources: [],
  fieldSelectors: META_FIELDS,
};

/** Served only by an OpenShift API server (KubeApiOptions.projectApi). */
export const OPENSHIFT_RESOURCES: readonly ResourceDef[] = [PROJECTS, PROJECT_REQUESTS];

export const ALL_RESOURCES: ResourceDef[] = [
  NAMESPACES,
  PODS,
  CONFIGMAPS,
  SERVICES,
  DEPLOYMENTS,
  REPLICASETS,
  SECURITY_POLICIES,
  LEASES,
  ...OPENSHIFT_RESOURCES,
];

export function groupVersion(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The store key and message name: `pods`, `deployments.apps`. */
export function storeKey(def: ResourceDef): string {
  return def.group ? `${def.plural}.${def.group}` : def.plural;
}

export function findResource(group: string, version: string, plural: string): ResourceDef | undefined {
  return ALL_RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}
