// The inbox API under /inbox/api: what the hooks received, flow runs, live events (SSE), faults, hooks.
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FaultSpec, HookKind, InboxEvent } from '../../types/receivers.ts';
import type { Inbox } from './inbox.ts';
import { isObject } from './render.ts';

export interface InboxApiOptions {
  /** Interval of the SSE heartbeat comment (default 15 s). */
  sseHeartbeatMs?: number;
}

const HOOK_KINDS: HookKind[] = [
  'slack-incoming',
  'slack-workflow',
  'teams-workflow-template',
  'teams-workflow-fixed',
  'teams-legacy-connector',
];

const badRequest = (message: string, status = 400): Response =>
  HttpResponse.json({ error: message }, { status });

function sseFrame(event: InboxEvent): string {
  const data = event.type === 'message' ? event.message : event.type === 'run' ? event.run : {};
  return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

function eventStream(inbox: Inbox, request: Request, heartbeatMs: number): Response {
  const encoder = new TextEncoder();
  let stop = (): void => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string): void => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = inbox.subscribe((event) => send(sseFrame(event)));
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      request.signal.addEventListener('abort', () => {
        stop();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send(': connected\n\n');
    },
    cancel() {
      stop();
    },
  });
  return new HttpResponse(stream, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' },
  });
}

function parseFault(body: unknown): FaultSpec | string {
  if (!isObject(body) || typeof body.hookId !== 'string') return 'hookId (string) is required';
  const { hookId, status, body: text, retryAfter, delayMs, times, revoke } = body;
  const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  if (status !== undefined && !(isCount(status) && status >= 100 && status <= 599))
    return 'status must be 100-599';
  if (text !== undefined && typeof text !== 'string') return 'body must be a string';
  if (retryAfter !== undefined && !isCount(retryAfter)) return 'retryAfter must be whole seconds';
  if (delayMs !== undefined && !isCount(delayMs)) return 'delayMs must be a whole number';
  if (times !== undefined && !(isCount(times) && times > 0)) return 'times must be a positive integer';
  if (status === undefined && delayMs === undefined && revoke !== true)
    return 'one of status, delayMs or revoke is required';
  const spec: FaultSpec = { hookId };
  if (status !== undefined) spec.status = status;
  if (text !== undefined) spec.body = text;
  if (retryAfter !== undefined) spec.retryAfter = retryAfter;
  if (delayMs !== undefined) spec.delayMs = delayMs;
  if (times !== undefined) spec.times = times;
  if (revoke === true) spec.revoke = true;
  return spec;
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

export function inboxApiHandlers(inbox: Inbox, options: InboxApiOptions = {}): RequestHandler[] {
  const heartbeatMs = options.sseHeartbeatMs ?? 15_000;
  return [
    http.get('*/inbox/api/messages', ({ request }) => {
      const query = new URL(request.url).searchParams;
      const receiver = query.get('receiver');
      if (receiver !== null && receiver !== 'slack' && receiver !== 'teams')
        return badRequest('receiver must be slack or teams');
      const sinceText = query.get('since');
      const since = sinceText === null ? undefined : Number(sinceText);
      if (since !== undefined && !Number.isFinite(since))
        return badRequest('since must be epoch milliseconds');
      const messages = inbox.listMessages({
        ...(receiver === null ? {} : { receiver }),
        ...(since === undefined ? {} : { since }),
        ...(query.get('hook') === null ? {} : { hookId: query.get('hook')! }),
      });
      return HttpResponse.json({ messages });
    }),
    http.get('*/inbox/api/runs', ({ request }) => {
      const hook = new URL(request.url).searchParams.get('hook');
      return HttpResponse.json({ runs: inbox.listRuns(hook ?? undefined) });
    }),
    http.get('*/inbox/api/events', ({ request }) => eventStream(inbox, request, heartbeatMs)),
    http.post('*/inbox/api/reset', () => {
      inbox.reset();
      return HttpResponse.json({ ok: true });
    }),
    http.get('*/inbox/api/hooks', () => HttpResponse.json({ hooks: inbox.listHooks() })),
    http.post('*/inbox/api/hooks', async ({ request }) => {
      const body = await jsonBody(request);
      const kind = isObject(body) ? body.kind : undefined;
      if (!HOOK_KINDS.includes(kind as HookKind))
        return badRequest(`kind must be one of ${HOOK_KINDS.join(', ')}`);
      const hook = inbox.createHook(kind as HookKind, new URL(request.url).origin);
      return HttpResponse.json(hook, { status: 201 });
    }),
    http.post('*/inbox/api/faults', async ({ request }) => {
      const spec = parseFault(await jsonBody(request));
      if (typeof spec === 'string') return badRequest(spec);
      if (!inbox.addFault(spec)) return badRequest(`no hook ${spec.hookId}`, 404);
      return HttpResponse.json({ ok: true, fault: spec }, { status: 201 });
    }),
    http.delete('*/inbox/api/faults', ({ request }) => {
      inbox.clearFaults(new URL(request.url).searchParams.get('hook') ?? undefined);
      return HttpResponse.json({ ok: true });
    }),
  ];
}
