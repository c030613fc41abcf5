// The module's SecurityPolicy, corrected (reference/securitypolicy-cr.md): no SORT*/policyVersion
// fields (F1), in Central's namespace (F9), with spec.notifiers (F2).

import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { HarnessError } from '../errors.ts';
import { inNamespace } from '../module/central-namespace.ts';

export const CORRECTED_CR_FILE = 'module/no-bash-allowed.yaml';

export function correctedCr(namespace: string, notifiers: string[]): Record<string, unknown> {
  return {
    apiVersion: 'config.stackrox.io/v1alpha1',
    kind: 'SecurityPolicy',
    metadata: { name: 'no-bash-allowed', namespace },
    spec: {
      policyName: 'No bash allowed',
      description: 'Privilege escalation technique',
      remediation: 'Uninstall during container build',
      categories: ['Anomalous Activity'],
      lifecycleStages: ['RUNTIME'],
      eventSource: 'DEPLOYMENT_EVENT',
      scope: [{ namespace: 'payments' }],
      severity: 'HIGH_SEVERITY',
      notifiers,
      policySections: [
        {
          policyGroups: [
            { fieldName: 'Process Name', booleanOperator: 'OR', negate: false, values: [{ value: 'bash' }] },
          ],
        },
      ],
    },
  };
}

/**
 * The CR to apply: the file when it exists (MODULE_CR_FILE or the module's corrected YAML), else the
 * corrected CR built here. Its namespace is set to Central's.
 */
export function loadPolicyCr(
  file: string | undefined,
  namespace: string,
  notifiers: string[],
): { object: Record<string, unknown>; source: string } {
  const path = file ?? CORRECTED_CR_FILE;
  if (!existsSync(path)) {
    if (file !== undefined) {
      throw new HarnessError({
        code: 'CONFIG_INVALID',
        what: 'Reading the SecurityPolicy to apply',
        cause: `${file} does not exist`,
        fix: 'point MODULE_CR_FILE at the corrected YAML, or unset it',
      });
    }
    return { object: correctedCr(namespace, notifiers), source: 'the corrected CR (built in)' };
  }
  let object: unknown;
  try {
    object = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new HarnessError({
      code: 'BAD_MANIFEST',
      what: `Reading ${path}`,
      cause: e instanceof Error ? e.message : String(e),
      fix: 'fix the YAML (indentation is the usual culprit)',
    });
  }
  if (object === null || typeof object !== 'object') {
    throw new HarnessError({
      code: 'BAD_MANIFEST',
      what: `Reading ${path}`,
      cause: 'it holds no object',
      fix: 'put one SecurityPolicy manifest in the file',
    });
  }
  return { object: inNamespace(object as Record<string, unknown>, namespace), source: path };
}
