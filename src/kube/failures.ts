import { HarnessError } from '../errors.ts';
import { type ApiFailure, apiFailure } from './status.ts';

/**
 * Maps failures every call can hit (unreachable server, bad credentials, missing RBAC) to a
 * HarnessError; returns undefined for call-specific failures the caller should interpret.
 */
export function commonKubeError(
  e: unknown,
  what: string,
  server: string,
  verb: string,
): HarnessError | undefined {
  const f = apiFailure(e);
  if (f.httpCode === undefined) return networkError(f, what, server);
  if (f.httpCode === 401) {
    return new HarnessError({
      code: 'KUBE_UNAUTHORIZED',
      what,
      cause: `the API server ${server} rejected the credentials (401 Unauthorized)`,
      fix: 'log in again (`oc login ...`) or refresh the token in KUBECONFIG; OpenShift tokens expire',
      details: { server, httpCode: 401 },
    });
  }
  if (f.httpCode === 403) {
    return new HarnessError({
      code: 'KUBE_FORBIDDEN',
      what,
      cause: `the API server ${server} refused it: ${f.message}`,
      fix: `grant the user the \`${verb}\` permission (e.g. a Role/ClusterRole binding), or use a context with more rights`,
      details: { server, httpCode: 403, status: f.status },
    });
  }
  return undefined;
}

export function networkError(f: ApiFailure, what: string, server: string): HarnessError {
  const code = f.networkCode ?? 'UNKNOWN';
  const causes: Record<string, string> = {
    ECONNREFUSED: `nothing is listening at ${server} (connection refused)`,
    ENOTFOUND: `the host of ${server} does not resolve (DNS lookup failed)`,
    EAI_AGAIN: `the host of ${server} does not resolve (DNS lookup failed)`,
    ETIMEDOUT: `no answer from ${server} in time`,
    UND_ERR_CONNECT_TIMEOUT: `no answer from ${server} in time`,
    ECONNRESET: `the connection to ${server} was reset`,
  };
  const tls = /CERT|SELF_SIGNED|TLS|SSL/i.test(code);
  // fetch refuses some ports outright (1, 9, 6000, ...: the Fetch standard's "bad ports").
  const badPort =
    f.message === 'bad port'
      ? `the port of ${server} is one the HTTP client refuses to connect to (a "bad port" of the Fetch standard)`
      : undefined;
  return new HarnessError({
    code: tls ? 'KUBE_TLS' : 'KUBE_UNREACHABLE',
    what,
    cause:
      badPort ??
      causes[code] ??
      (tls ? `TLS verification of ${server} failed (${code})` : `${f.message} (${code})`),
    fix: tls
      ? 'add the cluster CA to the kubeconfig (certificate-authority-data) or log in again with `oc login`'
      : 'check that the cluster is up and KUBECONFIG/KUBE_CONTEXT point at it (`oc whoami --show-server`); for the embedded lab, unset KUBECONFIG, KUBE_CONTEXT and ROX_ENDPOINT',
    details: { server, networkCode: code },
  });
}

/** The generic fallback: quote the API server's own message. */
export function apiError(e: unknown, what: string, fix: string, code = 'KUBE_API'): HarnessError {
  const f = apiFailure(e);
  return new HarnessError({
    code,
    what,
    cause: f.httpCode !== undefined ? `the API server answered ${f.httpCode}: ${f.message}` : `${f.message}`,
    fix,
    details: { httpCode: f.httpCode, status: f.status, networkCode: f.networkCode },
  });
}
