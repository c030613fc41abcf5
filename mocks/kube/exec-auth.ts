import { ApiError, forbidden } from './status.ts';

/** The verbs RBAC may grant on `pods/exec`. */
export type ExecVerb = 'get' | 'create';

export interface ExecAuthSubject {
  name: string;
  /** Verbs this user holds on `pods/exec` in every namespace (lab simplification: no per-namespace roles). */
  execVerbs: readonly ExecVerb[];
  /** Whether the user may use the `privileged` SCC (cluster admins, users bound to system:openshift:scc:privileged). */
  privilegedScc?: boolean;
}

export interface ExecAuthRequest {
  /** GET (WebSocket) or POST (SPDY). */
  method: string;
  pod: string;
  namespace: string;
  /** Minor version of the Kubernetes the lab serves (1.x). */
  kubernetesMinor: number;
  /** Whether the pod's security context needs the privileged SCC (the real visa-processor does). */
  podPrivileged: boolean;
}

/**
 * The verbs an exec request needs. Source: kubernetes.io/docs/reference/access-authn-authz/authorization
 * (request verbs: GET -> get, POST -> create); from 1.35 a WebSocket (GET) exec also needs `create`
 * (feature gate AuthorizePodWebsocketUpgradeCreatePermission, KEP-4006, kubernetes/kubernetes#78741;
 * reference real-cluster.md section 9).
 */
export function requiredExecVerbs(method: string, kubernetesMinor: number): ExecVerb[] {
  if (method.toUpperCase() === 'POST') return ['create'];
  return kubernetesMinor >= 35 ? ['get', 'create'] : ['get'];
}

/** Throws the 403 a real OpenShift API server answers, RBAC first, then the SCC exec admission. */
export function authorizeExec(user: ExecAuthSubject | undefined, req: ExecAuthRequest): void {
  const name = user?.name ?? 'system:anonymous';
  for (const verb of requiredExecVerbs(req.method, req.kubernetesMinor)) {
    if (!user?.execVerbs.includes(verb)) {
      throw forbidden({
        user: name,
        verb,
        resource: { group: '', plural: 'pods' },
        subresource: 'exec',
        name: req.pod,
        namespace: req.namespace,
      });
    }
  }
  if (req.podPrivileged && !user?.privilegedScc) throw sccExecForbidden(req.pod);
}

/**
 * OpenShift's exec admission (SCCExecRestrictions, openshift/apiserver-library-go
 * pkg/securitycontextconstraints/sccadmission/scc_exec.go) re-validates the pod against the SCCs the
 * requesting user may use; wording from openshift/origin#11549, #16092, #8823. The bracketed list of
 * per-SCC reasons is abbreviated here (guess at its exact content for this pod).
 */
function sccExecForbidden(pod: string): ApiError {
  return new ApiError(
    403,
    'Forbidden',
    `pods "${pod}" is forbidden: exec operation is not allowed because the pod's security context exceeds your permissions: unable to validate against any security context constraint: [provider "anyuid": Forbidden: not usable by user or serviceaccount, spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed, provider "restricted-v2": Forbidden: not usable by user or serviceaccount]`,
    { name: pod, kind: 'pods' },
  );
}
