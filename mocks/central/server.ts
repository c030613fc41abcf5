// The embedded lab's RHACS Central: REST API, config-controller and runtime pipeline in one
// server on loopback: plain HTTP by default (fast), or HTTPS with a StackRox service certificate.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RhacsVersion } from '../../types/rhacs.ts';
import { stackroxServiceCertificate } from '../certificates.ts';
import { createConsoleRoutes } from '../console/index.ts';
import { type ClusterState, DEFAULT_CENTRAL_NAMESPACE } from '../contract.ts';
import { AdminEvents } from './admin-events.ts';
import { Authenticator, unauthenticated } from './auth.ts';
import { ConfigController } from './controller.ts';
import { CentralError, GrpcCode, internal } from './errors.ts';
import { type Route, readJsonBody, sendError, sendJson } from './http.ts';
import { Notifications } from './notify.ts';
import { type ProcessFlushTiming, ProcessIndicators, REAL_PROCESS_FLUSH } from './process-indicators.ts';
import { centralRoutes } from './routes.ts';
import { RuntimePipeline } from './runtime.ts';
import { seedCentral } from './seed.ts';
import { CentralStore } from './store.ts';

export interface CentralTiming {
  /** Event-driven reconcile latency (real: a few s). */
  controllerDelayMs: number;
  /** The controller's notifier-name cache (real: up to 5 min). */
  notifierCacheTtlMs: number;
  /** Re-apply CR specs over console edits (4.11+: 30 min; 4.10: null = only on CR change or restart). */
  resyncIntervalMs: number | null;
  /** Failed alert deliveries are retried every intervalMs for windowMs (real: 5 min / 1 h). */
  alertRetry: { intervalMs: number; windowMs: number };
  /**
   * Administration events become listable only at a flush (real: ROX_ADMINISTRATION_EVENTS_FLUSH_INTERVAL,
   * 1 min; the lab: 500 ms so its tests and runs do not wait a minute; LabOptions.timing sets it).
   */
  adminEventsFlushMs: number;
  /** When stored process indicators become listable (real Central's rate limiter and 1-minute ticker). */
  processFlush: ProcessFlushTiming;
  /** An exec until Central has it, Sensor's hop (mocks/latency.ts; the lab default 0). */
  sensorToCentralMs: number;
  /** Central's POST until the webhook receives it (mocks/latency.ts; the lab default 0). */
  webhookPostMs: number;
}

export interface CentralOptions {
  host?: string;
  port?: number;
  cluster: ClusterState;
  version: RhacsVersion;
  startState: 'after-module-3' | 'fresh';
  adminPassword: string;
  apiToken: string;
  /** Default: the server's own URL. */
  uiEndpoint?: string;
  timing?: Partial<CentralTiming>;
  log?: (line: string) => void;
  /**
   * Serve HTTPS with a fresh StackRox service certificate, as Central behind its default passthrough
   * route does: it names central.stackrox (and central.<namespace>), not the address the lab is reached on, so clients need the
   * CA (`caCertificatePem`) and roxctl's service-certificate fallback, or must skip verification.
   */
  tls?: boolean;
  /**
   * Central's namespace (default stackrox): where its config-controller watches SecurityPolicies,
   * and, besides central.stackrox, the names in its certificate (central.<ns>, central.<ns>.svc).
   */
  namespace?: string;
}

export interface Central {
  url: string;
  /** With `tls`: the CA that issued Central's certificate (what ROX_CA_CERT_FILE holds). */
  caCertificatePem?: string;
  /** With `tls`: the certificate Central serves. */
  certificatePem?: string;
  close(): Promise<void>;
  /** 4.8-4.10: the config-controller re-applies every CR spec when its pod restarts. */
  restartController(): void;
  /** See ConfigController.assumeFailures. */
  assumeControllerFailures(name: string, failures: number): void;
}

/** Lab-only handles for the lab's own tests and runner (not part of Central's API). */
export interface CentralInternals extends Central {
  store: CentralStore;
  events: AdminEvents;
  notifications: Notifications;
}

