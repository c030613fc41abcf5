import type { CentralErrorBody } from '../../types/rhacs.ts';
import { HarnessError } from '../errors.ts';
import type { HttpResponse } from './http.ts';

/** Central's grpc-gateway error body, when the response carries one. */
export function parseCentralError(text: string): CentralErrorBody | undefined {
  try {
    const v = JSON.parse(text) as Partial<CentralErrorBody>;
    if (v && typeof v === 'object' && (typeof v.message === 'string' || typeof v.error === 'string')) {
      return {
        code: typeof v.code === 'number' ? v.code : 0,
        message: v.message ?? v.error ?? '',
        details: Array.isArray(v.details) ? v.details : [],
        error: v.error ?? v.message ?? '',
      };
    }
  } catch {
    // not JSON: quote the text itself
  }
  return undefined;
}

/** A non-2xx answer from Central as a HarnessError quoting Central's own message. */
export function centralHttpError(res: HttpResponse, what: string, endpoint: string): HarnessError {
  const body = parseCentralError(res.text);
  const centralMessage = body?.message || res.text.slice(0, 300) || `HTTP ${res.status}`;
  const details = { status: res.status, centralMessage, grpcCode: body?.code, endpoint };
  switch (res.status) {
    case 401:
      return new HarnessError({
        code: 'CENTRAL_UNAUTHENTICATED',
        what,
        cause: `Central rejected the credentials (401: "${centralMessage}"): the API token or admin password is wrong, expired or revoked`,
        fix: 'create a new API token (Platform Configuration -> Integrations -> API Token, role Admin) and set ROX_API_TOKEN, or set ROX_ADMIN_PASSWORD from secret central-htpasswd in namespace stackrox',
        details,
      });
    case 403: {
      // Central also answers 403 for console/API edits of a policy that a custom resource manages.
      const managed = /externally managed/i.test(centralMessage);
      return new HarnessError({
        code: 'CENTRAL_FORBIDDEN',
        what,
        cause: managed
          ? `Central refused it (403: "${centralMessage}")`
          : `Central refused it (403: "${centralMessage}"): the credentials are valid, but their role lacks this permission`,
        fix: managed
          ? 'change or delete the SecurityPolicy custom resource that manages the policy instead'
          : 'set ROX_API_TOKEN to a token with the Admin role (Platform Configuration -> Integrations -> API Token), or use ROX_ADMIN_PASSWORD',
        details,
      });
    }
    case 404:
      return new HarnessError({
        code: 'CENTRAL_NOT_FOUND',
        what,
        cause: `Central has no such object (404: "${centralMessage}")`,
        fix: 'list the objects again; the id may belong to something deleted or from another Central',
        details,
      });
    case 409:
      return new HarnessError({
        code: 'CENTRAL_CONFLICT',
        what,
        cause: `Central already has an object with that name (409: "${centralMessage}")`,
        fix: `someone created it meanwhile (another run, or a person in the console): look for it (${what.replace(/^\w+ /, '')}) and run again, which finds and reuses it`,
        details,
      });
    case 400:
      return new HarnessError({
        code: 'CENTRAL_INVALID',
        what,
        cause: `Central rejected the request (400: "${centralMessage}")`,
        fix: "correct the request as Central's message says",
        details,
      });
    default:
      return new HarnessError({
        code: 'CENTRAL_ERROR',
        what,
        cause: `Central answered ${res.status}: "${centralMessage}"`,
        fix:
          res.status >= 500
            ? "Central may be starting or overloaded: retry, then check `oc logs deploy/central` in Central's namespace (CENTRAL_NAMESPACE, default stackrox)"
            : 'check ROX_ENDPOINT points at Central (not the console route of something else)',
        details,
      });
  }
}
