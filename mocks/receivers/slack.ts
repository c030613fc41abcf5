// Slack incoming webhooks (/services/...) and workflow webhook triggers (/triggers/...).
import { http, type RequestHandler } from 'msw';
import type { Shown } from '../../types/receivers.ts';
import { type HookRequest, type Outcome, rootedAt, runHook, slackJson, slackPlain } from './hook-pipeline.ts';
import { LAB_TEAM_ID } from './hook-urls.ts';
import type { Inbox } from './inbox.ts';
import { type RateLimit, RateLimiter } from './rate-limit.ts';
import { isObject, slackAttachment, slackBlocks, slackText } from './render.ts';

export interface SlackOptions {
  /** Variables the workflow trigger declares (default ['text']). */
  slackWorkflowVariables?: string[];
  /** The workflow's message step; `{name}` is replaced by the variable (default: each variable on a line). */
  slackWorkflowTemplate?: string;
  /** A declared variable missing or empty: 'failed-run' answers ok and records an undelivered run (default); 'reject' answers 400. */
  slackWorkflowMissingVariable?: 'failed-run' | 'reject';
  /** Per hook; default a burst of 30 then 1 per second. false disables it. */
  slackRateLimit?: RateLimit | false;
}

export const SLACK_DEFAULT_RATE: RateLimit = { burst: 30, perSecond: 1 };
const MAX_ATTACHMENTS = 100;

const reject = (status: number, code: string): Outcome => ({
  response: slackPlain(status, code),
  delivered: false,
  error: code,
});

function parseIncoming(req: HookRequest): unknown {
  const type = req.request.headers.get('content-type') ?? '';
  const text = type.includes('application/x-www-form-urlencoded')
    ? (new URLSearchParams(req.rawBody).get('payload') ?? '')
    : req.rawBody;
  return JSON.parse(text);
}

export function processIncoming(req: HookRequest): Outcome {
  let payload: unknown;
  try {
    payload = parseIncoming(req);
  } catch {
    return reject(400, 'invalid_payload');
  }
  if (!isObject(payload)) return reject(400, 'invalid_payload');
  const { text, blocks, attachments } = payload;
  if (Array.isArray(attachments) && attachments.length > MAX_ATTACHMENTS)
    return reject(400, 'too_many_attachments');
  const hasText = typeof text === 'string' && text.trim() !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments)
    return reject(400, 'missing_text_or_fallback_or_attachments');
  const shown: Shown = {
    kind: 'slack',
    text: slackText(text),
    attachments: hasAttachments ? attachments.map(slackAttachment) : [],
    blocks: slackBlocks(blocks),
  };
  return { response: slackPlain(200, 'ok'), delivered: true, shown };
}

export function composeWorkflowMessage(template: string, variables: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => variables[name] ?? whole);
}

export function processWorkflow(req: HookRequest, options: SlackOptions): Outcome {
  const declared = options.slackWorkflowVariables ?? ['text'];
  let payload: unknown;
  try {
    payload = JSON.parse(req.rawBody);
  } catch {
    payload = undefined;
  }
  if (!isObject(payload))
    return {
      response: slackJson(400, { ok: false, error: 'invalid_payload' }),
      delivered: false,
      error: 'invalid_payload',
    };
  // Only flat top-level strings of declared keys reach the workflow; everything else is silently dropped.
  const variables: Record<string, string> = {};
  for (const name of declared) {
    const value = payload[name];
    if (typeof value === 'string') variables[name] = value;
  }
  const missing = declared.filter((name) => !variables[name]);
  if (missing.length > 0) {
    const error = `missing value for workflow variable(s): ${missing.join(', ')}`;
    if (options.slackWorkflowMissingVariable === 'reject')
      return {
        response: slackJson(400, { ok: false, error: 'invalid_workflow_input' }),
        delivered: false,
        error,
      };
    return {
      response: slackJson(200, { ok: true }),
      delivered: false,
      error: `workflow run failed: ${error}`,
    };
  }
  const template = options.slackWorkflowTemplate ?? declared.map((name) => `{${name}}`).join('\n');
  const shown: Shown = {
    kind: 'slack-workflow',
    text: composeWorkflowMessage(template, variables),
    variables,
  };
  return { response: slackJson(200, { ok: true }), delivered: true, shown };
}

export function slackHandlers(inbox: Inbox, options: SlackOptions): RequestHandler[] {
  const limit = options.slackRateLimit === undefined ? SLACK_DEFAULT_RATE : options.slackRateLimit;
  const incomingLimiter = new RateLimiter(limit);
  const workflowLimiter = new RateLimiter(limit);
  inbox.subscribe((event) => {
    if (event.type !== 'reset') return;
    incomingLimiter.reset();
    workflowLimiter.reset();
  });

  return [
    http.post('*/services/:team/:bot/:secret', async ({ request, params }) => {
      if (!rootedAt(request, '/services/')) return undefined;
      const hook =
        params.team === LAB_TEAM_ID ? inbox.findHook('slack-incoming', String(params.bot)) : undefined;
      if (!hook) return slackPlain(404, 'no_service');
      return runHook(inbox, hook, request, {
        limiter: incomingLimiter,
        authenticate: () => (params.secret === hook.secret ? undefined : reject(404, 'no_service')),
        process: processIncoming,
      });
    }),
    http.post('*/triggers/:team/:trigger/:secret', async ({ request, params }) => {
      // '*' also matches a path prefix: /workflows/<id>/triggers/manual/... is Teams, not a Slack trigger.
      if (!rootedAt(request, '/triggers/')) return undefined;
      const hook =
        params.team === LAB_TEAM_ID ? inbox.findHook('slack-workflow', String(params.trigger)) : undefined;
      const invalidAuth = {
        response: slackJson(401, { ok: false, error: 'invalid_auth' }),
        delivered: false,
      };
      if (!hook) return invalidAuth.response;
      return runHook(inbox, hook, request, {
        limiter: workflowLimiter,
        authenticate: () =>
          params.secret === hook.secret ? undefined : { ...invalidAuth, error: 'invalid_auth' },
        process: (req) => processWorkflow(req, options),
      });
    }),
  ];
}