export function defaultTiming(version: RhacsVersion): CentralTiming {
  return {
    controllerDelayMs: 50,
    notifierCacheTtlMs: 1000,
    resyncIntervalMs: version === '4.10' ? null : 30 * 60_000,
    alertRetry: { intervalMs: 5 * 60_000, windowMs: 60 * 60_000 },
    adminEventsFlushMs: 500,
    processFlush: REAL_PROCESS_FLUSH,
    sensorToCentralMs: 0,
    webhookPostMs: 0,
  };
}

const NOT_FOUND = new CentralError(GrpcCode.NotFound, 'Not Found');
const METHOD_NOT_ALLOWED = new CentralError(GrpcCode.Unimplemented, 'Method Not Allowed');

export async function startCentral(options: CentralOptions): Promise<CentralInternals> {
  const log = options.log ?? (() => {});
  const timing = { ...defaultTiming(options.version), ...options.timing };
  const store = new CentralStore(options.version);
  seedCentral(store, options.startState);
  const events = new AdminEvents({ flushIntervalMs: timing.adminEventsFlushMs });
  const auth = new Authenticator({ adminPassword: options.adminPassword, apiToken: options.apiToken });
  let ownUrl = '';
  const uiEndpoint = () => options.uiEndpoint ?? ownUrl;
  const notifications = new Notifications({
    store,
    events,
    cluster: options.cluster,
    version: options.version,
    defaultUiEndpoint: uiEndpoint,
    retry: timing.alertRetry,
    postDelayMs: timing.webhookPostMs,
    log,
  });
  const processes = new ProcessIndicators(timing.processFlush);
  const routes = centralRoutes({
    store,
    cluster: options.cluster,
    auth,
    events,
    notifications,
    processes,
    version: options.version,
    uiEndpoint,
  });

  // Central serves its web console on the same origin as the API, as the real one does.
  const consoleRoutes = createConsoleRoutes({
    version: options.version,
    adminPassword: options.adminPassword,
    issueToken: () => auth.generate({ name: 'console-admin', roles: ['Admin'] }).token,
    authorize: (header) => auth.authenticate(header) !== undefined,
  });
  const namespace = options.namespace ?? DEFAULT_CENTRAL_NAMESPACE;
  const certificate = options.tls ? stackroxServiceCertificate(namespace) : undefined;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (consoleRoutes(req, res)) return;
    handle(req, res, routes, auth).catch((err: unknown) => {
      log(`central: ${req.method} ${req.url} crashed: ${err instanceof Error ? err.stack : String(err)}`);
      if (!res.headersSent) sendError(res, internal('internal error'));
      else res.destroy();
    });
  };
  const server = certificate ? createHttpsServer(certificate, onRequest) : createServer(onRequest);
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  ownUrl = `${certificate ? 'https' : 'http'}://${address.address}:${address.port}`;

  const controller = new ConfigController({ cluster: options.cluster, namespace, store, timing, log });
  const runtime = new RuntimePipeline({
    cluster: options.cluster,
    store,
    notifications,
    processes,
    log,
    version: options.version,
    sensorDelayMs: timing.sensorToCentralMs,
  });

  return {
    url: ownUrl,
    ...(certificate ? { caCertificatePem: certificate.caCert, certificatePem: certificate.cert } : {}),
    store,
    events,
    notifications,
    restartController: () => controller.restart(),
    assumeControllerFailures: (name, failures) => controller.assumeFailures(name, failures),
    close: async () => {
      controller.close();
      runtime.close();
      processes.close();
      notifications.close();
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: Route[], auth: Authenticator) {
  const url = new URL(req.url ?? '/', 'http://central.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(url.pathname);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    try {
      const identity = auth.authenticate(req.headers.authorization);
      if (!identity && !r.anonymous) throw unauthenticated();
      const body = method === 'GET' || method === 'DELETE' ? {} : await readJsonBody(req);
      const result = await r.handle({ params: m.groups ?? {}, query: url.searchParams, body, identity });
      sendJson(res, 200, result ?? {});
    } catch (err) {
      if (err instanceof CentralError) sendError(res, err);
      else throw err;
    }
    return;
  }
  // grpc-gateway's routing errors.
  sendError(res, pathMatched ? METHOD_NOT_ALLOWED : NOT_FOUND);
}
