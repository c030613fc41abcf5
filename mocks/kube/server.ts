// The lab's Kubernetes API server (REST part): discovery, core and apps objects of the workshop's
// workload, the SecurityPolicy custom resource, watches, and the checks in front of pods/exec.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RhacsVersion } from '../../types/rhacs.ts';
import { selfSignedCertificate } from '../certificates.ts';
import type { ClusterState } from '../contract.ts';
import { StoreClusterState } from './cluster-state.ts';
import { ContainerRuntime, type RunningContainer } from './container-runtime.ts';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, SERVER_VERSION } from './discovery.ts';
import { prepareExec } from './exec.ts';
import { authorizeExec, type ExecAuthSubject } from './exec-auth.ts';
import { acceptExec } from './exec-socket.ts';
import { type ApiPath, parseApiPath, parseJsonBody, readBody, sendError, sendJson } from './http.ts';
import { checkDeletePreconditions, ObjectUpdates } from './object-updates.ts';
import { ObjectWrites } from './object-writes.ts';
import { Projects } from './projects.ts';
import { respondGet, respondList, respondWatch, WatchRegistry } from './reads.ts';
import {
  ALL_RESOURCES,
  DEPLOYMENTS,
  NAMESPACES,
  OPENSHIFT_RESOURCES,
  PODS,
  PROJECT_REQUESTS,
  PROJECTS,
  type ResourceDef,
  SECURITY_POLICIES,
  storeKey,
} from './resources.ts';
import { SecurityPolicies } from './securitypolicies.ts';
import { parseProxyPath, ServiceEndpoints } from './service-proxy.ts';
import { acceptSpdyExec } from './spdy-exec.ts';
import { negotiateSpdy } from './spdy-negotiate.ts';
import {
  ApiError,
  badRequest,
  forbidden,
  methodNotAllowed,
  notFound,
  routeNotFound,
  unauthorized,
} from './status.ts';
import { ObjectStore } from './store.ts';
import { type SensorSpec, Workloads } from './workload.ts';
import { WorkloadWrites } from './workload-writes.ts';

export interface KubeUser extends ExecAuthSubject {
  token: string;
  /**
   * Whether RBAC lets the user create and delete namespaces (default true: cluster-admin). false is
   * a regular OpenShift user: such a user requests a project instead (see projects.ts).
   */
  mayCreateNamespaces?: boolean;
  /**
   * Whether the user may request projects (default true: OpenShift binds the self-provisioner role to
   * system:authenticated:oauth; false: a cluster where an admin removed it).
   */
  mayRequestProjects?: boolean;
}

export interface KubeApiOptions {
  host?: string;
  port?: number;
  /** Port of the HTTPS listener (default 0, ephemeral). */
  httpsPort?: number;
  users: KubeUser[];
  clusterName: string;
  clusterId: string;
  /** How long a deleted namespace stays Terminating (default 300 ms). */
  namespaceTerminationMs?: number;
  /** Kubernetes minor version used for exec authorisation (default: the served /version's minor). */
  kubernetesMinor?: number;
  /**
   * Name prefixes of pods whose security context needs the privileged SCC to exec into (default none;
   * the real visa-processor has a privileged sidecar, real-cluster.md section 9).
   */
  privilegedPodPrefixes?: readonly string[];
  /** Whose SecurityPolicy CRD the API server validates against (default 4.11). */
  rhacsVersion?: RhacsVersion;
  /**
   * A Sensor Deployment in stackrox whose env the lab's Sensor reads, and the config-controller's
   * Deployment in Central's namespace (default: neither).
   */
  sensor?: SensorSpec;
  /** Serve OpenShift's project.openshift.io API (default true; false: a plain Kubernetes). */
  projectApi?: boolean;
  /** Central's namespace (default stackrox): created, with the config-controller's Deployment in it. */
  centralNamespace?: string;
}

export interface KubeApi {
  /** http://127.0.0.1:<port> */
  url: string;
  /**
   * https://127.0.0.1:<port>, the same API with a self-signed certificate. kubectl needs it: client-go
   * sends kubeconfig credentials only over TLS. Use `insecure-skip-tls-verify: true`.
   */
  httpsUrl: string;
  /** The listener certificate (PEM), for clients that prefer certificate-authority-data. */
  certificatePem: string;
  cluster: ClusterState;
  /** Same effect as `kubectl rollout restart`. */
  restartDeployment(namespace: string, name: string): void;
  /** The processes the lab's container runtime started for pods (see container-runtime.ts). */
  containers(): RunningContainer[];
  close(): Promise<void>;
}

/** Paths an unauthenticated client may read (system:public-info-viewer). */
const PUBLIC_KINDS = new Set<ApiPath['kind']>(['version', 'health']);

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function isWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value === 'true' || value === '1';
}

