// Microsoft Teams: Workflows (Power Automate) webhooks that answer 202 and run a flow afterwards, and the
// retired Office 365 connector URLs.
import { HttpResponse, http, type RequestHandler } from 'msw';
import type { HookKind, ShownCard } from '../../types/receivers.ts';
import { azureError, type HookRequest, type Outcome, rootedAt, runHook } from './hook-pipeline.ts';
import type { Inbox } from './inbox.ts';
import { type RateLimit, RateLimiter } from './rate-limit.ts';
import { adaptiveCard, connectorCard, isObject } from './render.ts';

export interface TeamsOptions {
  /** Workflows treat RHACS's connector-style card as a MessageCard and post it (default false: the run fails). */
  teamsAcceptsMessageCard?: boolean;
  /** Delay between the 202 and the end of the flow run (default 20 ms). */
  flowRunDelayMs?: number;
  /** Per hook; default 4 per second. false disables it. */
  teamsRateLimit?: RateLimit | false;
  /** A posted card larger than this fails the run (default 28 KB). */
  teamsMaxMessageBytes?: number;
  /** 'retired' (default): connector URLs answer as dead (410); 'legacy': the historic connector behaviour. */
  teamsLegacyConnector?: 'retired' | 'legacy';
}

export const TEAMS_DEFAULT_RATE: RateLimit = { burst: 4, perSecond: 4 };
export const TEAMS_MAX_MESSAGE_BYTES = 28 * 1024;
export const TEMPLATE_FOREACH_FAILURE =
  "ExpressionEvaluationFailed. The execution of template action 'Send_each_adaptive_card' failed: the result of the evaluation of 'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type '{type}'. The result must be a valid array.";
export const ENTITY_TOO_LARGE = 'Request entity too large';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

type FlowResult = { error: string } | { cards: ShownCard[] };

function azureTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float';
  return `${typeof value}`.replace(/^./, (c) => c.toUpperCase());
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

const tooLarge = (posted: unknown[], max: number): boolean =>
  posted.some((card) => Buffer.byteLength(JSON.stringify(card)) > max);

/** What the flow does with the trigger body once the run starts. */
export function runFlow(kind: HookKind, raw: string, options: TeamsOptions): FlowResult {
  const max = options.teamsMaxMessageBytes ?? TEAMS_MAX_MESSAGE_BYTES;
  const body = parseBody(raw);
  if (kind === 'teams-workflow-fixed') {
    // The users' fix: a Compose step building an Adaptive Card from title, text and sections.
    const source = isObject(body) ? { title: body.title, text: body.text, sections: body.sections } : {};
    return tooLarge([source], max) ? { error: ENTITY_TOO_LARGE } : { cards: [connectorCard(source)] };
  }
  const attachments = isObject(body) ? body.attachments : undefined;
  if (!Array.isArray(attachments)) {
    const looksLikeCard =
      isObject(body) &&
      (body['@type'] === 'MessageCard' || ['title', 'text', 'summary', 'sections'].some((k) => k in body));
    if (options.teamsAcceptsMessageCard && looksLikeCard)
      return tooLarge([body], max) ? { error: ENTITY_TOO_LARGE } : { cards: [connectorCard(body)] };
    return { error: TEMPLATE_FOREACH_FAILURE.replace('{type}', azureTypeName(attachments)) };
  }
  const cards: ShownCard[] = [];
  for (const attachment of attachments) {
    const content = isObject(attachment) ? attachment.content : undefined;
    if (
      !isObject(attachment) ||
      attachment.contentType !== ADAPTIVE_CARD ||
      !isObject(content) ||
      content.type !== 'AdaptiveCard'
    )
      return {
        error:
          "BadRequest. The execution of template action 'Send_each_adaptive_card' failed: the attachment is not an Adaptive Card.",
      };
    if (tooLarge([content], max)) return { error: ENTITY_TOO_LARGE };
    cards.push(adaptiveCard(content));
  }
  return { cards };
}

function signatureProblem(url: URL): Outcome | undefined {
  const sig = url.searchParams.get('sig');
  const fail = (code: string, message: string): Outcome => ({
    response: azureError(401, code, message),
    delivered: false,
    error: code,
  });
  if (!url.searchParams.get('sp') || !url.searchParams.get('sv'))
    return fail(
      'AuthorizationFailed',
      "Required parameters for shared access URL are permissions ('sp'), version ('sv'), and signature ('sig').",
    );
  if (!sig)
    return fail(
      'DirectApiAuthorizationRequired',
      'The request must be authenticated only by Shared Access scheme.',
    );
  return undefined;
}

