import { KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { HarnessConfig } from '../config.ts';
import { HarnessError } from '../errors.ts';
import {
  environmentProxySettings,
  type ProxyServer,
  type ProxySettings,
  parseProxyUrl,
  proxyFailure,
  proxyFor,
} from '../proxy/index.ts';
import { KubeClient } from './client.ts';
import { makeContext, requestOptions } from './context.ts';
import { commonKubeError, networkError } from './failures.ts';
import { loadKubeconfigList } from './kubeconfig-files.ts';
import { apiFailure } from './status.ts';

export interface ConnectKubeOptions {
  /** How long the reachability check may take (default 8 s). */
  reachTimeoutMs?: number;
  /** Timeout of each later REST request (default 30 s). */
  requestTimeoutMs?: number;
}

/** Loads the kubeconfig (KUBECONFIG / KUBE_CONTEXT) and checks the API server answers. */
export async function connectKube(
  cfg: Pick<HarnessConfig, 'kube'> & Partial<Pick<HarnessConfig, 'proxy'>>,
  opts: ConnectKubeOptions = {},
): Promise<KubeClient> {
  const kc = loadKubeConfig(cfg.kube.kubeconfig, cfg.kube.context);
  const proxy = useProxy(kc, cfg.proxy ?? environmentProxySettings());
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    const context = kc.getCurrentContext();
    const source = cfg.kube.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config';
    throw new HarnessError({
      code: 'KUBECONFIG_INVALID',
      what: `Loading the kubeconfig ${source}`,
      cause: context
        ? `context "${context}" names no cluster that the file defines`
        : `it sets no current-context (contexts: ${
            kc
              .getContexts()
              .map((c) => c.name)
              .join(', ') || 'none'
          })`,
      fix: 'log in with `oc login <api-url>` or set KUBE_CONTEXT to a context that exists (`oc config get-contexts`)',
    });
  }
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new HarnessError({
      code: 'KUBECONFIG_INVALID',
      what: 'Loading the kubeconfig',
      cause: `cluster "${cluster.name}" uses plain http (${cluster.server}) without insecure-skip-tls-verify, which the client refuses`,
      fix: 'use the https:// API URL, or set insecure-skip-tls-verify: true on that cluster entry (loopback labs only)',
    });
  }
  const ctx = makeContext(kc, opts.requestTimeoutMs ?? 30_000);
  await checkReachable(kc, ctx.server, opts.reachTimeoutMs ?? 8_000, proxy);
  return new KubeClient(ctx);
}

export function loadKubeConfig(kubeconfig: string | undefined, context: string | undefined): KubeConfig {
  const list = kubeconfig ?? process.env.KUBECONFIG;
  const source = list ?? '~/.kube/config';
  let kc = new KubeConfig();
  try {
    if (list === undefined || list === '') kc.loadFromDefault();
    else {
      const files = loadKubeconfigList(list);
      if (files.loaded.length === 0) {
        throw new HarnessError({
          code: 'KUBECONFIG_INVALID',
          what: `Loading the kubeconfig from ${source}`,
          cause: `none of the listed files exists (${files.missing.join(', ')})`,
          fix: 'point KUBECONFIG at the kubeconfig written by `oc login` (or unset it to use ~/.kube/config)',
        });
      }
      kc = files.kc;
    }
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw new HarnessError({
      code: 'KUBECONFIG_INVALID',
      what: `Loading the kubeconfig from ${source}`,
      cause: e instanceof Error ? e.message : String(e),
      fix: 'run `oc login` (or `kubectl config view` to check the file), or point KUBECONFIG at a valid kubeconfig',
    });
  }
  if (context !== undefined) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      throw new HarnessError({
        code: 'KUBECONFIG_INVALID',
        what: `Selecting kube context "${context}"`,
        cause: `no such context in ${source} (contexts: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
        fix: 'set KUBE_CONTEXT to one of the listed contexts, or unset it to use current-context',
      });
    }
    kc.setCurrentContext(context);
  }
  return kc;
}

/**
 * The proxy of the current cluster, as client-go picks it (tools/clientcmd/client_config.go and
 * transport/cache.go): the cluster's proxy-url when it has one (for every host, loopback too:
 * http.ProxyURL), else ProxyFromEnvironment for its server. client-node routes REST, watch and the
 * exec WebSocket through a cluster's proxyUrl, so an environment proxy is handed over as one.
 */
function useProxy(kc: KubeConfig, settings: ProxySettings): ProxyServer | undefined {
  const cluster = kc.getCurrentCluster();
  if (!cluster) return undefined;
  if (cluster.proxyUrl) {
    const url = parseProxyUrl(cluster.proxyUrl);
    // socks5 is client-node's own business (client-go supports it too); name it all the same.
    const parsed = typeof url === 'string' ? new URL(cluster.proxyUrl) : url;
    return { url: parsed, source: `proxy-url of cluster "${cluster.name}"` };
  }
  const proxy = proxyFor(cluster.server, settings);
  if (proxy === undefined) return undefined;
  kc.clusters = kc.clusters.map((c) => (c === cluster ? { ...c, proxyUrl: proxy.url.href } : c));
  return proxy;
}

async function checkReachable(
  kc: KubeConfig,
  server: string,
  timeoutMs: number,
  proxy: ProxyServer | undefined,
): Promise<void> {
  const what = `Connecting to the Kubernetes API at ${server}`;
  try {
    await kc.makeApiClient(VersionApi).getCode(undefined, requestOptions(timeoutMs));
  } catch (e) {
    const viaProxy = proxy === undefined ? undefined : proxyFailure(e, server, proxy, what);
    if (viaProxy) throw viaProxy;
    const common = commonKubeError(e, what, server, 'get /version');
    if (common) throw common;
    const f = apiFailure(e);
    if (f.httpCode === undefined) throw networkError(f, what, server);
    throw new HarnessError({
      code: 'KUBE_UNREACHABLE',
      what,
      cause: `GET /version answered ${f.httpCode}: ${f.message}; this does not look like a Kubernetes API server`,
      fix: 'point KUBECONFIG/KUBE_CONTEXT at the cluster API URL (https://api.<cluster>:6443), not the console or a route',
      details: { server, httpCode: f.httpCode },
    });
  }
}
