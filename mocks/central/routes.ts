// Central's REST endpoints (the subset the module and the harness use).
import type { RhacsVersion } from '../../types/rhacs.ts';
import type { ClusterState } from '../contract.ts';
import type { AdminEventFilter, AdminEvents } from './admin-events.ts';
import { type Authenticator, authStatus, unauthenticated } from './auth.ts';
import { invalidArgs, notFound } from './errors.ts';
import type { GenericConfig } from './generic-notifier.ts';
import { intParam, type RequestContext, type Route, route } from './http.ts';
import type { Notifications } from './notify.ts';
import type { ProcessIndicators } from './process-indicators.ts';
import {
  alertJson,
  isObject,
  listAlertJson,
  listPolicyJson,
  notifierFromJson,
  notifierJson,
  policyFromJson,
  policyJson,
} from './shapes.ts';
import { type CentralStore, validateNotifier } from './store.ts';

export interface RouteDeps {
  store: CentralStore;
  cluster: ClusterState;
  auth: Authenticator;
  events: AdminEvents;
  notifications: Notifications;
  processes: ProcessIndicators;
  version: RhacsVersion;
  uiEndpoint: () => string;
}

const FULL_VERSION: Record<RhacsVersion, string> = { '4.10': '4.10.2', '4.11': '4.11.0' };