function workflowHandler(inbox: Inbox, options: TeamsOptions, limiter: RateLimiter): RequestHandler {
  const delayMs = options.flowRunDelayMs ?? 20;
  return http.post('*/workflows/:workflowId/triggers/manual/paths/invoke', async ({ request, params }) => {
    if (!rootedAt(request, '/workflows/')) return undefined;
    const workflowId = String(params.workflowId);
    const hook = inbox.findHook(['teams-workflow-template', 'teams-workflow-fixed'], workflowId);
    if (!hook) return azureError(404, 'WorkflowNotFound', `The workflow '${workflowId}' could not be found.`);
    return runHook(inbox, hook, request, {
      limiter,
      authenticate: () => {
        const url = new URL(request.url);
        const problem = signatureProblem(url);
        if (problem || url.searchParams.get('sig') === hook.secret) return problem;
        return {
          response: azureError(
            401,
            'DirectApiInvalidAuthorizationSignature',
            'The provided authorization signature is not valid.',
          ),
          delivered: false,
          error: 'DirectApiInvalidAuthorizationSignature',
        };
      },
      process: (req: HookRequest): Outcome => ({
        response: new HttpResponse(null, { status: 202 }),
        delivered: false,
        after: (message) => {
          const run = inbox.startRun(hook.id, message.id);
          setTimeout(() => {
            const result = runFlow(hook.kind, req.rawBody, options);
            inbox.finishRun(
              run.id,
              message.id,
              'error' in result ? result : { shown: { kind: 'teams', cards: result.cards } },
            );
          }, delayMs);
        },
      }),
    });
  });
}

/** The historic connector: 200 "1", 400 without summary/text, 413 over the size limit. */
function legacyConnector(req: HookRequest, options: TeamsOptions): Outcome {
  const text = (status: number, body: string): Response =>
    new HttpResponse(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (Buffer.byteLength(req.rawBody) > (options.teamsMaxMessageBytes ?? TEAMS_MAX_MESSAGE_BYTES))
    return { response: text(413, ''), delivered: false, error: 'HTTP 413' };
  const body = parseBody(req.rawBody);
  const hasText = isObject(body) && [body.text, body.summary].some((v) => typeof v === 'string' && v !== '');
  if (!hasText)
    return {
      response: text(400, 'Summary or Text is required.'),
      delivered: false,
      error: 'Summary or Text is required.',
    };
  return {
    response: text(200, '1'),
    delivered: true,
    shown: { kind: 'teams', cards: [connectorCard(body)] },
  };
}

export function teamsHandlers(inbox: Inbox, options: TeamsOptions): RequestHandler[] {
  const limit = options.teamsRateLimit === undefined ? TEAMS_DEFAULT_RATE : options.teamsRateLimit;
  const workflowLimiter = new RateLimiter(limit);
  const connectorLimiter = new RateLimiter(limit);
  inbox.subscribe((event) => {
    if (event.type !== 'reset') return;
    workflowLimiter.reset();
    connectorLimiter.reset();
  });
  return [
    workflowHandler(inbox, options, workflowLimiter),
    http.post(
      '*/webhookb2/:tenant/IncomingWebhook/:connector/:owner/:secret',
      async ({ request, params }) => {
        if (!rootedAt(request, '/webhookb2/')) return undefined;
        const hook = inbox.findHook('teams-legacy-connector', String(params.connector));
        const gone = (): Outcome => ({
          response: new HttpResponse('', { status: 410 }),
          delivered: false,
          error: 'HTTP 410',
        });
        if (!hook) return gone().response;
        return runHook(inbox, hook, request, {
          limiter: connectorLimiter,
          authenticate: () => (params.secret === hook.secret ? undefined : gone()),
          // Retired in May 2026: every connector URL is dead; the retired answer is 410 Gone.
          process: (req) =>
            options.teamsLegacyConnector === 'legacy' ? legacyConnector(req, options) : gone(),
        });
      },
    ),
  ];
}
