// The inbox page's browser script (served transpiled as /inbox/assets/inbox-page-client.js): loads the
// inbox API, renders the view model with DOM nodes (message content only ever as text), and follows the
// SSE stream so new messages and run status changes appear without a reload.
import type { FlowRun, InboxMessage, PublicHook } from '../../types/receivers.ts';
import type { RichText, Span } from './inbox-page-mrkdwn.ts';
import {
  type AttachmentView,
  type BodyView,
  buildInboxView,
  type CardBlock,
  type CardView,
  type HookView,
  type MessageView,
} from './inbox-page-view.ts';

const API = '/inbox/api';

type Child = Node | string | null | undefined | false;

function el(
  tag: string,
  attrs: Record<string, string | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(name, value);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

function spanNode(s: Span): Node {
  let node: Node = document.createTextNode(s.text);
  if (s.code) node = el('code', {}, node);
  if (s.strike) node = el('s', {}, node);
  if (s.italic) node = el('em', {}, node);
  if (s.bold) node = el('strong', {}, node);
  if (s.href) node = el('a', { href: s.href, rel: 'noopener noreferrer', target: '_blank' }, node);
  return node;
}

function richNode(rich: RichText, className: string, testId?: string): HTMLElement {
  return el(
    'div',
    { class: `rich ${className}`, 'data-testid': testId },
    rich.map((line) => el('div', { class: 'line' }, line.length === 0 ? '\u00a0' : line.map(spanNode))),
  );
}

function attachmentNode(a: AttachmentView): HTMLElement {
  const node = el(
    'div',
    { class: 'attachment', 'data-testid': 'inbox-attachment', 'data-color': a.bar },
    a.pretext.length > 0 && richNode(a.pretext, 'pretext'),
    el(
      'div',
      { class: 'attachment-body' },
      a.title && el('div', { class: 'attachment-title' }, a.title),
      a.text.length > 0 && richNode(a.text, 'attachment-text'),
      a.fields.length > 0 &&
        el(
          'dl',
          { class: 'fields' },
          a.fields.map((f) =>
            el(
              'div',
              { class: f.short ? 'field short' : 'field' },
              el('dt', {}, f.title),
              el('dd', {}, richNode(f.value, 'field-value')),
            ),
          ),
        ),
    ),
  );
  // CSSOM, not a style attribute: allowed under the page's CSP; the colour is validated by the view.
  node.style.setProperty('--bar', a.bar);
  return node;
}

function blockNode(block: CardBlock): HTMLElement {
  switch (block.type) {
    case 'text':
      return el(
        'div',
        { class: `card-text ${block.style}` },
        block.lines.map((l) => el('div', { class: 'line' }, l === '' ? '\u00a0' : l)),
      );
    case 'facts':
      return el(
        'dl',
        { class: 'facts' },
        block.facts.map((f) =>
          el(
            'div',
            { class: 'fact', 'data-testid': 'inbox-fact' },
            el('dt', {}, f.name),
            el(
              'dd',
              {},
              f.value.map((l) => el('div', { class: 'line' }, l === '' ? '\u00a0' : l)),
            ),
          ),
        ),
      );
    case 'container':
      return el('div', { class: 'card-container' }, block.blocks.map(blockNode));
    case 'columns':
      return el(
        'div',
        { class: 'card-columns' },
        block.columns.map((c) => el('div', { class: 'card-column' }, c.map(blockNode))),
      );
  }
}

function cardNode(card: CardView): HTMLElement {
  const node = el(
    'div',
    { class: card.accent ? 'card accented' : 'card', 'data-testid': 'inbox-card' },
    card.blocks.map(blockNode),
  );
  if (card.accent) node.style.setProperty('--accent', card.accent);
  return node;
}

function bodyNode(body: BodyView): HTMLElement | null {
  switch (body.kind) {
    case 'slack':
      return el(
        'div',
        { class: 'slack-body' },
        body.text.length > 0 && richNode(body.text, 'message-text', 'inbox-text'),
        body.blocks.map((b) => richNode(b, 'block-text')),
        body.attachments.map(attachmentNode),
      );
    case 'slack-workflow':
      return el(
        'div',
        { class: 'slack-body workflow' },
        body.empty
          ? el(
              'div',
              { class: 'empty-message', 'data-testid': 'inbox-empty-message' },
              '(empty message: the workflow kept no text)',
            )
          : richNode(body.text, 'message-text', 'inbox-text'),
        el(
          'div',
          { class: 'variables' },
          body.variables.length > 0
            ? `Workflow variables kept: ${body.variables.join(', ')}`
            : 'Workflow variables kept: none',
        ),
      );
    case 'teams':
      return el('div', { class: 'teams-body' }, body.cards.map(cardNode));
    case 'none':
      return null;
  }
}

function messageNode(m: MessageView): HTMLElement {
  return el(
    'article',
    {
      class: `message ${m.state}`,
      'aria-label': m.ariaLabel,
      'data-testid': 'inbox-message',
      'data-message-id': m.id,
      'data-state': m.state,
      'data-hook': m.hookId,
    },
    el(
      'header',
      { class: 'message-header' },
      el('span', { class: 'sender', 'data-testid': 'inbox-hook' }, `${m.hookLabel} · ${m.hookId}`),
      el('span', { class: 'status' }, `HTTP ${m.status}`),
      el('time', { 'data-testid': 'inbox-time', datetime: new Date(m.receivedAt).toISOString() }, m.time),
    ),
    m.notice &&
      el(
        'div',
        { class: `notice ${m.notice.tone}`, 'data-testid': m.notice.testId, role: 'group' },
        el('div', { class: 'notice-title' }, m.notice.title),
        m.notice.detail && el('div', { class: 'notice-detail' }, m.notice.detail),
      ),
    bodyNode(m.body),
  );
}

function hookNode(h: HookView): HTMLElement {
  return el(
    'li',
    {},
    el('span', { class: 'hook-label' }, `${h.label} (${h.id})${h.revoked ? ' - revoked' : ''}`),
    ' ',
    el('code', {}, h.redactedUrl),
  );
}

const messages = new Map<string, InboxMessage>();
const runs = new Map<string, FlowRun>();
let hooks: PublicHook[] = [];

function fillList(name: string, nodes: HTMLElement[], empty: string): void {
  const list = document.querySelector(`[data-list="${name}"]`);
  if (!list) return;
  list.replaceChildren(...(nodes.length > 0 ? nodes : [el('p', { class: 'empty-pane' }, empty)]));
  const count = document.querySelector(`[data-count="${name}"]`);
  if (count) count.textContent = name === 'hooks' ? '' : `${nodes.length}`;
}

function render(): void {
  const view = buildInboxView({ messages: [...messages.values()], runs: [...runs.values()], hooks });
  fillList('slack', view.slack.map(messageNode), 'No Slack messages yet.');
  fillList('teams', view.teams.map(messageNode), 'No Teams messages yet.');
  fillList('hooks', view.hooks.map(hookNode), 'No hooks.');
}

function setLive(text: string, state: string): void {
  const live = document.querySelector('[data-testid="inbox-live"]');
  if (!live) return;
  live.textContent = text;
  live.setAttribute('data-state', state);
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${API}/${path}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

async function loadAll(): Promise<void> {
  const [m, r, h] = await Promise.all([
    getJson<{ messages: InboxMessage[] }>('messages'),
    getJson<{ runs: FlowRun[] }>('runs'),
    getJson<{ hooks: PublicHook[] }>('hooks'),
  ]);
  messages.clear();
  for (const message of m.messages) messages.set(message.id, message);
  runs.clear();
  for (const run of r.runs) runs.set(run.id, run);
  hooks = h.hooks;
  render();
}

// A run event carries the run only; the message's runId and error are set around it, so re-read them.
let refreshing: ReturnType<typeof setTimeout> | undefined;
function refreshSoon(): void {
  if (refreshing) return;
  refreshing = setTimeout(() => {
    refreshing = undefined;
    loadAll().catch((error: unknown) => setLive(`Refresh failed: ${String(error)}`, 'error'));
  }, 30);
}

function follow(): void {
  const events = new EventSource(`${API}/events`);
  events.addEventListener('open', () => {
    setLive('Live', 'live');
    refreshSoon();
  });
  events.addEventListener('error', () => setLive('Reconnecting...', 'reconnecting'));
  events.addEventListener('message', (e) => {
    const message = JSON.parse((e as MessageEvent<string>).data) as InboxMessage;
    const known = messages.get(message.id);
    messages.set(message.id, { ...message, runId: message.runId ?? known?.runId });
    render();
  });
  events.addEventListener('run', (e) => {
    const run = JSON.parse((e as MessageEvent<string>).data) as FlowRun;
    runs.set(run.id, run);
    render();
    refreshSoon();
  });
  events.addEventListener('reset', () => {
    messages.clear();
    runs.clear();
    render();
  });
}

follow();
loadAll().catch((error: unknown) => setLive(`Could not load the inbox: ${String(error)}`, 'error'));
