// Which rule refused an exec (403), read from the API server's Status message (real-cluster.md
// section 9). RBAC wording: k8s.io/apiserver pkg/endpoints/handlers/responsewriters/errors.go
// (`... is forbidden: User "u" cannot <verb> resource "pods/exec" in API group "" in the namespace "ns"`);
// SCC wording: OpenShift's exec admission (openshift/origin#11549, #16092, #8823).

export interface ExecForbiddenExplanation {
  cause: string;
  fix: string;
}

const RBAC = /User "([^"]+)" cannot (\w+) resource "pods\/exec"/;
const SCC = /exec operation is not allowed because the pod's security context exceeds your permissions/;

export function explainExecForbidden(
  serverMessage: string | undefined,
  namespace: string,
): ExecForbiddenExplanation {
  const said = serverMessage ? `: ${serverMessage}` : '';
  if (serverMessage && SCC.test(serverMessage)) {
    return {
      cause: `OpenShift's exec admission refused the exec (403 Forbidden${said}): the pod runs with a security context (the privileged SCC) that your user may not use, so even \`pods/exec\` is not enough`,
      fix: `exec as a cluster admin or as a user allowed the privileged SCC: a cluster admin can grant it with \`oc create rolebinding scc-privileged --clusterrole=system:openshift:scc:privileged --user=<you> -n ${namespace}\` (the ClusterRole that allows \`use\` of the privileged SCC; \`oc adm policy add-scc-to-user privileged -z <sa>\` is for service accounts, not for you)`,
    };
  }
  const rbac = serverMessage ? RBAC.exec(serverMessage) : null;
  const user = rbac?.[1] ?? '<you>';
  const grant = `\`oc create role pod-exec --verb=get,create --resource=pods/exec -n ${namespace}\` and \`oc create rolebinding pod-exec --role=pod-exec --user=${user} -n ${namespace}\``;
  if (rbac?.[2] === 'get') {
    return {
      cause: `RBAC refused the exec (403 Forbidden${said}): the user lacks \`get\` on \`pods/exec\` in namespace ${namespace}, the verb of a WebSocket exec (a GET)`,
      fix: `grant it (with \`create\` too, which SPDY clients and Kubernetes 1.35+ need), e.g. ${grant}`,
    };
  }
  if (rbac?.[2] === 'create') {
    return {
      cause: `RBAC refused the exec (403 Forbidden${said}): the user lacks \`create\` on \`pods/exec\` in namespace ${namespace}, which Kubernetes 1.35+ requires for a WebSocket exec as well as \`get\` (AuthorizePodWebsocketUpgradeCreatePermission, KEP-4006)`,
      fix: `grant both verbs, e.g. ${grant}`,
    };
  }
  return {
    cause: `the API server refused the exec (403 Forbidden${said}); the message names neither an RBAC verb nor the SCC, so the refusing rule is unknown (an admission webhook or another authoriser)`,
    fix: `check the message above; a user needs \`get\` and \`create\` on \`pods/exec\` (${grant}) and, for a privileged pod, the privileged SCC`,
  };
}
