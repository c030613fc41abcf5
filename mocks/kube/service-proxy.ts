// Services as the lab resolves them: a Service's port to a ready pod's process (the endpoints
// controller and kube-proxy), the API server's service proxy
// (/api/v1/namespaces/{ns}/services/{[scheme:]name[:port]}/proxy/{path}) and cluster DNS names
// (http://<svc>.<ns>.svc[.cluster.local]:<port>) for the lab's Central.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { KubeObject } from '../contract.ts';
import type { ContainerRuntime } from './container-runtime.ts';
import { PODS, SERVICES, storeKey } from './resources.ts';
import { ApiError, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(rec) : []);

export type EndpointLookup = { kind: 'ok'; port: number } | { kind: 'no-service' } | { kind: 'no-endpoints' };

export interface ProxyRoute {
  namespace: string;
  /** The service part of the URL as given, e.g. `receiver:8080` or `http:receiver:http`. */
  serviceId: string;
  name: string;
  port?: string;
  /** Path after `/proxy`, always starting with `/`. */
  path: string;
}

const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/;

export function parseProxyPath(pathname: string): ProxyRoute | undefined {
  const m = PROXY_PATH.exec(pathname);
  if (!m) return undefined;
  let namespace: string;
  let serviceId: string;
  try {
    namespace = decodeURIComponent(m[1] ?? '');
    serviceId = decodeURIComponent(m[2] ?? '');
  } catch {
    return undefined;
  }
  // [scheme:]name[:port]; the lab speaks plain HTTP to pods, so the scheme is accepted and ignored.
  const parts = serviceId.split(':');
  const withoutScheme = parts.length === 3 ? parts.slice(1) : parts;
  const [name = '', port] = withoutScheme;
  const route: ProxyRoute = { namespace, serviceId, name, path: m[3] ?? '/' };
  if (port !== undefined && port !== '') route.port = port;
  return route;
}

const CLUSTER_HOST =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\.?$/;

export class ServiceEndpoints {
  constructor(
    private readonly store: ObjectStore,
    private readonly runtime: ContainerRuntime,
  ) {}

  /** `port`: a service port's name or number; absent means the service's only (or first) port. */
  lookup(namespace: string, name: string, port?: string): EndpointLookup {
    const service = this.store.get(storeKey(SERVICES), namespace, name);
    if (!service) return { kind: 'no-service' };
    const ports = list(rec(service.spec).ports);
    const servicePort =
      port === undefined ? ports[0] : ports.find((p) => p.name === port || String(p.port) === port);
    if (!servicePort) return { kind: 'no-endpoints' };
    const selector = rec(rec(service.spec).selector) as Record<string, string>;
    if (Object.keys(selector).length === 0) return { kind: 'no-endpoints' };
    for (const pod of this.store.list(storeKey(PODS), namespace)) {
      if (pod.metadata.deletionTimestamp) continue;
      const labels = pod.metadata.labels ?? {};
      if (!Object.entries(selector).every(([key, value]) => labels[key] === value)) continue;
      const containerPort = targetPortOf(pod, servicePort.targetPort ?? servicePort.port);
      if (containerPort === undefined) continue;
      const hostPort = this.runtime.endpoint(pod.metadata.uid, containerPort);
      if (hostPort !== undefined) return { kind: 'ok', port: hostPort };
    }
    return { kind: 'no-endpoints' };
  }

  /**
   * Cluster DNS for a client inside the cluster: a service URL becomes the loopback address of a
   * ready pod. A service without a ready pod (or no such service) maps to a refused port, as a
   * ClusterIP without endpoints refuses connections. Any other URL is returned unchanged.
   */
  resolveUrl(url: string): string {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return url;
    }
    const m = CLUSTER_HOST.exec(parsed.hostname);
    if (!m || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return url;
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    const found = this.lookup(m[3] ?? '', m[1] ?? '', port);
    const target = found.kind === 'ok' ? found.port : 0;
    return `http://127.0.0.1:${target}${parsed.pathname}${parsed.search}`;
  }

  /** Forwards one request through the service proxy; errors are thrown as API Status errors. */
  async proxy(route: ProxyRoute, search: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const found = this.lookup(route.namespace, route.name, route.port);
    if (found.kind === 'no-service') throw notFound(SERVICES, route.name);
    if (found.kind === 'no-endpoints') {
      throw new ApiError(
        503,
        'ServiceUnavailable',
        `no endpoints available for service "${route.serviceId}"`,
      );
    }
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(req.headers)) {
      // The API server never passes the caller's credentials on to the pod.
      if (value === undefined || ['authorization', 'host', 'connection'].includes(key)) continue;
      headers[key] = value;
    }
    await new Promise<void>((resolve, reject) => {
      const upstream = httpRequest(
        { host: '127.0.0.1', port: found.port, method: req.method, path: route.path + search, headers },
        (answer: IncomingMessage) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', resolve);
          answer.on('error', resolve);
        },
      );
      upstream.on('error', (err) =>
        reject(
          new ApiError(
            503,
            'ServiceUnavailable',
            `error trying to reach service: dial tcp 127.0.0.1:${found.port}: ${err.message}`,
          ),
        ),
      );
      req.pipe(upstream);
    });
  }
}

function targetPortOf(pod: KubeObject, target: unknown): number | undefined {
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && /^\d+$/.test(target)) return Number(target);
  for (const container of list(rec(pod.spec).containers)) {
    const port = list(container.ports).find((p) => p.name === target);
    if (port) return Number(port.containerPort);
  }
  return undefined;
}
