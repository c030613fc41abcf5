// How Central delivers a notifier payload: which URL, the HTTP exchange with its 503 retries, and how a
// failure is described in an administration event.
import type { Notifier } from '../../types/rhacs.ts';
import type { DeploymentView, NamespaceView } from '../contract.ts';

export type { RetryJob, RetrySchedule } from './alertRetryQueue.ts';
export { AlertRetryQueue, CENTRAL_RETRY_SCHEDULE } from './alertRetryQueue.ts';

/** One try that did not get a 2xx: the answer, or Go's transport error text (without the URL). */
export interface FailedAttempt {
  status?: number;
  body?: string;
  error?: string;
}

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  attempts: number;
  /** Every failed try: Central logs each one, so each is an occurrence of the failure event. */
  failures: FailedAttempt[];
}

/** The Teams client's timeout (ROX_TEAMS_TIMEOUT); the Slack client has none. */
export const TEAMS_TIMEOUT_MS = 10_000;
export const MAX_DELIVERY_TRIES = 3;
/** Sleeps between tries after a 503: previousAttempt² × 100 ms. */
export const DEFAULT_RETRY_DELAYS_MS = [100, 400];

/**
 * stackrox pkg/urlfmt/url.go FormatURL(url, HTTPS, NoTrailingSlash), as slack.go and teams.go call
 * it: `https://` is prepended unless the string starts with "http" (case-sensitive, no trimming, so
 * "HTTPS://x" becomes "https://HTTPS://x"), and trailing slashes are trimmed.
 */
export function normalizeWebhookUrl(url: string): string {
  const withScheme = url.startsWith('http') ? url : `https://${url}`;
  return withScheme.replace(/\/+$/, '');
}

/**
 * With a labelKey: the deployment's annotation, the deployment's label, the namespace's annotation,
 * then labelDefault. Test messages always use labelDefault.
 */
export function webhookUrlFor(
  notifier: Notifier,
  deployment: DeploymentView | undefined,
  namespace: NamespaceView | undefined,
): string {
  const key = notifier.labelKey;
  const candidates = key
    ? [deployment?.annotations[key], deployment?.labels[key], namespace?.annotations[key]]
    : [];
  const chosen = candidates.find((value) => value !== undefined && value !== '') ?? notifier.labelDefault;
  return normalizeWebhookUrl(chosen);
}

/**
 * Node's fetch failure as Go's net/http words it after `Post "<url>": `. Connection refused and
 * the client timeout are Go's texts; other causes keep Node's message (a guess at no better form).
 */
function describeFetchError(error: unknown, url: string): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
    }
    const cause = (error as { cause?: unknown }).cause as (Error & { code?: string }) | undefined;
    if (cause?.code === 'ECONNREFUSED') return `dial tcp ${hostPort(url)}: connect: connection refused`;
    if (cause?.code === 'ENOTFOUND') return `dial tcp: lookup ${new URL(url).hostname}: no such host`;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
}

function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function postOnce(url: string, body: string, timeoutMs: number | undefined) {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'Go-http-client/1.1' },
      body,
      signal: timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { ok: response.status >= 200 && response.status <= 299, status: response.status, body: text };
  } catch (error) {
    // The URL carries the webhook secret: only the event message adds it, as Central's does.
    return { ok: false, error: describeFetchError(error, url) };
  }
}

/** Never throws. Only a 503 is retried; connection errors, timeouts and other statuses are final. */
export async function postWebhook(
  url: string,
  body: string,
  options: { timeoutMs?: number; retryDelaysMs?: number[] } = {},
): Promise<DeliveryResult> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const failures: FailedAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    const { ok, ...answer } = await postOnce(url, body, options.timeoutMs);
    if (!ok) failures.push(answer);
    if (answer.status !== 503 || attempt >= MAX_DELIVERY_TRIES) {
      return { ok, ...answer, attempts: attempt, failures };
    }
    await sleep(delays[attempt - 1] ?? delays.at(-1) ?? 0);
  }
}

const FAILURE_HINTS: Record<string, string> = {
  slack: `An issue occurred when using the Slack notifier.
Ensure that:
- Configuration is valid, specifically the auth information.
- Central can access the Slack endpoint.

For additional information, consult the event message for detailed information.`,
  teams: `An issue occurred when using the Teams notifier.
Ensure that:
- Configuration is valid.
- Central can access the Teams endpoint.

In case a timeout error occurred, adjust the timeout for sending alerts to teams by setting the "ROX_TEAMS_TIMEOUT"
environment variable.`,
  // pkg/administration/events/hints.go, codes.WebhookGeneric.
  generic: `An issue occurred when using the Generic notifier.
Ensure that:
- Configuration is valid, specifically the auth information and TLS certificates.
- Central can access the webhook endpoint.

In case a timeout error occurred, adjust the timeout for sending alerts by setting the "ROX_WEBHOOK_TIMEOUT"
environment variable.`,
};

const GENERIC_HINT = `An issue occurred when using the notifier.
Ensure that:
- Configuration is valid.
- Central can access the notifier endpoint.`;

/** The err_code each notifier logs (pkg/administration/events/codes/codes.go). */
const ERR_CODES: Record<string, string> = {
  slack: 'slack-generic',
  teams: 'teams-generic',
  generic: 'webhook-generic',
};

/** central/notifiers/slack/slack.go and teams/teams.go postMessage. */
const POST_ERROR_MESSAGES: Record<string, string> = {
  slack: 'Error posting message to Slack',
  teams: 'Error posting message to teams',
};

/** zap's console encoding of a log line's fields, in the order logged (pkg/logging/encoder.go). */
function zapConsole(line: string, fields: [string, string][]): string {
  return `${line} {${fields.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

/**
 * The administration event's message and hint for one failed try at `url` (the URL Central
 * posted to: a transport error quotes it in full, secret included, as Go's url.Error does).
 */
export function describeDeliveryFailure(
  notifier: Notifier,
  attempt: FailedAttempt,
  url: string,
): { message: string; hint: string } {
  const hint = FAILURE_HINTS[notifier.type] ?? GENERIC_HINT;
  const errCode = ERR_CODES[notifier.type] ?? `${notifier.type}-generic`;
  if (attempt.status !== undefined) {
    // pkg/notifiers/common.go wrapError: logging.Err(nil) adds no field; the status is not logged.
    const message = zapConsole('Received an error response for notifier', [
      ['err_code', errCode],
      ['notifier', notifier.name],
      ['response', attempt.body ?? ''],
    ]);
    return { message, hint };
  }
  const line = POST_ERROR_MESSAGES[notifier.type] ?? 'Error posting message';
  const message = zapConsole(line, [
    ['error', `Post "${url}": ${attempt.error ?? 'unknown error'}`],
    ['err_code', errCode],
    ['notifier', notifier.name],
  ]);
  return { message, hint };
}
