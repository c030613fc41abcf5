// A request that went to a proxy and failed there is the proxy's problem, not the target's: every
// client asks proxyFailure() first, so an unreachable or refusing proxy is named with its variable.
import { HarnessError } from '../errors.ts';
import { proxyFor } from './rules.ts';
import { type ProxyServer, type ProxySettings, printableProxy } from './settings.ts';

interface Refusal {
  status: number;
  reason?: string | undefined;
}

/** The CONNECT to the proxy failed (error) or the proxy answered something else than 200 (status). */
export class ProxyConnectError extends Error {
  readonly code: string;
  constructor(
    readonly proxy: ProxyServer,
    readonly target: string,
    readonly failure: { error: Error } | Refusal,
  ) {
    super(
      'error' in failure
        ? `proxy ${printableProxy(proxy.url)}: ${failure.error.message}`
        : `proxy ${printableProxy(proxy.url)} answered ${failure.status} to CONNECT ${target}`,
    );
    this.name = 'ProxyConnectError';
    this.code =
      'error' in failure ? String((failure.error as { code?: string }).code ?? 'UNKNOWN') : 'PROXY_REFUSED';
  }
}

// Failures before any byte reached the target: with a proxy in use, the connection they failed to
// open was the one to the proxy.
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there (connection refused)',
  ENOTFOUND: 'its host does not resolve (DNS lookup failed)',
  EAI_AGAIN: 'its host does not resolve (DNS lookup failed)',
  EHOSTUNREACH: 'its host is unreachable',
  ENETUNREACH: 'its network is unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'it did not answer in time',
};

/**
 * A HarnessError when `e` is a failure of the proxy the request to `target` went through: the one the
 * settings pick for it, or the given proxy server.
 */
export function proxyFailure(
  e: unknown,
  target: URL | string,
  via: ProxySettings | ProxyServer,
  what: string,
): HarnessError | undefined {
  const chain = causes(e);
  const tunnel = chain.find((c): c is ProxyConnectError => c instanceof ProxyConnectError);
  const proxy = tunnel?.proxy ?? ('url' in via ? via : proxyFor(target, via));
  if (proxy === undefined) return undefined;
  const targetHost = tunnel?.target ?? new URL(String(target)).host;
  if (tunnel !== undefined && !('error' in tunnel.failure))
    return refused(proxy, targetHost, tunnel.failure, what);
  const undiciRefusal = chain
    .map((c) => /Proxy response \((\d+)\) !== 200/.exec(c.message)?.[1])
    .find((s) => s !== undefined);
  if (undiciRefusal !== undefined) return refused(proxy, targetHost, { status: Number(undiciRefusal) }, what);
  const code = chain
    .map((c) => (c as { code?: unknown }).code)
    .find((c): c is string => typeof c === 'string' && c in UNREACHABLE);
  // The harness's own tunnel knows it failed at the proxy; other clients' errors tell only by their code.
  const tunnelError = tunnel !== undefined && 'error' in tunnel.failure ? tunnel.failure.error : undefined;
  if (code === undefined && tunnelError === undefined) return undefined;
  const why = code !== undefined ? UNREACHABLE[code] : tunnelError?.message;
  return new HarnessError({
    code: 'PROXY_UNREACHABLE',
    what,
    cause: `the proxy ${printableProxy(proxy.url)} (from ${proxy.source}) cannot be reached: ${why}`,
    fix: `${fixFor(proxy)}: it must be a proxy this machine reaches (http://host:port); or unset it, or add ${hostOf(targetHost)} to NO_PROXY to connect directly`,
    details: { proxy: printableProxy(proxy.url), source: proxy.source, networkCode: code ?? tunnel?.code },
  });
}

function refused(proxy: ProxyServer, target: string, refusal: Refusal, what: string): HarnessError {
  const why =
    refusal.status === 407
      ? 'it wants credentials (407 Proxy Authentication Required)'
      : refusal.status === 403
        ? 'its policy forbids that destination (403)'
        : refusal.status === 502 || refusal.status === 503 || refusal.status === 504
          ? `it could not reach ${target} itself (${refusal.status})`
          : `it answered ${refusal.status}${refusal.reason ? ` ${refusal.reason}` : ''}`;
  const fix =
    refusal.status === 407
      ? `put the proxy credentials into ${proxy.source} as http://user:password@host:port`
      : refusal.status >= 502
        ? `check that ${target} is the right address and reachable from the proxy, or add ${hostOf(target)} to NO_PROXY to connect directly`
        : `ask the proxy's administrators to allow ${target}, or add ${hostOf(target)} to NO_PROXY to connect directly`;
  return new HarnessError({
    code: 'PROXY_REFUSED',
    what,
    cause: `the proxy ${printableProxy(proxy.url)} (from ${proxy.source}) refused to open a tunnel to ${target}: ${why}`,
    fix,
    details: { proxy: printableProxy(proxy.url), source: proxy.source, status: refusal.status },
  });
}

function fixFor(proxy: ProxyServer): string {
  return proxy.source.startsWith('proxy-url')
    ? `check the ${proxy.source} in the kubeconfig`
    : `check ${proxy.source}`;
}

function hostOf(hostPort: string): string {
  return hostPort.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
}

function causes(e: unknown): Error[] {
  const out: Error[] = [];
  let current: unknown = e;
  while (current instanceof Error && out.length < 8) {
    out.push(current);
    if (current instanceof ProxyConnectError && 'error' in current.failure) out.push(current.failure.error);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}
