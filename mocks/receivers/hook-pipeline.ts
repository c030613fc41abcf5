// What every hook does with a request before its own logic: authenticate, apply programmed faults and
// revocation, rate-limit; then record what it received and answered in the inbox.
import { HttpResponse } from 'msw';
import type { FaultSpec, HookKind, InboxMessage, Shown } from '../../types/receivers.ts';
import type { HookRecord, Inbox } from './inbox.ts';
import type { RateLimiter } from './rate-limit.ts';

export interface Outcome {
  response: Response;
  delivered: boolean;
  shown?: Shown;
  error?: string;
  /** Runs after the message is recorded (e.g. queue a Teams flow run). */
  after?: (message: InboxMessage) => void;
}

export interface HookRequest {
  hook: HookRecord;
  request: Request;
  rawBody: string;
}

export interface HookBehaviour {
  /** Rejects a request whose credential is wrong; undefined lets it through. */
  authenticate?: (req: HookRequest) => Outcome | undefined;
  process: (req: HookRequest) => Outcome;
  limiter: RateLimiter;
}

const SLACK_CODES: Record<number, string> = {
  400: 'invalid_payload',
  403: 'action_prohibited',
  404: 'no_service',
  410: 'channel_is_archived',
  429: 'rate_limited',
  500: 'rollup_error',
  503: 'service_unavailable',
};

const AZURE_CODES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'WorkflowNotFound',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function slackPlain(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new HttpResponse(code, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}

export function slackJson(status: number, body: object, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body, { status, headers });
}

export function azureError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return HttpResponse.json({ error: { code, message } }, { status, headers });
}

/** The hook's own error format for a status, used for faults, revocation and rate limits. */
export function errorAnswer(
  kind: HookKind,
  status: number,
  body: string | undefined,
  headers: Record<string, string>,
): Outcome {
  const slackCode = SLACK_CODES[status] ?? `http_${status}`;
  switch (kind) {
    case 'slack-incoming':
      return {
        response: slackPlain(status, body ?? slackCode, headers),
        delivered: false,
        error: body ?? slackCode,
      };
    case 'slack-workflow': {
      const text = body ?? JSON.stringify({ ok: false, error: slackCode });
      const response = new HttpResponse(text, {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      });
      return { response, delivered: false, error: body ?? slackCode };
    }
    case 'teams-legacy-connector':
      return {
        response: new HttpResponse(body ?? '', {
          status,
          headers: { 'content-type': 'text/plain', ...headers },
        }),
        delivered: false,
        error: body ?? `HTTP ${status}`,
      };
    default: {
      const code = AZURE_CODES[status] ?? `Http${status}`;
      const response =
        body === undefined
          ? azureError(status, code, `The request failed with status code '${status}'.`, headers)
          : new HttpResponse(body, { status, headers: { 'content-type': 'application/json', ...headers } });
      return { response, delivered: false, error: body ?? code };
    }
  }
}

/** How a deleted/revoked hook answers. */
export function revokedAnswer(hook: HookRecord): Outcome {
  switch (hook.kind) {
    case 'slack-incoming':
      return errorAnswer(hook.kind, 404, 'no_service', {});
    case 'slack-workflow':
      return errorAnswer(hook.kind, 401, JSON.stringify({ ok: false, error: 'invalid_auth' }), {});
    case 'teams-legacy-connector':
      return errorAnswer(hook.kind, 410, '', {});
    default:
      return workflowNotFound(hook.key);
  }
}

export function workflowNotFound(workflowId: string): Outcome {
  const response = azureError(404, 'WorkflowNotFound', `The workflow '${workflowId}' could not be found.`);
  return { response, delivered: false, error: 'WorkflowNotFound' };
}

function faultAnswer(kind: HookKind, fault: FaultSpec & { status: number }): Outcome {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined || fault.status === 429)
    headers['retry-after'] = String(fault.retryAfter ?? 1);
  return errorAnswer(kind, fault.status, fault.body, headers);
}

/** msw's leading '*' matches any origin and any path prefix; hooks live at the root. */
export const rootedAt = (request: Request, prefix: string): boolean =>
  new URL(request.url).pathname.startsWith(prefix);

function headersOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

export async function runHook(
  inbox: Inbox,
  hook: HookRecord,
  request: Request,
  behaviour: HookBehaviour,
): Promise<Response> {
  const receivedAt = Date.now();
  const rawBody = await request.text();
  const req: HookRequest = { hook, request, rawBody };
  let outcome = behaviour.authenticate?.(req);
  if (!outcome) {
    const fault = inbox.takeFault(hook.id);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (hook.revoked) outcome = revokedAnswer(hook);
    else if (fault?.status !== undefined)
      outcome = faultAnswer(hook.kind, { ...fault, status: fault.status });
    else {
      const wait = behaviour.limiter.take(hook.id);
      outcome =
        wait > 0
          ? errorAnswer(hook.kind, 429, undefined, { 'retry-after': String(wait) })
          : behaviour.process(req);
    }
  }
  const message = inbox.record({
    hookId: hook.id,
    receivedAt,
    status: outcome.response.status,
    headers: headersOf(request),
    rawBody,
    shown: outcome.shown ?? null,
    delivered: outcome.delivered,
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
  });
  outcome.after?.(message);
  return outcome.response;
}
