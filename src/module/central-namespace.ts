// Central's namespace, where the module's SecurityPolicy must go: the config-controller reconciles
// CRs in its own namespace only (stackrox config-controller/main.go, cache DefaultNamespaces =
// POD_NAMESPACE), and the operator installs Central in its Central resource's namespace, which need
// not be the module's stackrox. Verify, check and solve all place the CR by these rules.

/** Where the module applies its CR: `cat <<EOF | oc apply -n stackrox -f -` (module text, shared/module/notifications.txt). */
export const GUIDE_CR_NAMESPACE = 'stackrox';

/** A copy of a manifest with metadata.namespace set to `namespace` (the file may name another, or none). */
export function inNamespace(manifest: Record<string, unknown>, namespace: string): Record<string, unknown> {
  const copy = structuredClone(manifest) as { metadata?: Record<string, unknown> };
  copy.metadata = { ...(copy.metadata ?? {}), namespace };
  return copy as Record<string, unknown>;
}
