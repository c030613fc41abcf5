import type {
  AdministrationEvent,
  Alert,
  ListAlert,
  ListPolicy,
  Notifier,
  Policy,
  ProcessIndicator,
} from '../../types/rhacs.ts';
import type { HarnessConfig } from '../config.ts';
import { HarnessError } from '../errors.ts';
import { centralHttpError } from './errors.ts';
import { type CentralTransport, centralTransport } from './http.ts';
import { encodeParam, queryString } from './query.ts';
import { type TlsVerification, tlsVerification, tlsVerificationNotice, warnOnce } from './tls.ts';

export interface CentralMetadata {
  version: string;
  buildFlavor?: string;
  releaseBuild?: boolean;
  licenseStatus?: string;
}

export interface AuthStatus {
  userId?: string;
  serviceId?: unknown;
  expires?: string | null;
  authProvider?: { type?: string; name?: string; id?: string } | null;
  [key: string]: unknown;
}

/** A notifier to create: the id is assigned by Central. */
export type NotifierInput = Omit<Notifier, 'id'> & { id?: string };

export interface NotifierTestResult {
  ok: boolean;
  /** The console's wording on success, Central's error message otherwise. */
  message: string;
}

export interface AdministrationEventFilter {
  domain?: string;
  resourceType?: string;
  level?: AdministrationEvent['level'];
  from?: string | Date;
  limit?: number;
}

export interface ConnectCentralOptions {
  /** Deadline for each request, including the initial reachability check (default 10 s). */
  timeoutMs?: number;
  /** Where the "TLS verification is off" line goes (default: stderr, once per process). */
  notice?: (line: string) => void;
}

/** Typed access to Central's REST API (/v1/...); every failure is a HarnessError. */
export class CentralClient {
  readonly #http: CentralTransport;
  /** Central's version from /v1/metadata, read at connect time. */
  version = '';
  /** How Central's certificate was checked, set at connect time. */
  tlsVerification: TlsVerification = 'plain-http';

  constructor(transport: CentralTransport) {
    this.#http = transport;
  }

  get endpoint(): string {
    return this.#http.baseUrl;
  }

  /** Releases keep-alive sockets; call when done so the process can exit. */
  close(): void {
    this.#http.close();
  }

