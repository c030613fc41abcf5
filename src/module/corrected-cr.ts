// The module's CR done right, derived from the text's own CR: the fields the API server named as
// unknown are dropped (F1), the CR goes to Central's namespace (F9), and spec.notifiers lists every
// integration the module creates (F2: notifiers attached only in the console are dropped at the
// next resync). Nothing else of the author's CR changes, so editing the guide's CR changes what is
// verified.

import { strictDecodingFields } from '../diagnose/detect-policy.ts';
import type { KubeClient } from '../kube/index.ts';
import { inNamespace } from './central-namespace.ts';
import type { ModuleModel } from './model.ts';

export interface CorrectedCr {
  object: Record<string, unknown>;
  /** One line per change, for the step's title and the report ("removed spec.SORTName", ...). */
  changes: string[];
}

export interface Corrections {
  /** The fields a strict dry run named, as the API server writes them (`spec.scope[0].label`). */
  unknownFields: readonly string[];
  namespace: string;
  /** The namespace the text's apply command names (`oc apply -n stackrox`), used when the CR names none. */
  appliedIn?: string;
  notifiers: readonly string[];
}

export function correctCr(cr: Record<string, unknown>, fix: Corrections): CorrectedCr {
  const object = structuredClone(cr);
  const changes: string[] = [];
  for (const field of fix.unknownFields) {
    if (removePath(object, field)) changes.push(`removed ${field} (not in the CRD)`);
  }
  const metadata = record(object, 'metadata');
  const textNamespace = metadata.namespace ?? fix.appliedIn;
  if (textNamespace !== fix.namespace) {
    changes.push(
      textNamespace === undefined
        ? `set metadata.namespace to ${fix.namespace}`
        : `moved from namespace ${String(textNamespace)} to ${fix.namespace}`,
    );
  }
  metadata.namespace = fix.namespace;
  const spec = record(object, 'spec');
  const had = Array.isArray(spec.notifiers) ? spec.notifiers.map(String) : [];
  const missing = fix.notifiers.filter((n) => !had.includes(n));
  if (missing.length > 0) {
    spec.notifiers = [...had, ...missing];
    changes.push(`added spec.notifiers ${missing.join(', ')}`);
  }
  return { object, changes };
}

function record(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = parent[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return value as Record<string, unknown>;
  const fresh: Record<string, unknown> = {};
  parent[key] = fresh;
  return fresh;
}

/** Deletes `spec.scope[0].label` from the object; false when the path is not there. */
function removePath(root: Record<string, unknown>, path: string): boolean {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let node: unknown = root;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys.at(-1);
  if (last === undefined || node === null || typeof node !== 'object' || !(last in node)) return false;
  delete (node as Record<string, unknown>)[last];
  return true;
}

type Applier = Pick<KubeClient, 'applySecurityPolicy'>;

export interface DryRun {
  /** The API server's refusal, when it refused. */
  error?: unknown;
  /** The fields a strict-validation refusal named. */
  unknownFields: string[];
}

/** `oc apply --dry-run=server` of the CR as the text has it: what the server says, changing nothing. */
export async function dryRunApply(
  kube: Applier,
  cr: Record<string, unknown>,
  opts: { namespace: string; fieldManager: string },
): Promise<DryRun> {
  try {
    // In Central's namespace whatever the text's CR names: the dry run asks for strict validation
    // (F1); a text whose namespace is not Central's is F9, which verify reports on its own.
    await kube.applySecurityPolicy(inNamespace(cr, opts.namespace), { ...opts, dryRun: true });
    return { unknownFields: [] };
  } catch (error) {
    return { error, unknownFields: strictDecodingFields(error) };
  }
}

/** The module's CR corrected by what a dry run of it says (solve's path; verify records the dry run as its own step). */
export async function correctedModuleCr(
  kube: Applier,
  model: Pick<ModuleModel, 'cr'>,
  opts: { namespace: string; fieldManager: string; notifiers: readonly string[] },
): Promise<CorrectedCr> {
  const dry = await dryRunApply(kube, model.cr.object, opts);
  return correctCr(model.cr.object, {
    unknownFields: dry.unknownFields,
    namespace: opts.namespace,
    ...(model.cr.namespace === undefined ? {} : { appliedIn: model.cr.namespace }),
    notifiers: opts.notifiers,
  });
}
