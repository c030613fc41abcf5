import http from 'node:http';
import https from 'node:https';
import type { CentralSettings } from '../config.ts';
import { HarnessError } from '../errors.ts';
import {
  environmentProxySettings,
  forwardThroughProxy,
  ProxyAwareHttpsAgent,
  type ProxySettings,
  proxyFailure,
} from '../proxy/index.ts';
import { centralTlsOptions } from './tls-trust.ts';

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface CentralTransport {
  baseUrl: string;
  request(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<HttpResponse>;
  close(): void;
}

/**
 * Requests to Central with its auth header and TLS settings, through the proxy the settings name for
 * its URL; network failures become HarnessErrors.
 */
export function centralTransport(
  central: CentralSettings,
  defaultTimeoutMs: number,
  proxy: ProxySettings = environmentProxySettings(),
): CentralTransport {
  const baseUrl = central.endpoint;
  if (baseUrl === undefined) {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: 'Connecting to Central',
      cause: 'ROX_ENDPOINT is not set',
      fix: "set ROX_ENDPOINT to Central's host:port (for the embedded lab the harness sets it)",
    });
  }
  const authorization = authHeader(central);
  const isHttps = baseUrl.startsWith('https:');
  const agent = isHttps
    ? new ProxyAwareHttpsAgent(proxy, { keepAlive: true, ...centralTlsOptions(central) })
    : new http.Agent({ keepAlive: true });

  const request = (method: string, path: string, body?: unknown, timeoutMs = defaultTimeoutMs) =>
    send(method, path, body, timeoutMs).catch((e: unknown) => {
      // A kept-alive socket the server closed while idle resets the next request before the server
      // reads it; Node's documented remedy is to retry an idempotent request once on a new socket.
      if (e instanceof StaleSocket && IDEMPOTENT.has(method)) return send(method, path, body, timeoutMs);
      throw e instanceof StaleSocket ? e.error : e;
    });

  const send = (method: string, path: string, body: unknown, timeoutMs: number) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(baseUrl + path);
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: http.OutgoingHttpHeaders = { Accept: 'application/json' };
      if (authorization) headers.Authorization = authorization;
      if (payload) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = payload.length;
      }
      const what = `${method} ${path.split('?')[0]} on Central (ROX_ENDPOINT=${baseUrl})`;
      const fail = (e: Error) =>
        proxyFailure(e, url, proxy, what) ?? transportError(e, what, baseUrl, central);
      const onResponse = (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(fail(e)));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
      };
      // Plain http through a proxy is a request in absolute form to the proxy (as Go sends it).
      const forward = isHttps ? undefined : forwardThroughProxy(url, proxy);
      const req = forward
        ? http.request({ ...forward, method, headers: { ...headers, ...forward.headers }, agent }, onResponse)
        : (isHttps ? https : http).request(url, { method, headers, agent }, onResponse);
      // One deadline for connect + response, so an unreachable endpoint fails within timeoutMs.
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      req.on('error', (e) => {
        clearTimeout(timer);
        const error = fail(e);
        const reset = (e as { code?: string }).code === 'ECONNRESET';
        reject(reset && req.reusedSocket ? new StaleSocket(error) : error);
      });
      req.end(payload);
    });

  return { baseUrl, request, close: () => agent.destroy() };
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** A reset on a reused keep-alive socket: the request may be retried once. */
class StaleSocket extends Error {
  constructor(readonly error: HarnessError) {
    super(error.message);
  }
}

function authHeader(central: CentralSettings): string | undefined {
  if (central.token) return `Bearer ${central.token}`;
  if (central.adminPassword)
    return `Basic ${Buffer.from(`admin:${central.adminPassword}`).toString('base64')}`;
  return undefined;
}

export function transportError(
  e: Error,
  what: string,
  baseUrl: string,
  central: CentralSettings,
): HarnessError {
  const code = (e as { code?: string }).code ?? 'UNKNOWN';
  const tls = /CERT|SELF_SIGNED|TLS|SSL|HOSTNAME|LEAF_SIGNATURE|ISSUER/i.test(code);
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const host = new URL(baseUrl).hostname;
    return new HarnessError({
      code: 'CENTRAL_TLS',
      what,
      cause: `Central's certificate does not name ${central.serverName ?? host} (${e.message}); this is what a route shows when its host is not in the certificate it passes through`,
      fix: `set ROX_SERVER_NAME to a name the certificate holds (Central's own certificate holds central.stackrox and is accepted with ROX_CA_CERT_FILE alone), give the route a certificate for ${host} (a reencrypt or edge route, or the default ingress certificate), or set ROX_INSECURE_SKIP_TLS_VERIFY=true to skip verification deliberately`,
      details: { endpoint: baseUrl, networkCode: code },
    });
  }
  if (tls) {
    return new HarnessError({
      code: 'CENTRAL_TLS',
      what,
      cause: `the TLS certificate of ${baseUrl} could not be verified (${code}: ${e.message})`,
      fix: central.caCertFile
        ? `check that ROX_CA_CERT_FILE=${central.caCertFile} holds the CA that signed Central's certificate`
        : "set ROX_CA_CERT_FILE to Central's CA certificate (PEM), or ROX_INSECURE_SKIP_TLS_VERIFY=true to skip verification deliberately",
      details: { endpoint: baseUrl, networkCode: code },
    });
  }
  const causes: Record<string, string> = {
    ECONNREFUSED: `nothing is listening at ${baseUrl} (connection refused)`,
    ENOTFOUND: `the host of ${baseUrl} does not resolve (DNS lookup failed)`,
    EAI_AGAIN: `the host of ${baseUrl} does not resolve (DNS lookup failed)`,
    ETIMEDOUT: `no answer from ${baseUrl} in time (${e.message})`,
    ECONNRESET: `the connection to ${baseUrl} was reset`,
    EPROTO: `${baseUrl} does not speak the expected protocol (http vs https?)`,
  };
  return new HarnessError({
    code: 'CENTRAL_UNREACHABLE',
    what,
    cause: causes[code] ?? `${e.message} (${code})`,
    fix: "check ROX_ENDPOINT: it must be Central's route or service address as host:port (e.g. `oc -n stackrox get route central -o jsonpath='{.spec.host}'`:443), reachable from this machine",
    details: { endpoint: baseUrl, networkCode: code },
  });
}
