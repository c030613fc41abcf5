import { isHarnessError } from '../../src/errors.ts';

const CONNECTION_CODES = new Set([
  'CONFIG_INVALID',
  'KUBECONFIG_INVALID',
  'KUBE_UNREACHABLE',
  'KUBE_UNAUTHORIZED',
  'KUBE_TLS',
  'CENTRAL_UNREACHABLE',
  'CENTRAL_UNAUTHENTICATED',
  'CENTRAL_TLS',
  'PROXY_UNREACHABLE',
  'PROXY_REFUSED',
]);

/** 2 for a configuration or connection problem, else 1. */
export function exitCodeForError(e: unknown): 1 | 2 {
  return isHarnessError(e) && CONNECTION_CODES.has(e.code) ? 2 : 1;
}
