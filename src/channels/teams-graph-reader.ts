// Proof that an alert reached a real Teams channel, through Microsoft Graph: the channel's messages
// (newest pages first, `$top` 50) or its delta feed filtered on lastModifiedDateTime since the run
// start. Teams allows about 4 requests/s per app and channel, so polls are slow (10 s growing to
// 30 s by default) and a 429's Retry-After is waited out before the next request.

import { type Client, GraphError } from '@microsoft/microsoft-graph-client';
import { HarnessError } from '../errors.ts';
import { environmentProxySettings, type ProxySettings, proxyFailure } from '../proxy/index.ts';
import type { TeamsReadbackSettings } from './readback-config.ts';
import { type ListOptions, PolledReader, sendWithinRateLimit } from './readback-poll.ts';
import { type GraphChatMessage, teamsMessageFromGraph } from './teams-card.ts';
import { teamsReadError } from './teams-errors.ts';
import {
  createGraphClient,
  GRAPH_BASE_URL,
  type GraphTransport,
  type TeamsAuthOption,
} from './teams-graph-client.ts';
import { jwtExpiry } from './token-expiry.ts';
import type { ChannelMessage, ChannelReader } from './types.ts';

export interface TeamsGraphReaderOptions {
  /** The team's group id (GUID). */
  teamId: string;
  /** The channel id (19:...@thread.tacv2). */
  channelId: string;
  auth: TeamsAuthOption;
  /** Graph base, default https://graph.microsoft.com (tests use a loopback stub). */
  baseUrl?: string;
  /** 'list': GET .../messages?$top=50; 'delta': .../messages/delta with a lastModifiedDateTime filter. */
  mode?: 'list' | 'delta';
  /** First poll interval (default 10 s), growing 1.5x per empty poll up to maxPollMs (default 30 s). */
  pollMs?: number;
  maxPollMs?: number;
  /** $top, at most 50. */
  top?: number;
  maxPages?: number;
  maxRateLimitWaits?: number;
  /** Wait used when a 429 carries no Retry-After (default 10 s). */
  defaultRetryAfterMs?: number;
  requestTimeoutMs?: number;
  /** Extra values to keep out of errors (tokens and client secrets given in `auth` always are). */
  secrets?: string[];
  /** The proxy settings (HarnessConfig.proxy); default: this process's environment. */
  proxy?: ProxySettings;
}

export interface TeamsReaderStats {
  /** Graph requests made (429 answers included). */
  calls: number;
  rateLimitWaitsMs: number[];
}

interface GraphPage {
  value?: GraphChatMessage[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

interface DeltaState {
  next: string;
  messages: Map<string, ChannelMessage>;
}

const MAX_TOP = 50;

const TIMEOUT_FIXES = {
  nothing:
    "a Teams Workflows webhook answers 202 before its flow runs: open the flow's run history; RHACS's card has no Adaptive Card envelope, so the template flow fails (F5). Add a Compose step that wraps it in an Adaptive Card, then re-test",
  others:
    'other messages arrived: compare them with the alert (the card shows policy, deployment, namespace and the alert link, never the violation text, F6)',
};

function secretsOf(auth: TeamsAuthOption): string[] {
  if ('token' in auth) return [auth.token];
  if ('clientSecret' in auth) return [auth.clientSecret];
  return [];
}

export class TeamsGraphReader extends PolledReader implements ChannelReader {
  readonly name = 'teams' as const;
  readonly where: string;
  /** The channel as people see it: anyone's post, from any webhook. */
  readonly ownWebhookOnly = false;
  readonly stats: TeamsReaderStats = { calls: 0, rateLimitWaitsMs: [] };
  readonly #client: Client;
  readonly #base: URL;
  readonly #target: { teamId: string; channelId: string };
  readonly #mode: 'list' | 'delta';
  readonly #secrets: string[];
  readonly #delegatedExpiresAt: number | undefined;
  readonly #top: number;
  readonly #maxPages: number;
  readonly #maxRateLimitWaits: number;
  readonly #defaultRetryAfterMs: number;
  readonly #requestTimeoutMs: number;
  readonly #delta = new Map<number, DeltaState>();
  readonly #proxy: ProxySettings;
  readonly #transport: GraphTransport = {};

  constructor(opts: TeamsGraphReaderOptions) {
    const firstPollMs = opts.pollMs ?? 10_000;
    super({ firstMs: firstPollMs, maxMs: opts.maxPollMs ?? Math.max(30_000, firstPollMs) }, TIMEOUT_FIXES);
    const baseUrl = (opts.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, '');
    this.#base = new URL(baseUrl);
    this.#proxy = opts.proxy ?? environmentProxySettings();
    this.#client = createGraphClient(opts.auth, baseUrl, this.#proxy, this.#transport);
    this.#target = { teamId: opts.teamId, channelId: opts.channelId };
    this.#mode = opts.mode ?? 'list';
    this.#secrets = [...secretsOf(opts.auth), ...(opts.secrets ?? [])];
    this.#delegatedExpiresAt = 'token' in opts.auth ? jwtExpiry(opts.auth.token) : undefined;
    this.#top = Math.min(opts.top ?? MAX_TOP, MAX_TOP);
    this.#maxPages = opts.maxPages ?? 10;
    this.#maxRateLimitWaits = opts.maxRateLimitWaits ?? 5;
    this.#defaultRetryAfterMs = opts.defaultRetryAfterMs ?? 10_000;
    this.#requestTimeoutMs = opts.requestTimeoutMs ?? 20_000;
    this.where = `Teams channel ${opts.channelId} of team ${opts.teamId} (Microsoft Graph)`;
  }

  static fromSettings(
    settings: TeamsReadbackSettings,
    extra: Partial<TeamsGraphReaderOptions> = {},
  ): TeamsGraphReader {
    const auth: TeamsAuthOption =
      settings.auth.kind === 'delegated-token'
        ? { token: settings.auth.token }
        : {
            tenantId: settings.auth.tenantId,
            clientId: settings.auth.clientId,
            clientSecret: settings.auth.clientSecret,
          };
    return new TeamsGraphReader({ teamId: settings.teamId, channelId: settings.channelId, auth, ...extra });
  }

  get #messagesPath(): string {
    const { teamId, channelId } = this.#target;
    return `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages`;
  }

  /** Every message the channel shows created at or after `since` (epoch ms), oldest first. */
  async listMessages(since: number, opts: ListOptions = {}): Promise<ChannelMessage[]> {
    const found =
      this.#mode === 'delta'
        ? await this.#listDelta(since, opts.signal)
        : await this.#listPages(since, opts.signal);
    return [...found.values()]
      .filter((m) => m.receivedAt >= since)
      .sort((a, b) => a.receivedAt - b.receivedAt);
  }

  async #listPages(since: number, signal: AbortSignal | undefined): Promise<Map<string, ChannelMessage>> {
    const out = new Map<string, ChannelMessage>();
    let path: string | undefined = `${this.#messagesPath}?$top=${this.#top}`;
    for (let page = 0; path !== undefined && page < this.#maxPages; page++) {
      const body = await this.#get(path, signal);
      const raws = body.value ?? [];
      for (const raw of raws) {
        const m = teamsMessageFromGraph(raw);
        if (m) out.set(m.id, m);
      }
      // Newest first: once a whole page predates the run, older pages cannot hold this run's alert.
      const allOlder =
        raws.length > 0 && raws.every((r) => (Date.parse(r.createdDateTime ?? '') || 0) < since);
      path = allOlder ? undefined : this.#relative(body['@odata.nextLink']);
    }
    return out;
  }

