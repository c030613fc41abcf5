// The browser of the console steps takes the proxy that the rules give Central's URL. Chromium has
// one proxy for every scheme and bypass rules of its own syntax, so Go's decision is made here and
// written in Chromium's terms; and with no proxy Chromium is told so (--no-proxy-server), as on
// Linux it would otherwise read https_proxy/no_proxy itself by other rules
// (https://chromium.googlesource.com/chromium/src/+/HEAD/net/docs/proxy.md, "Linux").
// Playwright's `proxy` launch option passes server and bypass through (--proxy-server,
// --proxy-bypass-list, a leading "." becoming "*."), answers the proxy's 407 with username/password,
// and adds <-loopback> (proxying loopback) unless the bypass names a loopback host: "localhost" is
// always in the list, so loopback stays direct, as Go keeps it.
import { proxyFor } from './rules.ts';
import type { ProxySettings } from './settings.ts';

export interface BrowserProxy {
  proxy?: { server: string; bypass: string; username?: string; password?: string };
  /** Extra Chromium arguments (--no-proxy-server when nothing is proxied). */
  args: string[];
}

export function browserProxy(settings: ProxySettings, centralUrl: string | undefined): BrowserProxy {
  const server = centralUrl === undefined ? undefined : proxyFor(centralUrl, settings);
  if (server === undefined) return { args: ['--no-proxy-server'] };
  const { url } = server;
  const proxy: NonNullable<BrowserProxy['proxy']> = {
    server: `${url.protocol}//${url.host}`,
    bypass: ['localhost', ...settings.noProxy.split(',').flatMap(chromiumBypass)].join(','),
  };
  if (url.username !== '') proxy.username = decodeURIComponent(url.username);
  if (url.password !== '') proxy.password = decodeURIComponent(url.password);
  return { proxy, args: [] };
}

/** One NO_PROXY entry (Go's meaning) as Chromium bypass rules. */
function chromiumBypass(raw: string): string[] {
  const entry = raw.trim().toLowerCase();
  if (entry === '') return [];
  // An address, CIDR or [v6]:port reads the same in both.
  if (/^[\d.:[\]/]+$/.test(entry) || entry.includes('/')) return [entry];
  const m = /^(\*?\.)?([^:]+)(:\d+)?$/.exec(entry);
  if (!m) return [];
  const [, subdomainsOnly, domain = '', port = ''] = m;
  const subdomains = `*.${domain}${port}`;
  return subdomainsOnly ? [subdomains] : [`${domain}${port}`, subdomains];
}
