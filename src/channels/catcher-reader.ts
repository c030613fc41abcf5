// Reads back what a Generic Webhook endpoint received, through webhook.site's token API
// (GET /token/<uuid>/requests, https://docs.webhook.site/api/requests.html): each request's method,
// headers, raw body and time. The lab's catcher answers the same API. Central has no event stream,
// nor does webhook.site without an account, so the wait polls (the one wait vocabulary).

import { HarnessError } from '../errors.ts';
import { environmentProxySettings, type ProxySettings, proxyFetch } from '../proxy/index.ts';
import { redact } from '../redact.ts';
import { Probe, seconds, Wait } from '../wait.ts';

export interface CaughtRequest {
  method: string;
  /** Lower-case header names, as webhook.site lists them. */
  headers: Record<string, string[]>;
  /** The raw body. */
  content: string;
  /** Epoch ms. */
  receivedAt: number;
}

interface TokenRequests {
  data?: { method?: string; headers?: Record<string, string[]>; content?: string; created_at?: string }[];
}

const WEBHOOK_SITE = /^https:\/\/webhook\.site\/([0-9a-f-]{36})\/?$/i;

/** Where to read the endpoint's requests: the explicit URL, else webhook.site's API for its URL. */
export function catcherReadUrl(endpoint: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return explicit;
  const token = WEBHOOK_SITE.exec(endpoint)?.[1];
  return token ? `https://webhook.site/token/${token}/requests` : undefined;
}

export interface CatcherReaderOptions {
  readUrl: string;
  secrets: readonly string[];
  proxy?: ProxySettings;
}

export class CatcherReader {
  readonly #opts: CatcherReaderOptions;
  readonly #fetch: typeof fetch;

  constructor(opts: CatcherReaderOptions) {
    this.#opts = opts;
    this.#fetch = proxyFetch(opts.proxy ?? environmentProxySettings());
  }

  async list(): Promise<CaughtRequest[]> {
    const url = new URL(this.#opts.readUrl);
    url.searchParams.set('sorting', 'newest');
    const what = `Reading the Generic Webhook's requests at ${redact(this.#opts.readUrl, [...this.#opts.secrets])}`;
    let res: Response;
    try {
      res = await this.#fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new HarnessError({
        code: 'GENERIC_READ_FAILED',
        what,
        cause: err instanceof Error ? err.message : String(err),
        fix: 'Check GENERIC_WEBHOOK_READ_URL (for webhook.site: https://webhook.site/token/<uuid>/requests) and that this machine reaches it',
      });
    }
    if (!res.ok) {
      throw new HarnessError({
        code: 'GENERIC_READ_FAILED',
        what,
        cause: `it answered ${res.status}${res.status === 404 ? ' (no such token: the webhook.site URL expired or was deleted)' : ''}`,
        fix: 'Open a new URL on webhook.site, put it in the integration and GENERIC_WEBHOOK_URL, and run again',
      });
    }
    const body = (await res.json()) as TokenRequests;
    return (body.data ?? []).map((r) => ({
      method: r.method ?? '',
      headers: r.headers ?? {},
      content: r.content ?? '',
      receivedAt: Date.parse(r.created_at ?? '') || 0,
    }));
  }

  /** The first request since `since` whose body `matches`; the timeout says what did arrive. */
  waitFor(
    matches: (r: CaughtRequest) => boolean,
    opts: { since: number; timeoutMs: number },
  ): Promise<CaughtRequest> {
    return Wait.until<CaughtRequest, number>(
      async () => {
        const recent = (await this.list()).filter((r) => r.receivedAt >= opts.since);
        const hit = recent.find(matches);
        return hit ? Probe.done(hit) : Probe.notYet(recent.length);
      },
      {
        timeoutMs: opts.timeoutMs,
        intervalMs: 100,
        maxIntervalMs: 2_000,
        onTimeout: ({ elapsedMs, lastSeen }) =>
          new HarnessError({
            code: 'GENERIC_NOT_RECEIVED',
            what: `Waiting for Central's post at the Generic Webhook (${redact(this.#opts.readUrl, [...this.#opts.secrets])})`,
            cause: `none within ${seconds(elapsedMs)}; ${lastSeen ?? 0} other request(s) arrived meanwhile`,
            fix: "Check the integration's Endpoint is the URL you read (GENERIC_WEBHOOK_URL), and Central's administration events for the notifier",
          }),
      },
    );
  }
}

/** The body Central's Test sends (central/notifiers/generic/generic.go Test: a testalert). */
export const GENERIC_TEST_ALERT_ID = 'testalert';

/** The alert a generic body carries ({"alert": {...}}, extra fields beside it), or undefined. */
export function genericAlertOf(content: string): { id?: string; policy?: { name?: string } } | undefined {
  try {
    const body = JSON.parse(content) as { alert?: { id?: string; policy?: { name?: string } } };
    return body.alert;
  } catch {
    return undefined;
  }
}