/** A plain-text error answer, as Go's http.Error writes it (httpstream Handshake/UpgradeResponse). */
function rawPlainError(
  socket: Duplex,
  code: 400 | 403,
  headers: Record<string, string[]>,
  body: string,
): void {
  const extra = Object.entries(headers).flatMap(([name, values]) => values.map((v) => `${name}: ${v}\r\n`));
  socket.end(
    `HTTP/1.1 ${code} ${code === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      extra.join('') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

function rawHttpError(socket: Duplex, error: ApiError): void {
  const body = `${JSON.stringify(error.toStatus())}\n`;
  const reasonPhrase: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    500: 'Internal Server Error',
  };
  socket.end(
    `HTTP/1.1 ${error.code} ${reasonPhrase[error.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

export async function startKubeApi(options: KubeApiOptions): Promise<KubeApi> {
  const store = new ObjectStore();
  const runtime = new ContainerRuntime(store, (pod) => {
    const deployment = workloads.deploymentOfPod(pod);
    if (deployment)
      workloads.refreshDeploymentStatus(deployment.metadata.namespace ?? '', deployment.metadata.name);
  });
  const workloads: Workloads = new Workloads(store, runtime.admit);
  workloads.seed(options.sensor, options.centralNamespace);
  const policies = new SecurityPolicies(store, options.rhacsVersion ?? '4.11');
  const workloadWrites = new WorkloadWrites(store, workloads);
  const objectWrites = new ObjectWrites(store, workloads, {
    containersStopped: (namespace) => runtime.drained(namespace),
    ...(options.namespaceTerminationMs === undefined
      ? {}
      : { namespaceTerminationMs: options.namespaceTerminationMs }),
  });
  const objectUpdates = new ObjectUpdates(store);
  const projects = new Projects(store, objectWrites);
  const served =
    options.projectApi === false
      ? ALL_RESOURCES.filter((r) => !OPENSHIFT_RESOURCES.includes(r))
      : ALL_RESOURCES;
  const endpoints = new ServiceEndpoints(store, runtime);
  const cluster = new StoreClusterState(options.clusterName, options.clusterId, store, policies, endpoints);
  const watches = new WatchRegistry();
  const upgraded = new Set<Duplex>();
  let pid = 1000 + Math.floor(Math.random() * 4000);
  const execContext = {
    store,
    workloads,
    clusterId: options.clusterId,
    emit: (event: Parameters<StoreClusterState['emitProcessEvent']>[0]) => cluster.emitProcessEvent(event),
    nextPid: () => ++pid,
  };
  let url = '';

  const authenticate = (req: IncomingMessage, route: ApiPath | undefined): KubeUser | undefined => {
    const token = bearerToken(req);
    if (token === undefined && route && PUBLIC_KINDS.has(route.kind)) return undefined;
    const user = token === undefined ? undefined : options.users.find((u) => u.token === token);
    if (!user) throw unauthorized();
    return user;
  };

  const execAuthRequest = (method: string, pod: string, namespace: string) => ({
    method,
    pod,
    namespace,
    kubernetesMinor: options.kubernetesMinor ?? Number(SERVER_VERSION.minor),
    podPrivileged: (options.privilegedPodPrefixes ?? []).some((prefix) => pod.startsWith(prefix)),
  });

  const handleResource = async (
    route: Extract<ApiPath, { kind: 'resource' }>,
    user: KubeUser | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
  ): Promise<void> => {
    const { def, namespace, name, subresource } = route;
    const method = req.method ?? 'GET';
    if (OPENSHIFT_RESOURCES.includes(def)) return handleProject(def, user, name, req, res);
    if (def === NAMESPACES && user?.mayCreateNamespaces === false && subresource === undefined) {
      // RBAC's answer to a user without create/delete on namespaces (no subresource, cluster scope;
      // a named namespace is reported "in the namespace" as the authorizer's attributes carry it).
      if (method === 'POST' && name === undefined)
        throw forbidden({ user: user.name, verb: 'create', resource: NAMESPACES });
      if (method === 'DELETE' && name !== undefined)
        throw forbidden({ user: user.name, verb: 'delete', resource: NAMESPACES, name, namespace: name });
    }
    if (def.namespaced && name !== undefined && namespace === undefined) throw routeNotFound();
    if (subresource === 'exec') {
      authorizeExec(user, execAuthRequest(method, name ?? '', namespace ?? ''));
      throw badRequest('Upgrade request required');
    }
    if (name === undefined) {
      if (method === 'GET') {
        if (isWatch(query)) respondWatch(store, watches, def, namespace, req, res, query);
        else respondList(store, def, namespace, req, res, query);
        return;
      }
      if (method === 'POST' && def === SECURITY_POLICIES && namespace !== undefined) {
        const body = parseJsonBody(await readBody(req));
        const result = policies.create(namespace, body, query);
        sendJson(res, result.code, result.object, result.warnings);
        return;
      }
      if (method === 'POST' && ObjectWrites.handles(def) && (namespace !== undefined || !def.namespaced)) {
        const body = parseJsonBody(await readBody(req));
        sendJson(res, 201, objectWrites.create(def, namespace, body));
        return;
      }
      throw methodNotAllowed();
    }
    const ns = namespace ?? '';
    if (method === 'GET') {
      if (subresource === 'log') {
        const pod = store.get(storeKey(PODS), ns, name);
        if (!pod) throw notFound(PODS, name);
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(runtime.logsOf(pod.metadata.uid) ?? 'Server startup in [2345] milliseconds\n');
        return;
      }
      if (subresource && subresource !== 'status') throw methodNotAllowed();
      respondGet(store, def, ns, name, req, res, query);
      return;
    }
    const result = await write(def, ns, name, subresource, req, query);
    sendJson(res, result.code, result.object, result.warnings);
  };

  const handleProject = async (
    def: ResourceDef,
    user: KubeUser | undefined,
    name: string | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    const method = req.method ?? 'GET';
    if (def === PROJECT_REQUESTS && name === undefined) {
      if (method === 'POST' && user?.mayRequestProjects === false)
        throw forbidden({ user: user.name, verb: 'create', resource: PROJECT_REQUESTS });
      if (method === 'POST')
        return sendJson(res, 201, projects.request(user?.name ?? '', parseJsonBody(await readBody(req))));
      // delegated.go List: whether the user may request projects.
      if (method === 'GET')
        return sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
    }
    if (def === PROJECTS && name === undefined && method === 'GET')
      return sendJson(res, 200, {
        kind: 'ProjectList',
        apiVersion: 'project.openshift.io/v1',
        metadata: {},
        items: projects.list(),
      });
    if (def === PROJECTS && name !== undefined) {
      if (method === 'GET') return sendJson(res, 200, projects.get(name));
      if (method === 'DELETE') {
        await readBody(req);
        return sendJson(res, 200, projects.delete(name));
      }
    }
    throw methodNotAllowed();
  };

  const write = async (
    def: ResourceDef,
    ns: string,
    name: string,
    subresource: string | undefined,
    req: IncomingMessage,
    query: URLSearchParams,
  ) => {
    const method = req.method ?? 'GET';
    const contentType = req.headers['content-type'] ?? '';
    if (def === SECURITY_POLICIES && (subresource === undefined || subresource === 'status')) {
      if (method === 'PUT')
        return policies.update(ns, name, parseJsonBody(await readBody(req)), query, subresource);
      if (method === 'PATCH')
        return policies.patch(ns, name, contentType, await readBody(req), query, subresource);
      if (method === 'DELETE' && subresource === undefined)
        return policies.delete(ns, name, await readBody(req), query);
    }
    if (def === DEPLOYMENTS && subresource === undefined) {
      if (method === 'PATCH') {
        return {
          code: 200,
          object: workloadWrites.patchDeployment(ns, name, contentType, await readBody(req)),
          warnings: [],
        };
      }
      if (method === 'PUT') {
        return {
          code: 200,
          object: workloadWrites.updateDeployment(ns, name, await readBody(req)),
          warnings: [],
        };
      }
    }
    if (def === NAMESPACES && subresource === undefined && method === 'PATCH') {
      const object = objectWrites.patchNamespace(name, contentType, await readBody(req));
      return { code: 200, object, warnings: [] };
    }
    if (ObjectUpdates.handles(def) && subresource === undefined && (method === 'PUT' || method === 'PATCH')) {
      const body = await readBody(req);
      const object =
        method === 'PUT'
          ? objectUpdates.update(def, ns, name, body)
          : objectUpdates.patch(def, ns, name, contentType, body);
      return { code: 200, object, warnings: [] };
    }
    if (ObjectWrites.handles(def) && subresource === undefined && method === 'DELETE') {
      checkDeletePreconditions(def, store.get(storeKey(def), ns, name), await readBody(req));
      // A namespace being deleted is answered with itself (Terminating); the rest with the removed object.
      return { code: 200, object: objectWrites.delete(def, ns, name), warnings: [] };
    }
    if (def === PODS && subresource === undefined && method === 'DELETE') {
      await readBody(req);
      return { code: 200, object: workloadWrites.deletePod(ns, name), warnings: [] };
    }
    throw methodNotAllowed();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const proxyRoute = parseProxyPath(parsed.pathname);
    if (proxyRoute) {
      authenticate(req, undefined);
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].includes(req.method ?? ''))
        throw methodNotAllowed();
      await endpoints.proxy(proxyRoute, parsed.search, req, res);
      return;
    }
    const parsedRoute = parseApiPath(parsed.pathname);
    const route =
      parsedRoute?.kind === 'resource' && !served.includes(parsedRoute.def) ? undefined : parsedRoute;
    const user = authenticate(req, route);
    if (!route) throw routeNotFound();
    const method = req.method ?? 'GET';
    if (route.kind !== 'resource' && method !== 'GET') throw methodNotAllowed();
    switch (route.kind) {
      case 'version':
        return sendJson(res, 200, SERVER_VERSION);
      case 'health':
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('ok');
        return;
      case 'apiVersions':
        return sendJson(res, 200, apiVersions(new URL(url).host));
      case 'groupList':
        return sendJson(res, 200, apiGroupList(served));
      case 'group': {
        const group = apiGroup(route.group, served);
        if (!group) throw routeNotFound();
        return sendJson(res, 200, group);
      }
      case 'resourceList': {
        const list = apiResourceList(route.groupVersion, served);
        if (!list) throw routeNotFound();
        return sendJson(res, 200, list);
      }
      case 'openapi':
        return sendOpenApi(parsed.pathname, req, res);
      case 'resource':
        return handleResource(route, user, req, res, parsed.searchParams);
    }
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      const error =
        err instanceof ApiError
          ? err
          : new ApiError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`);
      sendError(res, error);
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    socket.on('error', () => {});
    try {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const route = parseApiPath(parsed.pathname);
      const user = authenticate(req, route);
      if (route?.kind !== 'resource' || route.subresource !== 'exec' || route.def !== PODS) {
        throw routeNotFound();
      }
      const podName = route.name ?? '';
      const namespace = route.namespace ?? '';
      authorizeExec(user, execAuthRequest(req.method ?? 'GET', podName, namespace));
      const session = prepareExec(execContext, namespace, podName, parsed.searchParams);
      // SPDY (kubectl 1.29 and older, and the fallback of newer ones): negotiation as the real server
      // answers it (spdy-negotiate.ts), then SPDY/3 streams onto the same shell (spdy-exec.ts).
      if (!/websocket/i.test(req.headers.upgrade ?? '')) {
        const negotiation = negotiateSpdy(req);
        if (!negotiation.ok)
          return rawPlainError(socket, negotiation.code, negotiation.headers, negotiation.body);
        return acceptSpdyExec(socket, head, session, negotiation.protocol);
      }
      acceptExec(req, socket, head, session);
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(500, 'InternalError', String(err));
      rawHttpError(socket, error);
    }
  };

  const certificate = selfSignedCertificate();
  const servers: Server[] = [createServer(onRequest), createHttpsServer(certificate, onRequest)];
  for (const server of servers) {
    server.on('upgrade', onUpgrade);
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
  }
  const host = options.host ?? '127.0.0.1';
  const listen = (server: Server, port: number) =>
    new Promise<AddressInfo>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
  const [plain, secure] = servers as [Server, Server];
  const plainAddress = await listen(plain, options.port ?? 0);
  const secureAddress = await listen(secure, options.httpsPort ?? 0).catch(async (err: unknown) => {
    await new Promise((resolve) => plain.close(resolve));
    throw err;
  });
  url = `http://${plainAddress.address}:${plainAddress.port}`;
  const httpsUrl = `https://${secureAddress.address}:${secureAddress.port}`;

  return {
    url,
    httpsUrl,
    certificatePem: certificate.cert,
    cluster,
    restartDeployment: (namespace, name) => {
      workloads.restartDeployment(namespace, name);
    },
    containers: () => runtime.running(),
    close: async () => {
      objectWrites.close();
      await runtime.close();
      watches.closeAll();
      for (const socket of upgraded) socket.destroy();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}

/**
 * kubectl apply refuses to run when /openapi/v2 cannot be downloaded ("failed to download openapi").
 * An empty document satisfies it: kubectl then finds no client-side schema for the CRD and leaves
 * validation to the server (fieldValidation=Strict), which is where the real cluster does it too.
 * /openapi/v3 stays 404, which every kubectl version tolerates.
 */
function sendOpenApi(pathname: string, req: IncomingMessage, res: ServerResponse): void {
  if (pathname.replace(/\/$/, '') !== '/openapi/v2') throw routeNotFound();
  if (/protobuf/.test(req.headers.accept ?? '')) {
    // The empty protobuf message decodes to an empty openapi_v2.Document.
    res.writeHead(200, {
      'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
      'Content-Length': '0',
    });
    res.end();
    return;
  }
  sendJson(res, 200, {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: {},
    definitions: {},
  });
}
