// The harness's in-cluster receiver: a dependency-free Node.js server that records what RHACS Central
// posts to Slack- and Teams-shaped webhook paths and serves it back as the lab inbox's JSON
// (GET /inbox/api/messages, shapes of types/receivers.ts). It answers like the real endpoints on their
// success paths and for malformed Slack payloads; it checks no secrets (it lives in a namespace of
// its own and holds only what Central sent it).
//   POST /services/<team>/<bot>/<secret>        Slack incoming webhook: 200 text/plain "ok"
//   POST /triggers/<team>/<trigger>/<secret>    Slack workflow trigger: 200 {"ok":true}
//   POST /workflows/<id>/triggers/manual/paths/invoke?...  Teams Workflows: 202, empty body
// Environment: PORT (8080), HOST (0.0.0.0), RECEIVER_MAX_MESSAGES (1000),
// RECEIVER_SLACK_WORKFLOW_VARIABLES (comma-separated, default "text").
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const PORT = Number(process.env.PORT || 8080);
const HOST = process.env.HOST || '0.0.0.0';
const MAX_MESSAGES = Number(process.env.RECEIVER_MAX_MESSAGES || 1000);
const WORKFLOW_VARIABLES = (process.env.RECEIVER_SLACK_WORKFLOW_VARIABLES || 'text')
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);
const MAX_BODY = 1024 * 1024;
const SLACK_MAX_TEXT = 40000;
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

let messages = [];
let seq = 0;

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v) => (typeof v === 'string' ? v : '');

function send(res, status, body, type) {
  const headers = body === '' ? {} : { 'content-type': type, 'content-length': Buffer.byteLength(body) };
  res.writeHead(status, headers);
  res.end(body);
}
const plain = (res, status, text) => send(res, status, text, 'text/plain; charset=utf-8');
const json = (res, status, value) =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

function slackAttachment(value) {
  const a = isObject(value) ? value : {};
  const fields = Array.isArray(a.fields)
    ? a.fields
        .filter(isObject)
        .map((f) => ({ title: str(f.title), value: str(f.value), short: f.short === true }))
    : [];
  return { color: str(a.color), pretext: str(a.pretext), title: str(a.title), text: str(a.text), fields };
}

function slackBlocks(value) {
  if (!Array.isArray(value)) return [];
  const out = [];
  for (const block of value.filter(isObject)) {
    if (isObject(block.text)) out.push(str(block.text.text));
    if (Array.isArray(block.fields)) for (const f of block.fields.filter(isObject)) out.push(str(f.text));
  }
  return out.filter((t) => t !== '');
}

function slackIncoming(raw, contentType) {
  let payload;
  try {
    const text = contentType.includes('application/x-www-form-urlencoded')
      ? (new URLSearchParams(raw).get('payload') ?? '')
      : raw;
    payload = JSON.parse(text);
  } catch {
    payload = undefined;
  }
  const reject = (status, code) => ({
    status,
    body: code,
    type: 'text/plain',
    delivered: false,
    error: code,
  });
  if (!isObject(payload)) return reject(400, 'invalid_payload');
  const { text, blocks, attachments } = payload;
  if (Array.isArray(attachments) && attachments.length > 100) return reject(400, 'too_many_attachments');
  const hasText = typeof text === 'string' && text.trim() !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments)
    return reject(400, 'missing_text_or_fallback_or_attachments');
  const shown = {
    kind: 'slack',
    text: str(text).slice(0, SLACK_MAX_TEXT),
    attachments: hasAttachments ? attachments.map(slackAttachment) : [],
    blocks: slackBlocks(blocks),
  };
  return { status: 200, body: 'ok', type: 'text/plain', delivered: true, shown };
}

function slackWorkflow(raw) {
  let payload;
  try {
    payload = JSON.parse(raw);
  } catch {
    payload = undefined;
  }
  if (!isObject(payload)) {
    const body = JSON.stringify({ ok: false, error: 'invalid_payload' });
    return { status: 400, body, type: 'application/json', delivered: false, error: 'invalid_payload' };
  }
  // Only flat top-level strings of declared variables reach a workflow; the rest is dropped silently.
  const variables = {};
  for (const name of WORKFLOW_VARIABLES)
    if (typeof payload[name] === 'string') variables[name] = payload[name];
  const ok = JSON.stringify({ ok: true });
  const missing = WORKFLOW_VARIABLES.filter((name) => !variables[name]);
  if (missing.length > 0) {
    const error = `workflow run failed: missing value for workflow variable(s): ${missing.join(', ')}`;
    return { status: 200, body: ok, type: 'application/json', delivered: false, error };
  }
  const shown = {
    kind: 'slack-workflow',
    text: WORKFLOW_VARIABLES.map((n) => variables[n]).join('\n'),
    variables,
  };
  return { status: 200, body: ok, type: 'application/json', delivered: true, shown };
}

function adaptiveCard(content) {
  const texts = [];
  const facts = [];
  const walk = (elements) => {
    if (!Array.isArray(elements)) return;
    for (const el of elements.filter(isObject)) {
      if (el.type === 'TextBlock') texts.push(str(el.text));
      if (el.type === 'FactSet' && Array.isArray(el.facts))
        for (const f of el.facts.filter(isObject)) facts.push({ name: str(f.title), value: str(f.value) });
      walk(el.items);
      walk(el.columns);
    }
  };
  walk(content.body);
  const [title = '', ...rest] = texts;
  return { title, text: rest.join('\n'), facts };
}

