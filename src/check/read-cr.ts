// Finds the SecurityPolicy CR behind the module's policy, read-only.

import { CustomObjectsApi } from '@kubernetes/client-node';
import type { Policy } from '../../types/rhacs.ts';
import { describeError, isHarnessError } from '../errors.ts';
import {
  type KubeClient,
  type SecurityPolicyObject,
  SP_GROUP,
  SP_PLURAL,
  SP_VERSION,
} from '../kube/index.ts';
import { GUIDE_CR_NAMESPACE } from '../module/central-namespace.ts';
import type { CrEvidence, ModuleNames } from './state.ts';

function manages(cr: SecurityPolicyObject, names: ModuleNames, policy: Policy | undefined): boolean {
  if (policy !== undefined && cr.status?.policyId === policy.id) return true;
  return cr.spec.policyName === names.policyName;
}

/** The module's CR (by its name, else any CR in Central's namespace that manages the policy). */
export async function readPolicyCr(
  kube: KubeClient,
  names: ModuleNames,
  policy: Policy | undefined,
): Promise<CrEvidence> {
  try {
    const byName = await kube.getSecurityPolicy(names.centralNamespace, names.policyCrName);
    if (byName !== undefined && manages(byName, names, policy)) return { found: true, object: byName };
    if (policy?.source !== 'DECLARATIVE') return { found: false };
    const list = (await kube.kubeConfig.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({
      group: SP_GROUP,
      version: SP_VERSION,
      namespace: names.centralNamespace,
      plural: SP_PLURAL,
    })) as { items?: SecurityPolicyObject[] };
    const match = (list.items ?? []).find((cr) => manages(cr, names, policy));
    return match ? { found: true, object: match } : { found: false };
  } catch (e) {
    if (isHarnessError(e) && e.code === 'CRD_MISSING') return { found: false };
    const message = isHarnessError(e) ? e.cause : describeError(e);
    return { found: false, error: message.slice(0, 300) };
  }
}

/**
 * The module's CR in the namespace the module applies it to, when that is not Central's: there the
 * config-controller never reconciles it. One read; undefined when absent or unreadable.
 */
export async function readStrayCr(
  kube: KubeClient,
  names: ModuleNames,
): Promise<SecurityPolicyObject | undefined> {
  if (names.centralNamespace === GUIDE_CR_NAMESPACE) return undefined;
  try {
    return await kube.getSecurityPolicy(GUIDE_CR_NAMESPACE, names.policyCrName);
  } catch {
    return undefined;
  }
}
