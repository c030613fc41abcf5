// The transports every harness client uses, each deciding per connection with proxyFor():
// - ProxyAwareHttpsAgent: a node https.Agent that tunnels through the proxy with CONNECT, as Go's
//   http.Transport does for https:// (Central's API, Azure's token endpoint);
// - forwardThroughProxy: an http:// request in absolute form to the proxy, as Go sends plain HTTP;
// - ProxyDispatcher / proxyFetch: the same two rules for fetch (Slack, Graph, inboxes), with undici's
//   ProxyAgent (CONNECT for https, absolute form for http: proxyTunnel false).
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { Dispatcher, ProxyAgent, Agent as UndiciAgent } from 'undici';
import { ProxyConnectError } from './errors.ts';
import { proxyFor } from './rules.ts';
import type { ProxyServer, ProxySettings } from './settings.ts';

function proxyAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

type ConnectCallback = (err: Error | null, socket?: Duplex) => void;

/** https.Agent's own createConnection: a TLS connection, over `socket` when one is given. */
const tlsConnection = (
  https.Agent.prototype as unknown as {
    createConnection(this: https.Agent, options: object, callback?: ConnectCallback): Duplex | undefined;
  }
).createConnection;

export class ProxyAwareHttpsAgent extends https.Agent {
  readonly #settings: ProxySettings;
  readonly #onTunnelError: ((e: ProxyConnectError) => void) | undefined;

  /** onTunnelError: for a client that rewraps errors without their cause (the Azure SDK's). */
  constructor(
    settings: ProxySettings,
    options: https.AgentOptions = {},
    onTunnelError?: (e: ProxyConnectError) => void,
  ) {
    super(options);
    this.#settings = settings;
    this.#onTunnelError = onTunnelError;
  }

  // Node's Agent accepts a connection handed over later through the callback (net.createConnection's
  // contract); the tunnel needs a round trip to the proxy first.
  override createConnection(options: https.RequestOptions, callback: ConnectCallback): Duplex | undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost');
    const port = Number(options.port ?? 443);
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const proxy = proxyFor(`https://${target}`, this.#settings);
    if (proxy === undefined) return tlsConnection.call(this, options, callback);
    openTunnel(proxy, target, options.timeout).then(
      (socket) => callback(null, tlsConnection.call(this, { ...options, socket })),
      (err: Error) => {
        if (err instanceof ProxyConnectError) this.#onTunnelError?.(err);
        callback(err);
      },
    );
    return undefined;
  }
}

/** A CONNECT tunnel to target (host:port) through the proxy. */
export function openTunnel(proxy: ProxyServer, target: string, timeoutMs?: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { host: target };
    const auth = proxyAuthorization(proxy.url);
    if (auth !== undefined) headers['proxy-authorization'] = auth;
    const send = proxy.url.protocol === 'https:' ? https.request : http.request;
    const req = send({
      method: 'CONNECT',
      host: proxy.url.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
      path: target,
      headers,
      agent: false,
      setHost: false,
      ...(timeoutMs ? { timeout: timeoutMs } : {}),
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      reject(
        new ProxyConnectError(proxy, target, { status: res.statusCode ?? 0, reason: res.statusMessage }),
      );
    });
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('no answer in time'), { code: 'ETIMEDOUT' })),
    );
    req.once('error', (e: Error) => reject(new ProxyConnectError(proxy, target, { error: e })));
    req.end();
  });
}

/**
 * The options that send an http:// request through the proxy in absolute form, or undefined when
 * the URL goes direct. The caller merges them over its own request options.
 */
export function forwardThroughProxy(url: URL, settings: ProxySettings): http.RequestOptions | undefined {
  const proxy = proxyFor(url, settings);
  if (proxy === undefined || url.protocol !== 'http:') return undefined;
  const headers: http.OutgoingHttpHeaders = { host: url.host };
  const auth = proxyAuthorization(proxy.url);
  if (auth !== undefined) headers['proxy-authorization'] = auth;
  return {
    host: proxy.url.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.url.port || 80,
    path: url.href,
    headers,
  };
}

/** A fetch dispatcher that routes each origin as proxyFor() says. */
export class ProxyDispatcher extends Dispatcher {
  readonly #settings: ProxySettings;
  readonly #direct = new UndiciAgent();
  readonly #viaProxy = new Map<string, ProxyAgent>();

  constructor(settings: ProxySettings) {
    super();
    this.#settings = settings;
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const origin = String(options.origin ?? '');
    const proxy = origin === '' ? undefined : proxyFor(origin, this.#settings);
    if (proxy === undefined) return this.#direct.dispatch(options, handler);
    const tunnel = origin.startsWith('https:');
    const key = `${tunnel}|${proxy.url.href}`;
    let agent = this.#viaProxy.get(key);
    if (agent === undefined) {
      agent = new ProxyAgent({ uri: proxy.url.href, proxyTunnel: tunnel });
      this.#viaProxy.set(key, agent);
    }
    return agent.dispatch(options, handler);
  }

  override async close(): Promise<void> {
    await Promise.all([this.#direct.close(), ...[...this.#viaProxy.values()].map((a) => a.close())]);
  }

  override async destroy(): Promise<void> {
    await Promise.all([this.#direct.destroy(), ...[...this.#viaProxy.values()].map((a) => a.destroy())]);
  }
}

/** fetch, with the proxy rules applied; global fetch is looked up per call (msw patches it in tests). */
export function proxyFetch(settings: ProxySettings): typeof fetch {
  if (settings.httpsProxy === undefined && settings.httpProxy === undefined) {
    return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      globalThis.fetch(input, init)) as typeof fetch;
  }
  const dispatcher = new ProxyDispatcher(settings);
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    globalThis.fetch(input, { ...init, dispatcher } as RequestInit)) as typeof fetch;
}