  async #call<T>(method: string, path: string, what: string, body?: unknown): Promise<T> {
    const res = await this.#http.request(method, path, body);
    if (res.status < 200 || res.status > 299) throw centralHttpError(res, what, this.#http.baseUrl);
    if (res.text.trim() === '') return {} as T;
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new HarnessError({
        code: 'CENTRAL_ERROR',
        what,
        cause: `Central answered ${res.status} with a body that is not JSON (${res.text.slice(0, 120)})`,
        fix: 'check ROX_ENDPOINT points at Central itself, not a proxy or login page',
      });
    }
  }

  ping(): Promise<{ status: string }> {
    return this.#call('GET', '/v1/ping', 'Pinging Central');
  }

  /** True when the endpoint serves the web console's login page (a real Central always does). */
  async servesConsole(): Promise<boolean> {
    const res = await this.#http.request('GET', '/login');
    return res.status === 200 && String(res.headers['content-type'] ?? '').startsWith('text/html');
  }

  metadata(): Promise<CentralMetadata> {
    return this.#call('GET', '/v1/metadata', "Reading Central's version");
  }

  authStatus(): Promise<AuthStatus> {
    return this.#call('GET', '/v1/auth/status', 'Checking the Central credentials');
  }

  async listNotifiers(): Promise<Notifier[]> {
    const r = await this.#call<{ notifiers?: Notifier[] }>('GET', '/v1/notifiers', 'Listing notifiers');
    return r.notifiers ?? [];
  }

  getNotifier(id: string): Promise<Notifier> {
    return this.#call('GET', `/v1/notifiers/${encodeParam(id)}`, `Reading notifier ${id}`);
  }

  /** The notifier with exactly this name, if any. */
  async findNotifierByName(name: string): Promise<Notifier | undefined> {
    return (await this.listNotifiers()).find((n) => n.name === name);
  }

  createNotifier(notifier: NotifierInput): Promise<Notifier> {
    return this.#call('POST', '/v1/notifiers', `Creating notifier ${notifier.name}`, { ...notifier, id: '' });
  }

  async updateNotifier(notifier: Notifier): Promise<void> {
    await this.#call(
      'PUT',
      `/v1/notifiers/${encodeParam(notifier.id)}`,
      `Updating notifier ${notifier.name}`,
      notifier,
    );
  }

  async deleteNotifier(id: string): Promise<void> {
    await this.#call('DELETE', `/v1/notifiers/${encodeParam(id)}`, `Deleting notifier ${id}`);
  }

  /** The console's Test button. A failed test is a result, not an exception. */
  async testNotifier(notifier: NotifierInput): Promise<NotifierTestResult> {
    const what = `Testing notifier ${notifier.name}`;
    const res = await this.#http.request('POST', '/v1/notifiers/test', {
      ...notifier,
      id: notifier.id ?? '',
    });
    if (res.status >= 200 && res.status <= 299) return { ok: true, message: 'The test was successful' };
    const error = centralHttpError(res, what, this.#http.baseUrl);
    if (res.status === 400)
      return { ok: false, message: String(error.details?.centralMessage ?? error.cause) };
    throw error;
  }

  async listPolicies(query?: string): Promise<ListPolicy[]> {
    const r = await this.#call<{ policies?: ListPolicy[] }>(
      'GET',
      `/v1/policies${queryString({ query })}`,
      `Listing policies${query ? ` matching ${query}` : ''}`,
    );
    return r.policies ?? [];
  }

  /** The policy with exactly this name, if any (Central's search matches prefixes). */
  async findPolicyByName(name: string): Promise<Policy | undefined> {
    const hit = (await this.listPolicies(`Policy:${name}`)).find((p) => p.name === name);
    return hit ? this.getPolicy(hit.id) : undefined;
  }

  getPolicy(id: string): Promise<Policy> {
    return this.#call('GET', `/v1/policies/${encodeParam(id)}`, `Reading policy ${id}`);
  }

  async updatePolicy(policy: Policy): Promise<void> {
    await this.#call(
      'PUT',
      `/v1/policies/${encodeParam(policy.id)}`,
      `Updating policy "${policy.name}"`,
      policy,
    );
  }

  /** Adds (or with disable=true removes) notifier ids on a policy, as the console does. */
  async patchPolicyNotifiers(policyId: string, notifierIds: string[], disable = false): Promise<void> {
    await this.#call(
      'PATCH',
      `/v1/policies/${encodeParam(policyId)}/notifiers`,
      `${disable ? 'Removing' : 'Adding'} notifiers on policy ${policyId}`,
      { notifierIds, disable },
    );
  }

  async deletePolicy(id: string): Promise<void> {
    await this.#call('DELETE', `/v1/policies/${encodeParam(id)}`, `Deleting policy ${id}`);
  }

  /** Newest first. RESOLVED alerts appear only when the query names `Violation State`. */
  async listAlerts(query: string, limit = 50): Promise<ListAlert[]> {
    const r = await this.#call<{ alerts?: ListAlert[] }>(
      'GET',
      `/v1/alerts${queryString({ query, 'pagination.limit': limit })}`,
      `Listing alerts matching ${query}`,
    );
    return r.alerts ?? [];
  }

  getAlert(id: string): Promise<Alert> {
    return this.#call('GET', `/v1/alerts/${encodeParam(id)}`, `Reading alert ${id}`);
  }

  async countAlerts(query: string): Promise<number> {
    const r = await this.#call<{ count?: number | string }>(
      'GET',
      `/v1/alertscount${queryString({ query })}`,
      `Counting alerts matching ${query}`,
    );
    return Number(r.count ?? 0);
  }

  async resolveAlert(id: string, addToBaseline = false): Promise<void> {
    await this.#call('PATCH', `/v1/alerts/${encodeParam(id)}/resolve`, `Resolving alert ${id}`, {
      addToBaseline,
    });
  }

  async resolveAlerts(query: string): Promise<void> {
    await this.#call('PATCH', '/v1/alerts/resolve', `Resolving alerts matching ${query}`, { query });
  }

  /** Every process Central stored for the deployment (central/processindicator/service). */
  async listDeploymentProcesses(deploymentId: string): Promise<ProcessIndicator[]> {
    const r = await this.#call<{ processes?: ProcessIndicator[] }>(
      'GET',
      `/v1/processes/deployment/${encodeParam(deploymentId)}`,
      `Listing the processes of deployment ${deploymentId}`,
    );
    return r.processes ?? [];
  }

  async listAdministrationEvents(filter: AdministrationEventFilter = {}): Promise<AdministrationEvent[]> {
    const from = filter.from instanceof Date ? filter.from.toISOString() : filter.from;
    const r = await this.#call<{ events?: AdministrationEvent[] }>(
      'GET',
      `/v1/administration/events${queryString({
        'filter.domain': filter.domain,
        'filter.resourceType': filter.resourceType,
        'filter.level': filter.level,
        'filter.from': from,
        'pagination.limit': filter.limit,
      })}`,
      'Listing administration events',
    );
    return r.events ?? [];
  }
}

