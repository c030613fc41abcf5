// Which proxy a request to a URL takes: Go's rules, so the harness decides as client-go and kubectl
// decide (golang.org/x/net/http/httpproxy/proxy.go, config.proxyForURL and useProxy):
// - https:// URLs take HTTPS_PROXY, http:// URLs HTTP_PROXY; nothing else is proxied;
// - "localhost" and loopback addresses are never proxied;
// - NO_PROXY is a comma list: "*" (nothing is proxied); an IP, optionally with a port; a CIDR;
//   a domain "foo.com" (itself and its subdomains) or ".foo.com" / "*.foo.com" (subdomains only),
//   optionally with a port. A domain never matches an IP address.
// client-go also takes CIDRs from NO_PROXY (k8s.io/apimachinery/pkg/util/net/http.go,
// NewProxierWithNoProxyCIDR), which Go's own rules already cover.
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import type { ProxyServer, ProxySettings } from './settings.ts';

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export function proxyFor(target: URL | string, settings: ProxySettings): ProxyServer | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const scheme = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  const proxy =
    scheme === 'https:' ? settings.httpsProxy : scheme === 'http:' ? settings.httpProxy : undefined;
  if (proxy === undefined) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (DEFAULT_PORTS[scheme] ?? '');
  return useProxy(host, port, settings.noProxy) ? proxy : undefined;
}

function useProxy(host: string, port: string, noProxy: string): boolean {
  if (host === 'localhost') return false;
  const family = isIP(host);
  if (family !== 0 && isLoopback(host, family)) return false;
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return false;
    if (matches(entry, host, family, port)) return false;
  }
  return true;
}

function matches(entry: string, host: string, family: number, port: string): boolean {
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr) {
    const [, base = '', bits = ''] = cidr;
    const baseFamily = isIP(base);
    if (baseFamily === 0) return false;
    if (family !== baseFamily) return false;
    const list = new BlockList();
    list.addSubnet(base, Number(bits), baseFamily === 4 ? 'ipv4' : 'ipv6');
    return list.check(host, family === 4 ? 'ipv4' : 'ipv6');
  }
  const { entryHost, entryPort } = splitHostPort(entry);
  if (entryHost === '') return false;
  if (entryPort !== '' && entryPort !== port) return false;
  if (isIP(entryHost) !== 0) return family !== 0 && sameIp(entryHost, host);
  if (family !== 0) return false;
  const subdomainsOnly = entryHost.startsWith('.') || entryHost.startsWith('*.');
  // Entries are compared in their ASCII (punycode) form, as the URL's host already is.
  const bare = entryHost.replace(/^\*?\./, '');
  const domain = domainToASCII(bare) || bare;
  return host.endsWith(`.${domain}`) || (!subdomainsOnly && host === domain);
}

/** Go's net.SplitHostPort as httpproxy uses it: "h:p", "[v6]:p"; anything else is a bare host. */
function splitHostPort(entry: string): { entryHost: string; entryPort: string } {
  const bracketed = /^\[([^\]]*)\]:(\d*)$/.exec(entry);
  if (bracketed) return { entryHost: bracketed[1] ?? '', entryPort: bracketed[2] ?? '' };
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [h = '', p = ''] = entry.split(':');
    return { entryHost: h, entryPort: p };
  }
  return { entryHost: entry.replace(/^\[|\]$/g, ''), entryPort: '' };
}

function isLoopback(ip: string, family: number): boolean {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  // ::ffff:127.x.x.x is loopback to Go too (net.IP.IsLoopback on the 4-in-6 form).
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

function sameIp(a: string, b: string): boolean {
  const fa = isIP(a);
  const list = new BlockList();
  list.addAddress(a, fa === 4 ? 'ipv4' : 'ipv6');
  return list.check(b, isIP(b) === 4 ? 'ipv4' : 'ipv6');
}
