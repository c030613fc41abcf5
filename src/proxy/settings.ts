// HTTPS_PROXY, HTTP_PROXY and NO_PROXY as Go reads them for client-go and kubectl
// (golang.org/x/net/http/httpproxy FromEnvironment, behind net/http ProxyFromEnvironment): the
// upper-case name first, then the lower-case one, an empty value counting as unset; a value without
// a scheme is host[:port] with http:// assumed (parseProxy). Go silently ignores a value it cannot
// parse; the harness stops with the variable named instead, like every other bad setting.
import { HarnessError } from '../errors.ts';

export interface ProxyServer {
  url: URL;
  /** The variable it came from (HTTPS_PROXY, https_proxy, ... or "proxy-url of cluster X"). */
  source: string;
}

export interface ProxySettings {
  httpsProxy?: ProxyServer;
  httpProxy?: ProxyServer;
  /** NO_PROXY / no_proxy as given. */
  noProxy: string;
}

interface Problem {
  variable: string;
  cause: string;
  fix: string;
}

export const NO_PROXY_SETTINGS: ProxySettings = { noProxy: '' };

/** Reads the proxy variables; throws CONFIG_INVALID with details.problems for a bad one. */
export function loadProxySettings(vars: Record<string, string | undefined>): ProxySettings {
  const problems: Problem[] = [];
  const pick = (upper: string): { name: string; value: string } | undefined => {
    for (const name of [upper, upper.toLowerCase()]) {
      const value = vars[name]?.trim();
      if (value !== undefined && value !== '') return { name, value };
    }
    return undefined;
  };
  const server = (upper: string): ProxyServer | undefined => {
    const found = pick(upper);
    if (found === undefined) return undefined;
    const parsed = parseProxyUrl(found.value);
    if (typeof parsed === 'string') {
      problems.push({
        variable: found.name,
        cause: parsed,
        fix: `set ${found.name} to the proxy as http://host:port (credentials as http://user:password@host:port), or unset it`,
      });
      return undefined;
    }
    return { url: parsed, source: found.name };
  };
  const settings: ProxySettings = { noProxy: pick('NO_PROXY')?.value ?? '' };
  const https = server('HTTPS_PROXY');
  const http = server('HTTP_PROXY');
  if (https !== undefined) settings.httpsProxy = https;
  if (http !== undefined) settings.httpProxy = http;
  if (problems.length > 0) {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: 'Reading the proxy settings',
      cause: problems.map((p) => `${p.variable}: ${p.cause}`).join('; '),
      fix: problems.map((p) => p.fix).join('; '),
      details: { problems },
    });
  }
  return settings;
}

/** The proxy settings of this process's environment (what a client uses when given none). */
export function environmentProxySettings(): ProxySettings {
  return loadProxySettings(process.env);
}

/** A URL, or why the value is none; never echoes the value (it may hold a password). */
export function parseProxyUrl(value: string): URL | string {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    return 'not a URL or host:port';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `the scheme ${url.protocol}// is not supported (the harness speaks to http:// and https:// proxies)`;
  }
  if (url.hostname === '') return 'names no host';
  return url;
}

/** The proxy as it may be printed: scheme, host and port, credentials masked. */
export function printableProxy(url: URL): string {
  const auth = url.username !== '' || url.password !== '' ? '***@' : '';
  return `${url.protocol}//${auth}${url.host}`;
}

/** The proxy credentials, for redact(). */
export function proxySecrets(settings: ProxySettings): string[] {
  return [settings.httpsProxy, settings.httpProxy]
    .flatMap((s) => (s === undefined ? [] : [s.url.password, decodeURIComponent(s.url.password)]))
    .filter((s) => s !== '');
}