/**
 * Connects to Central (ROX_ENDPOINT with token or basic auth): pings it, checks the credentials
 * with /v1/auth/status and reads the version.
 */
export async function connectCentral(
  cfg: Pick<HarnessConfig, 'central'> & Partial<Pick<HarnessConfig, 'proxy'>>,
  opts: ConnectCentralOptions = {},
): Promise<CentralClient> {
  if (!cfg.central.token && !cfg.central.adminPassword) {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: 'Connecting to Central',
      cause: 'no credentials: neither ROX_API_TOKEN (or ROX_API_TOKEN_FILE) nor ROX_ADMIN_PASSWORD is set',
      fix: 'set ROX_API_TOKEN to an Admin API token, or ROX_ADMIN_PASSWORD',
    });
  }
  const client = new CentralClient(centralTransport(cfg.central, opts.timeoutMs ?? 10_000, cfg.proxy));
  try {
    await client.ping();
    await client.authStatus();
    client.version = (await client.metadata()).version ?? '';
    client.tlsVerification = tlsVerification(cfg.central);
    const notice = tlsVerificationNotice(cfg.central);
    if (notice !== undefined) (opts.notice ?? warnOnce)(notice);
    return client;
  } catch (e) {
    client.close();
    if (e instanceof HarnessError && e.code === 'CENTRAL_UNAUTHENTICATED') {
      // Name the one credential that was sent: a token wins over the password when both are set.
      const variable = cfg.central.token
        ? (cfg.central.tokenSource ?? 'ROX_API_TOKEN')
        : 'ROX_ADMIN_PASSWORD';
      const said = String(e.details?.centralMessage ?? '');
      throw new HarnessError({
        code: e.code,
        what: e.what,
        cause: cfg.central.token
          ? `Central rejected the API token from ${variable} (401 Unauthorized: "${said}"): ${/expired/i.test(said) ? 'the token has expired' : 'the token is wrong, expired or revoked'}`
          : `Central rejected the admin password from ROX_ADMIN_PASSWORD (401 Unauthorized: "${said}"): the password is wrong`,
        fix: cfg.central.token
          ? `create a new API token (Platform Configuration -> Integrations -> API Token, role Admin) and put it in ${variable}; Central needs a valid API token or admin password`
          : `set ROX_ADMIN_PASSWORD from secret central-htpasswd in Central's namespace ${cfg.central.namespace} (oc -n ${cfg.central.namespace} get secret central-htpasswd -o jsonpath={.data.password} | base64 -d), or use ROX_API_TOKEN`,
        ...(e.details ? { details: { ...e.details, variable } } : { details: { variable } }),
      });
    }
    throw e;
  }
}

/** "4.10" for 4.10 and older, "4.11" for 4.11 and newer: the two console layouts the lab models. */
export function consoleLayout(version: string): '4.10' | '4.11' {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return '4.11';
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 4 || (major === 4 && minor <= 10) ? '4.10' : '4.11';
}
