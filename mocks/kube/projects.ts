// OpenShift's project API over the lab's namespaces, for a user without cluster-admin. Sources:
// openshift/openshift-apiserver pkg/project/apiserver/registry/projectrequest/delegated/delegated.go
// (Create: forbidden names and prefixes, AlreadyExists as project.project.openshift.io, the project
// template's parameters; List: a Status telling whether the user may request projects) and
// sample_template.go (the default template: annotations openshift.io/description, display-name and
// requester, and an admin RoleBinding for the requester); registry/project/proxy/proxy.go (a Project
// is the namespace's metadata, spec and status; Delete answers a Status Success and deletes the
// namespace). Lab simplifications: every authenticated user has the default self-provisioner role
// (OpenShift binds it to system:authenticated:oauth), and the requester's admin RoleBinding is implied
// (the lab has no per-namespace RBAC), so the requester may delete the project it requested.
import type { KubeObject } from '../contract.ts';
import type { ObjectWrites } from './object-writes.ts';
import { NAMESPACES, storeKey } from './resources.ts';
import { ApiError, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';

const FORBIDDEN_NAMES = ['openshift', 'kubernetes', 'kube'];
const FORBIDDEN_PREFIXES = ['openshift-', 'kubernetes-', 'kube-'];
const PROJECT = { group: 'project.openshift.io', plural: 'projects' };

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

function projectForbidden(name: string, why: string): ApiError {
  return new ApiError(403, 'Forbidden', `project.project.openshift.io "${name}" is forbidden: ${why}`, {
    name,
    group: 'project.openshift.io',
    kind: 'project',
  });
}

export function projectOf(namespace: KubeObject): KubeObject {
  return {
    kind: 'Project',
    apiVersion: 'project.openshift.io/v1',
    metadata: structuredClone(namespace.metadata),
    spec: structuredClone(namespace.spec ?? {}),
    status: structuredClone(namespace.status ?? {}),
  } as KubeObject;
}

export class Projects {
  constructor(
    private readonly store: ObjectStore,
    private readonly objectWrites: ObjectWrites,
  ) {}

  /** POST projectrequests by `requester`: the namespace the default project template makes. */
  request(requester: string, body: unknown): KubeObject {
    const meta = isRec(body) && isRec(body.metadata) ? body.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    for (const forbidden of FORBIDDEN_NAMES)
      if (name === forbidden)
        throw projectForbidden(name, `cannot request a project with the name "${forbidden}"`);
    for (const prefix of FORBIDDEN_PREFIXES)
      if (name.startsWith(prefix))
        throw projectForbidden(name, `cannot request a project starting with "${prefix}"`);
    if (this.store.get(storeKey(NAMESPACES), '', name))
      throw new ApiError(409, 'AlreadyExists', `project.project.openshift.io "${name}" already exists`, {
        name,
        group: PROJECT.group,
        kind: 'project',
      });
    const text = (key: string) => (isRec(body) && typeof body[key] === 'string' ? (body[key] as string) : '');
    const namespace = this.objectWrites.create(NAMESPACES, undefined, {
      metadata: {
        name,
        annotations: {
          'openshift.io/description': text('description'),
          'openshift.io/display-name': text('displayName'),
          'openshift.io/requester': requester,
        },
      },
    });
    return projectOf(namespace);
  }

  get(name: string): KubeObject {
    const namespace = this.store.get(storeKey(NAMESPACES), '', name);
    if (!namespace) throw notFound({ group: PROJECT.group, plural: PROJECT.plural }, name);
    return projectOf(namespace);
  }

  list(): KubeObject[] {
    return this.store.list(storeKey(NAMESPACES)).map(projectOf);
  }

  delete(name: string): Rec {
    if (!this.store.get(storeKey(NAMESPACES), '', name))
      throw notFound({ group: PROJECT.group, plural: PROJECT.plural }, name);
    this.objectWrites.delete(NAMESPACES, '', name);
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  }
}