  async #listDelta(since: number, signal: AbortSignal | undefined): Promise<Map<string, ChannelMessage>> {
    let state = this.#delta.get(since);
    if (!state) {
      const filter = encodeURIComponent(`lastModifiedDateTime gt ${new Date(since).toISOString()}`);
      state = {
        next: `${this.#messagesPath}/delta?$filter=${filter}&$top=${this.#top}`,
        messages: new Map(),
      };
      this.#delta.set(since, state);
    }
    // One round: follow nextLinks to the deltaLink, which the next poll starts from.
    for (let page = 0; page < this.#maxPages; page++) {
      const body = await this.#get(state.next, signal);
      for (const raw of body.value ?? []) {
        const m = teamsMessageFromGraph(raw);
        if (m) state.messages.set(m.id, m);
        else state.messages.delete(raw.id);
      }
      const next = this.#relative(body['@odata.nextLink']);
      const delta = this.#relative(body['@odata.deltaLink']);
      if (next !== undefined) state.next = next;
      else {
        if (delta !== undefined) state.next = delta;
        break;
      }
    }
    return state.messages;
  }

  /** Graph's links are absolute; the SDK only parses https ones, so hand it a path of our base. */
  #relative(link: string | undefined): string | undefined {
    if (!link) return undefined;
    const url = new URL(link, this.#base);
    if (url.origin !== this.#base.origin) {
      throw new HarnessError({
        code: 'TEAMS_GRAPH_ERROR',
        what: `Reading ${this.where}`,
        cause: `Graph returned a paging link to another host (${url.origin})`,
        fix: 'check the Graph base URL; the harness sends its token only to that host',
      });
    }
    const basePath = this.#base.pathname.replace(/\/+$/, '');
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    return path.replace(/^\/v1\.0(?=\/)/, '') + url.search;
  }

  #get(path: string, signal: AbortSignal | undefined): Promise<GraphPage> {
    const what = `Reading ${this.where}`;
    return sendWithinRateLimit({
      send: async () => {
        this.#transport.lastFailure = undefined;
        const timeout = AbortSignal.timeout(this.#requestTimeoutMs);
        return (await this.#client
          .api(path)
          .option('signal', signal ? AbortSignal.any([signal, timeout]) : timeout)
          .get()) as GraphPage;
      },
      // Once the caller aborts, its own abort error is what surfaces, 429 or not.
      rateLimitOf: (err) => {
        if (signal?.aborted || !(err instanceof GraphError) || err.statusCode !== 429) return undefined;
        const retryAfter = Number.parseInt(err.headers?.get('retry-after') ?? '', 10);
        const waitMs = Number.isFinite(retryAfter)
          ? Math.max(retryAfter, 1) * 1000
          : this.#defaultRetryAfterMs;
        return { waitMs, askedSeconds: waitMs / 1000 };
      },
      readError: (err) => {
        // The SDK rewraps a fetch failure as a bare GraphError: the transport kept the original.
        const transport = this.#transport.lastFailure;
        this.#transport.lastFailure = undefined;
        if (signal?.aborted) return err;
        const viaProxy = transport && proxyFailure(transport.error, transport.url, this.#proxy, what);
        return viaProxy ?? teamsReadError(err, what, this.#target, this.#secrets, this.#delegatedExpiresAt);
      },
      tooMany: (answers, askedSeconds) =>
        new HarnessError({
          code: 'TEAMS_RATE_LIMITED',
          what,
          cause: `Graph answered 429 ${answers} times in a row, last asking to wait ${askedSeconds} s`,
          fix: 'poll less often (READBACK_POLL_MS, 10-30 s) and keep other readers of this channel to under 4 requests/s',
        }),
      maxWaits: this.#maxRateLimitWaits,
      stats: this.stats,
      signal,
    });
  }
}