function connectorCard(card) {
  const facts = [];
  const texts = [str(card.text)];
  if (Array.isArray(card.sections)) {
    for (const section of card.sections.filter(isObject)) {
      if (section.activityTitle) texts.push(str(section.activityTitle));
      if (section.text) texts.push(str(section.text));
      if (Array.isArray(section.facts))
        for (const f of section.facts.filter(isObject))
          facts.push({ name: str(f.name), value: str(f.value) });
    }
  }
  return {
    title: str(card.title) || str(card.summary),
    text: texts.filter((t) => t !== '').join('\n'),
    facts,
  };
}

// A Teams flow answers 202 whatever the body. This receiver stands in for a flow that posts Adaptive
// Cards when it gets them and otherwise a card built from title/text/sections (RHACS's card).
function teamsWorkflow(raw) {
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  const accepted = { status: 202, body: '', type: '' };
  if (!isObject(body))
    return { ...accepted, delivered: false, error: 'the trigger body is not a JSON object' };
  const cards = Array.isArray(body.attachments)
    ? body.attachments
        .filter((a) => isObject(a) && a.contentType === ADAPTIVE_CARD && isObject(a.content))
        .map((a) => adaptiveCard(a.content))
    : [connectorCard(body)];
  return { ...accepted, delivered: cards.length > 0, shown: { kind: 'teams', cards } };
}

function hookOf(pathname) {
  const parts = pathname.split('/').filter(Boolean);
  if (parts[0] === 'services' && parts.length === 4)
    return { receiver: 'slack', kind: 'slack-incoming', key: parts[2] };
  if (parts[0] === 'triggers' && parts.length === 4)
    return { receiver: 'slack', kind: 'slack-workflow', key: parts[2] };
  if (parts[0] === 'workflows' && parts.slice(2).join('/') === 'triggers/manual/paths/invoke')
    return { receiver: 'teams', kind: 'teams-workflow-fixed', key: parts[1] };
  return undefined;
}

function record(hook, req, raw, outcome) {
  const headers = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  seq += 1;
  const message = {
    id: `msg-${seq}-${randomUUID().slice(0, 8)}`,
    receiver: hook.receiver,
    hookId: `${hook.kind}-${hook.key}`,
    hookKind: hook.kind,
    receivedAt: Date.now(),
    status: outcome.status,
    headers,
    rawBody: raw,
    shown: outcome.shown ?? null,
    delivered: outcome.delivered,
  };
  if (outcome.error) message.error = outcome.error;
  messages.push(message);
  if (messages.length > MAX_MESSAGES) messages = messages.slice(-MAX_MESSAGES);
  console.log(`${new Date(message.receivedAt).toISOString()} ${hook.kind} ${hook.key} -> ${outcome.status}`);
}

function listMessages(res, query) {
  const receiver = query.get('receiver');
  if (receiver !== null && receiver !== 'slack' && receiver !== 'teams')
    return json(res, 400, { error: 'receiver must be slack or teams' });
  const since = query.get('since') === null ? undefined : Number(query.get('since'));
  if (since !== undefined && !Number.isFinite(since))
    return json(res, 400, { error: 'since must be epoch milliseconds' });
  const hook = query.get('hook');
  const selected = messages.filter(
    (m) =>
      (receiver === null || m.receiver === receiver) &&
      (since === undefined || m.receivedAt >= since) &&
      (hook === null || m.hookId === hook),
  );
  return json(res, 200, { messages: selected });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://receiver');
  const method = req.method ?? 'GET';
  if (method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/readyz'))
    return plain(res, 200, 'ok');
  if (method === 'GET' && url.pathname === '/inbox/api/messages') return listMessages(res, url.searchParams);
  if (method === 'GET' && url.pathname === '/inbox/api/runs') return json(res, 200, { runs: [] });
  if (method === 'POST' && url.pathname === '/inbox/api/reset') {
    messages = [];
    return json(res, 200, { ok: true });
  }
  const hook = hookOf(url.pathname);
  if (!hook) return plain(res, 404, 'Not Found');
  if (method !== 'POST') return plain(res, 405, 'Method Not Allowed');
  let raw;
  try {
    raw = await readBody(req);
  } catch {
    return plain(res, 413, 'request_too_large');
  }
  const contentType = String(req.headers['content-type'] ?? '');
  const outcome =
    hook.kind === 'slack-incoming'
      ? slackIncoming(raw, contentType)
      : hook.kind === 'slack-workflow'
        ? slackWorkflow(raw)
        : teamsWorkflow(raw);
  record(hook, req, raw, outcome);
  return send(res, outcome.status, outcome.body, outcome.type);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (!res.headersSent) plain(res, 500, 'internal_error');
    else res.end();
    console.error(`receiver: ${err instanceof Error ? err.message : String(err)}`);
  });
});

server.listen(PORT, HOST, () => {
  const address = server.address();
  console.log(
    `receiver listening on ${HOST}:${typeof address === 'object' && address ? address.port : PORT}`,
  );
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
