// Proof that an alert reached a real Slack channel: conversations.history with a bot token, from the
// run start onwards. The WebClient's own retrying is switched off (rejectRateLimitedCalls, no
// retries) so the reader decides: it waits out a 429's Retry-After itself, inside the caller's wait.

import {
  type Logger,
  LogLevel,
  WebAPIRateLimitedError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { HarnessError } from '../errors.ts';
import { environmentProxySettings, type ProxySettings, proxyFailure, proxyFetch } from '../proxy/index.ts';
import type { SlackReadbackSettings } from './readback-config.ts';
import { type ListOptions, PolledReader, sendWithinRateLimit } from './readback-poll.ts';
import { slackReadError } from './slack-errors.ts';
import { type SlackHistoryMessage, slackMessageFromHistory } from './slack-message.ts';
import type { ChannelMessage, ChannelReader } from './types.ts';

export interface SlackHistoryReaderOptions {
  /** Bot User OAuth Token (xoxb-...) with channels:history or groups:history. */
  token: string;
  channelId: string;
  /** Web API base, default https://slack.com/api/ (tests point it at a loopback stub). */
  slackApiUrl?: string;
  /** First poll interval; it grows 1.5x per empty poll up to maxPollMs. Defaults 3 s and 15 s. */
  pollMs?: number;
  maxPollMs?: number;
  /** Messages per page (Slack recommends at most 15 for non-Marketplace apps). */
  pageLimit?: number;
  /** Pages followed per poll through response_metadata.next_cursor. */
  maxPages?: number;
  /** 429s waited out per request before giving up. */
  maxRateLimitWaits?: number;
  requestTimeoutMs?: number;
  /** Extra values to keep out of errors (the token is always kept out). */
  secrets?: string[];
  /** The proxy settings (HarnessConfig.proxy); default: this process's environment. */
  proxy?: ProxySettings;
}

export interface SlackReaderStats {
  /** conversations.history requests made (429 answers included). */
  calls: number;
  /** Each Retry-After waited out, in ms. */
  rateLimitWaitsMs: number[];
}

const MAX_PAGE_LIMIT = 15;

const TIMEOUT_FIXES = {
  nothing:
    "check that the notifier's webhook posts into this channel, that the policy lists the notifier, and Central's administration events for delivery errors",
  others:
    'a Slack workflow trigger (/triggers/...) shows only what its message step composes: declare and use summary, policy and alert_url, or use an app Incoming Webhook (/services/...)',
};

/** The WebClient logs nothing: the harness reports through its own errors. */
const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

export class SlackHistoryReader extends PolledReader implements ChannelReader {
  readonly name = 'slack' as const;
  readonly where: string;
  /** The channel as people see it: anyone's post, from any webhook. */
  readonly ownWebhookOnly = false;
  readonly stats: SlackReaderStats = { calls: 0, rateLimitWaitsMs: [] };
  readonly #client: WebClient;
  readonly #channelId: string;
  readonly #secrets: string[];
  readonly #pageLimit: number;
  readonly #maxPages: number;
  readonly #maxRateLimitWaits: number;
  readonly #apiUrl: string;
  readonly #proxy: ProxySettings;

  constructor(opts: SlackHistoryReaderOptions) {
    super(
      { firstMs: opts.pollMs ?? 3000, maxMs: opts.maxPollMs ?? Math.max(15_000, opts.pollMs ?? 0) },
      TIMEOUT_FIXES,
    );
    this.#channelId = opts.channelId;
    this.#secrets = [opts.token, ...(opts.secrets ?? [])];
    this.#pageLimit = Math.min(opts.pageLimit ?? MAX_PAGE_LIMIT, MAX_PAGE_LIMIT);
    this.#maxPages = opts.maxPages ?? 10;
    this.#maxRateLimitWaits = opts.maxRateLimitWaits ?? 5;
    this.#apiUrl = opts.slackApiUrl ?? 'https://slack.com/api/';
    this.#proxy = opts.proxy ?? environmentProxySettings();
    this.#client = new WebClient(opts.token, {
      slackApiUrl: this.#apiUrl,
      // The same fetch by another type name (@slack/web-api declares its own FetchFunction).
      fetch: proxyFetch(this.#proxy) as unknown as WebClientOptions['fetch'],
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: opts.requestTimeoutMs ?? 15_000,
      maxRequestConcurrency: 1,
      logger: silentLogger,
      allowAbsoluteUrls: false,
    });
    this.where = `Slack channel ${opts.channelId} (conversations.history)`;
  }

  static fromSettings(
    settings: SlackReadbackSettings,
    extra: Partial<SlackHistoryReaderOptions> = {},
  ): SlackHistoryReader {
    return new SlackHistoryReader({ token: settings.botToken, channelId: settings.channelId, ...extra });
  }

  /** Every message the channel shows from `since` (epoch ms) on, oldest first. */
  async listMessages(since: number, opts: ListOptions = {}): Promise<ChannelMessage[]> {
    const oldest = (since / 1000).toFixed(6);
    const byTs = new Map<string, ChannelMessage>();
    let cursor: string | undefined;
    for (let page = 0; page < this.#maxPages; page++) {
      const result = await this.#history(oldest, cursor, opts.signal);
      for (const raw of (result.messages ?? []) as SlackHistoryMessage[]) {
        if (typeof raw.ts !== 'string') continue;
        const message = slackMessageFromHistory(raw);
        if (message.receivedAt >= since) byTs.set(message.id, message);
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) break;
    }
    return [...byTs.values()].sort((a, b) => a.receivedAt - b.receivedAt);
  }

  #history(oldest: string, cursor: string | undefined, signal: AbortSignal | undefined) {
    const what = `Reading ${this.where}`;
    return sendWithinRateLimit({
      send: () =>
        this.#client.conversations.history({
          channel: this.#channelId,
          oldest,
          inclusive: true,
          limit: this.#pageLimit,
          ...(cursor === undefined ? {} : { cursor }),
        }),
      rateLimitOf: (err) =>
        err instanceof WebAPIRateLimitedError
          ? { waitMs: Math.max(err.retryAfter, 1) * 1000, askedSeconds: err.retryAfter }
          : undefined,
      readError: (err) =>
        proxyFailure(err, this.#apiUrl, this.#proxy, what) ??
        slackReadError(err, what, this.#channelId, this.#secrets),
      tooMany: (answers, askedSeconds) =>
        new HarnessError({
          code: 'SLACK_RATE_LIMITED',
          what,
          cause: `Slack answered 429 (rate limited) ${answers} times in a row, last asking to wait ${askedSeconds} s`,
          fix: 'poll less often (READBACK_POLL_MS) or run fewer harnesses against this app; an app distributed outside the Marketplace is limited to 1 request/min',
        }),
      maxWaits: this.#maxRateLimitWaits,
      stats: this.stats,
      signal,
    });
  }
}
