// The module's SecurityPolicy, corrected, read from the file the module ships
// (module/no-bash-allowed.yaml), so the tests apply the very CR the harness does.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const CORRECTED_CR = new URL('../../module/no-bash-allowed.yaml', import.meta.url);

export interface CorrectedCr {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: Record<string, unknown>;
}

/** A fresh copy on each call, so a test may change it. */
export function correctedCr(): CorrectedCr {
  return parse(readFileSync(CORRECTED_CR, 'utf8')) as CorrectedCr;
}
