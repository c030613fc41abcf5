// Central's two ways in: API tokens (Bearer) and the basic htpasswd provider (admin:<password>).
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { CentralError, GrpcCode, invalidArgs } from './errors.ts';

export interface TokenMetadata {
  id: string;
  name: string;
  roles: string[];
  issuedAt: string;
  expiration: string | null;
  revoked: boolean;
  role: string;
}

export type Identity = { kind: 'token'; token: TokenMetadata } | { kind: 'basic'; username: string };

export const BASIC_PROVIDER_ID = '4df1b98c-24ed-4073-a9ad-356aec6bb62d';
const TOKEN_PROVIDER_ID = 'e2ea4b27-8e3c-4d1c-9b63-5d0c3b0a3b6f';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export class Authenticator {
  private readonly tokens = new Map<string, TokenMetadata>();
  private readonly adminPassword: string;

  constructor(options: { adminPassword: string; apiToken: string }) {
    this.adminPassword = options.adminPassword;
    this.tokens.set(options.apiToken, this.metadata('lab-token', ['Admin']));
  }

  private metadata(name: string, roles: string[]): TokenMetadata {
    return {
      id: randomUUID(),
      name,
      roles,
      issuedAt: new Date().toISOString(),
      expiration: null,
      revoked: false,
      role: '',
    };
  }

  /** Returns undefined when the request carries no valid credentials. */
  authenticate(authorization: string | undefined): Identity | undefined {
    if (!authorization) return undefined;
    const space = authorization.indexOf(' ');
    if (space < 0) return undefined;
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (scheme === 'bearer') {
      for (const [token, meta] of this.tokens)
        if (same(token, value) && !meta.revoked) return { kind: 'token', token: meta };
      return undefined;
    }
    if (scheme === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return undefined;
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      if (user === 'admin' && same(password, this.adminPassword)) return { kind: 'basic', username: 'admin' };
    }
    return undefined;
  }

  /** POST /v1/apitokens/generate */
  generate(body: Record<string, unknown>): { token: string; metadata: TokenMetadata } {
    const name = typeof body.name === 'string' ? body.name : '';
    if (!name) throw invalidArgs('token name cannot be empty');
    const roles = Array.isArray(body.roles)
      ? body.roles.filter((r): r is string => typeof r === 'string')
      : [];
    if (roles.length === 0 && typeof body.role === 'string' && body.role) roles.push(body.role);
    if (roles.length === 0) throw invalidArgs('roles must be specified');
    const meta = this.metadata(name, roles);
    const header = b64url({ alg: 'RS256', kid: 'jwtk0', typ: 'JWT' });
    const claims = b64url({
      jti: meta.id,
      name,
      roles,
      iat: Math.floor(Date.now() / 1000),
      iss: 'https://stackrox.io/jwt',
    });
    const token = `${header}.${claims}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, meta);
    return { token, metadata: meta };
  }
}

export function unauthenticated(): CentralError {
  return new CentralError(GrpcCode.Unauthenticated, 'credentials not found');
}

function authProvider(id: string, name: string, type: string, uiEndpoint: string): Record<string, unknown> {
  return {
    id,
    name,
    type,
    uiEndpoint,
    enabled: true,
    config: {},
    loginUrl: type === 'basic' ? `/sso/login/${id}` : '',
    validated: true,
    extraUiEndpoints: [],
    active: true,
    requiredAttributes: [],
    traits: null,
    claimMappings: {},
    lastUpdated: null,
  };
}

/** GET /v1/auth/status (v1AuthStatus). */
export function authStatus(identity: Identity, uiEndpoint: string): Record<string, unknown> {
  const host = uiEndpoint.replace(/^https?:\/\//, '');
  const permissions = { resourceToAccess: {} };
  if (identity.kind === 'basic') {
    return {
      userId: `admin:${BASIC_PROVIDER_ID}:admin`,
      serviceId: null,
      expires: new Date(Date.now() + 12 * 3600_000).toISOString(),
      refreshUrl: '',
      authProvider: authProvider(BASIC_PROVIDER_ID, 'Login with username/password', 'basic', host),
      userInfo: {
        username: 'admin',
        friendlyName: 'admin',
        permissions,
        roles: [{ name: 'Admin', resourceToAccess: {} }],
      },
      userAttributes: [{ key: 'username', values: ['admin'] }],
      idpToken: '',
    };
  }
  const token = identity.token;
  return {
    userId: `auth-token:${token.id}`,
    serviceId: null,
    expires: token.expiration,
    refreshUrl: '',
    authProvider: authProvider(TOKEN_PROVIDER_ID, 'API Token', 'api-token', host),
    userInfo: {
      username: token.name,
      friendlyName: token.name,
      permissions,
      roles: token.roles.map((name) => ({ name, resourceToAccess: {} })),
    },
    userAttributes: [],
    idpToken: '',
  };
}
