// How Central delivers a notifier payload: which URL, the HTTP exchange with its 503 retries, and how a
// failure is described in an administration event.
import type { Notifier } from '../../types/rhacs.ts';
import type { DeploymentView, NamespaceView } from '../contract.ts';

export type { RetryJob, RetrySchedule } from './alertRetryQueue.ts';
export { AlertRetryQueue, CENTRAL_RETRY_SCHEDULE } from './alertRetryQueue.ts';

export interface DeliveryResult {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  attempts: number;
}

/** The Teams client's timeout (ROX_TEAMS_TIMEOUT); the Slack client has none. */
export const TEAMS_TIMEOUT_MS = 10_000;
export const MAX_DELIVERY_TRIES = 3;
/** Sleeps between tries after a 503: previousAttempt² × 100 ms. */
export const DEFAULT_RETRY_DELAYS_MS = [100, 400];

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** `https://` only when there is no scheme; trailing slashes trimmed from the end of the string. */
export function normalizeWebhookUrl(url: string): string {
  const trimmed = url.trim();
  const withScheme = SCHEME.test(trimmed) ? trimmed : `https://${trimmed}`;
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

function describeFetchError(error: unknown, timeoutMs: number | undefined): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') {
      return `context deadline exceeded (Client.Timeout exceeded after ${timeoutMs} ms)`;
    }
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error) return `${error.message}: ${cause.message}`;
    return error.message;
  }
  return String(error);
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
    // The URL carries the webhook secret, so it never goes into the error text.
    return { ok: false, error: describeFetchError(error, timeoutMs) };
  }
}

/** Never throws. Only a 503 is retried; connection errors, timeouts and other statuses are final. */
export async function postWebhook(
  url: string,
  body: string,
  options: { timeoutMs?: number; retryDelaysMs?: number[] } = {},
): Promise<DeliveryResult> {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (let attempt = 1; ; attempt++) {
    const result = await postOnce(url, body, options.timeoutMs);
    if (result.status !== 503 || attempt >= MAX_DELIVERY_TRIES) return { ...result, attempts: attempt };
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
};

const GENERIC_HINT = `An issue occurred when using the notifier.
Ensure that:
- Configuration is valid.
- Central can access the notifier endpoint.`;

const POST_ERROR_MESSAGES: Record<string, string> = {
  slack: 'Error posting message to Slack',
  teams: 'Error posting to teams',
};

/** The administration event's message and hint for a failed delivery. */
export function describeDeliveryFailure(
  notifier: Notifier,
  result: DeliveryResult,
): { message: string; hint: string } {
  const hint = FAILURE_HINTS[notifier.type] ?? GENERIC_HINT;
  if (result.status !== undefined) {
    return {
      message:
        `Received an error response for notifier (notifier: ${notifier.name}, status code: ${result.status}, ` +
        `response: ${result.body ?? ''}). Received error response from ${notifier.name}: ${result.status}. ` +
        'Check central logs for full error.',
      hint,
    };
  }
  const prefix = POST_ERROR_MESSAGES[notifier.type] ?? 'Error posting to notifier';
  return { message: `${prefix} (notifier: ${notifier.name}): ${result.error ?? 'unknown error'}`, hint };
}