function eventFilter(q: URLSearchParams): AdminEventFilter {
  return {
    from: q.get('filter.from') ?? undefined,
    until: q.get('filter.until') ?? undefined,
    domain: q.getAll('filter.domain'),
    resourceType: q.getAll('filter.resourceType'),
    type: q.getAll('filter.type'),
    level: q.getAll('filter.level'),
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * pkg/secrets/reconcile.go ReconcileScrubbedStructWithExisting: the stored password is reused, and
 * a changed scrub:"dependent" field (endpoint, username) needs the credentials sent again.
 */
function reuseStoredPassword(sent: GenericConfig, stored: GenericConfig | undefined): void {
  for (const field of ['endpoint', 'username'] as const) {
    if (sent[field] !== (stored?.[field] ?? ''))
      throw invalidArgs(
        `credentials required to update field 'Notifier.Notifier_Generic.Generic.${field === 'endpoint' ? 'Endpoint' : 'Username'}'`,
      );
  }
  sent.password = stored?.password ?? '';
}

export function centralRoutes(d: RouteDeps): Route[] {
  const { store } = d;
  const requireIdentity = (ctx: RequestContext) => {
    if (!ctx.identity) throw unauthenticated();
    return ctx.identity;
  };
  const param = (ctx: RequestContext, name: string) => decodeURIComponent(ctx.params[name] ?? '');

  return [
    route('GET', '/v1/ping', () => ({ status: 'ok' }), { anonymous: true }),
    route(
      'GET',
      '/v1/metadata',
      (ctx) => ({
        // Central shows its version only to authenticated callers.
        version: ctx.identity ? FULL_VERSION[d.version] : '',
        buildFlavor: 'release',
        releaseBuild: true,
        licenseStatus: 'VALID',
        compatibleSensorVersions: [],
      }),
      { anonymous: true },
    ),
    route('GET', '/v1/auth/status', (ctx) => authStatus(requireIdentity(ctx), d.uiEndpoint())),
    route('POST', '/v1/apitokens/generate', (ctx) => d.auth.generate(ctx.body)),

    // ---- notifiers ----
    route('GET', '/v1/notifiers', () => ({ notifiers: store.listNotifiers().map(notifierJson) })),
    route('GET', '/v1/notifiers/{id}', (ctx) => notifierJson(store.getNotifier(param(ctx, 'id')))),
    route('POST', '/v1/notifiers', (ctx) => notifierJson(store.addNotifier(notifierFromJson(ctx.body)))),
    route('PUT', '/v1/notifiers/{id}', (ctx) => {
      store.updateNotifier({ ...notifierFromJson(ctx.body), id: param(ctx, 'id') });
      return {};
    }),
    // service_impl.go UpdateNotifier: with updatePassword false the stored secrets are reconciled.
    route('PATCH', '/v1/notifiers/{id}', (ctx) => {
      const n = {
        ...notifierFromJson(isObject(ctx.body.notifier) ? ctx.body.notifier : {}),
        id: param(ctx, 'id'),
      };
      const updatePassword = ctx.body.updatePassword === true;
      const invalid = validateNotifier(n, updatePassword);
      if (invalid) throw invalid;
      if (!updatePassword && n.generic) reuseStoredPassword(n.generic, store.getNotifier(n.id).generic);
      store.updateNotifier(n, updatePassword);
      return {};
    }),
    route('DELETE', '/v1/notifiers/{id}', (ctx) => {
      store.deleteNotifier(param(ctx, 'id'));
      return {};
    }),
    route('POST', '/v1/notifiers/test', async (ctx) => {
      const n = notifierFromJson(ctx.body);
      const invalid = validateNotifier(n);
      if (invalid) throw invalid;
      await d.notifications.testNotifier(n);
      return {};
    }),
    route('POST', '/v1/notifiers/test/updated', async (ctx) => {
      const n = notifierFromJson(isObject(ctx.body.notifier) ? ctx.body.notifier : {});
      const updatePassword = ctx.body.updatePassword === true;
      const invalid = validateNotifier(n, updatePassword);
      if (invalid) throw invalid;
      if (!updatePassword) {
        if (!n.id) throw invalidArgs('id required for stored credential reconciliation');
        const existing = store.notifiers.get(n.id);
        if (!existing) throw notFound(`notifier integration ${n.id} not found`);
        if (!n.notifierSecret) n.notifierSecret = existing.notifierSecret;
        if (n.generic) reuseStoredPassword(n.generic, existing.generic);
      }
      await d.notifications.testNotifier(n);
      return {};
    }),

    // ---- policies ----
    route('GET', '/v1/policies', (ctx) => {
      const limit = intParam(ctx.query, 'pagination.limit');
      const offset = intParam(ctx.query, 'pagination.offset') ?? 0;
      const all = store.listPolicies(ctx.query.get('query'));
      const paged = limit && limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
      return { policies: paged.map(listPolicyJson) };
    }),
    route('GET', '/v1/policies/{id}', (ctx) => policyJson(store.getPolicy(param(ctx, 'id')))),
    route('POST', '/v1/policies', (ctx) => policyJson(store.addPolicy(policyFromJson(ctx.body)))),
    route('PUT', '/v1/policies/{id}', (ctx) => {
      store.updatePolicy(param(ctx, 'id'), policyFromJson(ctx.body));
      return {};
    }),
    route('PATCH', '/v1/policies/{id}', (ctx) => {
      store.setPolicyDisabled(param(ctx, 'id'), ctx.body.disabled === true);
      return {};
    }),
    route('PATCH', '/v1/policies/{id}/notifiers', (ctx) => {
      store.setPolicyNotifiers(param(ctx, 'id'), strings(ctx.body.notifierIds), ctx.body.disable === true);
      return {};
    }),
    route('DELETE', '/v1/policies/{id}', (ctx) => {
      store.deletePolicy(param(ctx, 'id'));
      return {};
    }),

    // ---- processes (central/processindicator/service/service_impl.go GetProcessesByDeployment) ----
    route('GET', '/v1/processes/deployment/{deploymentId}', (ctx) => {
      const id = param(ctx, 'deploymentId');
      // Central knows a deployment from Sensor's deployment events (its id is the Kubernetes uid:
      // stackrox pkg/protoconv/resources/resources.go, Id: string(meta.GetUID())), so a
      // Deployment with no process yet is known too; the lab also knows those of its processes and alerts.
      const known =
        d.cluster.hasDeployment(id) ||
        d.processes.knowsDeployment(id) ||
        store.listAlerts(null).some((a) => a.deployment.id === id);
      if (!known) throw notFound(`deployment with id '${id}' does not exist`);
      return { processes: d.processes.byDeployment(id) };
    }),

    // ---- alerts ----
    route('GET', '/v1/alerts', (ctx) => ({
      alerts: store
        .listAlerts(
          ctx.query.get('query'),
          intParam(ctx.query, 'pagination.limit'),
          intParam(ctx.query, 'pagination.offset'),
        )
        .map(listAlertJson),
    })),
    route('GET', '/v1/alerts/{id}', (ctx) => alertJson(store.getAlert(param(ctx, 'id')))),
    route('GET', '/v1/alertscount', (ctx) => ({ count: store.listAlerts(ctx.query.get('query')).length })),
    route('PATCH', '/v1/alerts/resolve', (ctx) => {
      const query = typeof ctx.body.query === 'string' ? ctx.body.query : '';
      store.resolveAlerts(query);
      return {};
    }),
    route('PATCH', '/v1/alerts/{id}/resolve', (ctx) => {
      store.resolveAlert(param(ctx, 'id'));
      return {};
    }),

    // ---- administration events ----
    route('GET', '/v1/administration/events', (ctx) => ({
      events: d.events.list(
        eventFilter(ctx.query),
        intParam(ctx.query, 'pagination.limit'),
        intParam(ctx.query, 'pagination.offset'),
      ),
    })),
    route('GET', '/v1/administration/events/{id}', (ctx) => ({ event: d.events.get(param(ctx, 'id')) })),
    route('GET', '/v1/count/administration/events', (ctx) => ({
      count: d.events.count(eventFilter(ctx.query)),
    })),
  ];
}
