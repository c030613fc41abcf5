// A Microsoft Graph client for reading channel messages. The middleware chain is ours (bearer ->
// fetch): the SDK's RetryHandler would swallow 429s we want to report and time, and its own
// AuthenticationHandler only signs https Graph hosts, which would leave a loopback test base unsigned.
// The bearer goes only to the configured base origin, so a nextLink pointing elsewhere never gets it.

import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import {
  type AuthenticationProvider,
  Client,
  type Context,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

export const GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export type TeamsAuthOption =
  /** A delegated user token carrying ChannelMessage.Read.All. */
  | { token: string }
  /** Any TokenCredential (client secret, certificate, managed identity, ...). */
  | { credential: TokenCredential }
  | { tenantId: string; clientId: string; clientSecret: string; authorityHost?: string };

export function authProviderFor(auth: TeamsAuthOption): AuthenticationProvider {
  if ('token' in auth) return { getAccessToken: async () => auth.token };
  const credential =
    'credential' in auth
      ? auth.credential
      : new ClientSecretCredential(
          auth.tenantId,
          auth.clientId,
          auth.clientSecret,
          auth.authorityHost ? { authorityHost: auth.authorityHost } : {},
        );
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

export function createGraphClient(auth: TeamsAuthOption, baseUrl: string = GRAPH_BASE_URL): Client {
  const bearer = new BearerMiddleware(authProviderFor(auth), new URL(baseUrl).origin);
  bearer.setNext(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: bearer, baseUrl, defaultVersion: 'v1.0' });
}
