// The two public auth endpoints the login page uses: the provider list and the basic provider's
// token exchange (central/authprovider/service/service_impl.go, pkg/auth/authproviders/basic).
import { ApiError, Code } from './http.ts';

export const BASIC_PROVIDER = {
  id: '4df1b98c-24ed-4073-a9ad-356aec6bb62d',
  name: 'Login with username/password',
  type: 'basic',
} as const;

/** GET /v1/login/authproviders: public; the basic provider is sorted last (it is the only one here). */
export function loginAuthProviders(): { authProviders: Record<string, string>[] } {
  return {
    authProviders: [{ ...BASIC_PROVIDER, loginUrl: `/sso/login/${BASIC_PROVIDER.id}` }],
  };
}

// "failed to authenticate" (basic backend) wrapping errox "not authorized" + the manager's reason.
const BAD_CREDENTIALS = 'failed to authenticate: not authorized: invalid username and/or password';

export interface ExchangeDeps {
  adminPassword: string;
  issueToken(): string;
}

/** POST /v1/authProviders/exchangeToken for the basic provider. */
export function exchangeToken(
  body: Record<string, unknown>,
  deps: ExchangeDeps,
): { token: string; clientState: string; test: boolean; user: null } {
  const type = typeof body.type === 'string' ? body.type : '';
  const state = typeof body.state === 'string' ? body.state : '';
  const external = typeof body.external_token === 'string' ? body.external_token : '';
  if (type !== BASIC_PROVIDER.type)
    throw new ApiError(Code.InvalidArgument, `invalid auth provider type "${type}"`);
  if (state !== BASIC_PROVIDER.id)
    throw new ApiError(Code.NotFound, `could not get auth provider for state "${state}": not found`);
  const creds = new URLSearchParams(external);
  const username = creds.get('username') ?? '';
  const password = creds.get('password') ?? '';
  if (username !== 'admin' || !sameSecret(password, deps.adminPassword))
    throw new ApiError(Code.PermissionDenied, BAD_CREDENTIALS);
  return { token: deps.issueToken(), clientState: '', test: false, user: null };
}

function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
