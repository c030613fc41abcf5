// A Microsoft Graph client for reading channel messages. The middleware chain is ours (bearer ->
// fetch): the SDK's RetryHandler would swallow 429s we want to report and time, and its own
// AuthenticationHandler only signs https Graph hosts, which would leave a loopback test base unsigned.
// The bearer goes only to the configured base origin, so a nextLink pointing elsewhere never gets it.

import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import {
  type AuthenticationProvider,
  Client,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { ProxyAwareHttpsAgent, type ProxySettings, proxyFetch } from '../proxy/index.ts';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type TeamsAuthOption =
  /** A delegated user token carrying ChannelMessage.Read.All. */
  | { token: string }
  /** Any TokenCredential (client secret, certificate, managed identity, ...). */
  | { credential: TokenCredential }
  | { tenantId: string; clientId: string; clientSecret: string; authorityHost?: string };

export function authProviderFor(
  auth: TeamsAuthOption,
  proxy: ProxySettings,
  transport: GraphTransport = {},
): AuthenticationProvider {
  if ('token' in auth) return { getAccessToken: async () => auth.token };
  // An agent of the request makes the Azure pipeline skip its own proxyPolicy, which reads the
  // environment with other NO_PROXY rules than Go's (@typespec/ts-http-runtime policies/proxyPolicy.js).
  const credential =
    'credential' in auth
      ? auth.credential
      : new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, {
          ...(auth.authorityHost ? { authorityHost: auth.authorityHost } : {}),
          agent: new ProxyAwareHttpsAgent(proxy, { keepAlive: true }, (error) => {
            transport.lastFailure = { error, url: `https://${error.target}` };
          }),
        });
  return new TokenCredentialAuthenticationProvider(credential, { scopes: [GRAPH_SCOPE] });
}

/** Thrown when no token could be obtained, before any request left. */
export class TokenAcquisitionError extends Error {
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'TokenAcquisitionError';
    this.cause = cause;
  }
}

/**
 * What the last Graph or token request failed with before the SDK rewrapped it (the Graph client and
 * MSAL keep neither code nor cause).
 */
export interface GraphTransport {
  lastFailure?: { error: unknown; url: string } | undefined;
}

/** The Graph SDK's HTTPMessageHandler (fetch(context.request, context.options)), with the proxy's fetch. */
class FetchHandler implements Middleware {
  readonly #fetch: typeof fetch;
  readonly #transport: GraphTransport;
  constructor(fetchFn: typeof fetch, transport: GraphTransport) {
    this.#fetch = fetchFn;
    this.#transport = transport;
  }
  async execute(context: Context): Promise<void> {
    try {
      context.response = await this.#fetch(context.request, context.options);
    } catch (error) {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      this.#transport.lastFailure = { error, url };
      throw error;
    }
  }
}

class BearerMiddleware implements Middleware {
  #next: Middleware | undefined;
  readonly #provider: AuthenticationProvider;
  readonly #origin: string;

  constructor(provider: AuthenticationProvider, origin: string) {
    this.#provider = provider;
    this.#origin = origin;
  }

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    if (new URL(url).origin === this.#origin) {
      let token: string;
      try {
        token = await this.#provider.getAccessToken();
      } catch (err) {
        throw new TokenAcquisitionError(err);
      }
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${token}`);
      context.options = { ...context.options, headers };
    }
    if (!this.#next) throw new Error('BearerMiddleware has no next middleware');
    await this.#next.execute(context);
  }

  setNext(next: Middleware): void {
    this.#next = next;
  }
}

export function createGraphClient(
  auth: TeamsAuthOption,
  baseUrl: string,
  proxy: ProxySettings,
  transport: GraphTransport = {},
): Client {
  const bearer = new BearerMiddleware(authProviderFor(auth, proxy, transport), new URL(baseUrl).origin);
  bearer.setNext(new FetchHandler(proxyFetch(proxy), transport));
  return Client.initWithMiddleware({ middleware: bearer, baseUrl, defaultVersion: 'v1.0' });
}
