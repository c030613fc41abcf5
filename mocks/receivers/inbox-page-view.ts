// The inbox page's view model: what each pane shows for the inbox API's messages, runs and hooks, as
// plain data (no DOM). The page renders it; the tests assert on it. It reads `shown` (what the channel
// shows) and never exposes raw bodies, headers or hook URLs other than the redacted ones.
import type {
  FlowRun,
  HookKind,
  InboxMessage,
  PublicHook,
  ReceiverName,
  ShownAttachment,
  ShownCard,
} from '../../types/receivers.ts';
import { parseMrkdwn, plainText, type RichText } from './inbox-page-mrkdwn.ts';

export const HOOK_LABELS: Record<HookKind, string> = {
  'slack-incoming': 'Slack incoming webhook',
  'slack-workflow': 'Slack workflow trigger',
  'teams-workflow-template': 'Teams Workflows webhook (template flow)',
  'teams-workflow-fixed': 'Teams Workflows webhook (fixed flow)',
  'teams-legacy-connector': 'Office 365 connector',
};

const RECEIVER_LABELS: Record<ReceiverName, string> = { slack: 'Slack', teams: 'Microsoft Teams' };

/** Slack's colours for the named attachment colours; a bar without colour is Slack's grey. */
const SLACK_NAMED_COLOURS: Record<string, string> = {
  good: '#2eb886',
  warning: '#daa038',
  danger: '#a30200',
};
export const SLACK_DEFAULT_BAR = '#dddddd';

export type MessageState = 'delivered' | 'rejected' | 'run-failed' | 'running' | 'nothing-posted';

export interface NoticeView {
  testId: 'inbox-rejected' | 'inbox-run-failed' | 'inbox-run-running' | 'inbox-run-empty';
  tone: 'error' | 'pending' | 'info';
  title: string;
  detail: string;
}

export interface FieldView {
  title: string;
  value: RichText;
  short: boolean;
}

export interface AttachmentView {
  /** A CSS colour, validated (hex or Slack's named colours). */
  bar: string;
  pretext: RichText;
  title: string;
  text: RichText;
  fields: FieldView[];
}

export interface FactView {
  name: string;
  value: string[];
}

export type CardBlock =
  | { type: 'text'; lines: string[]; style: 'title' | 'heading' | 'body' | 'subtle' }
  | { type: 'facts'; facts: FactView[] }
  | { type: 'container'; blocks: CardBlock[] }
  | { type: 'columns'; columns: CardBlock[][] };

export interface CardView {
  /** A MessageCard's themeColor (validated hex), else null. */
  accent: string | null;
  blocks: CardBlock[];
}

export type BodyView =
  | { kind: 'slack'; text: RichText; attachments: AttachmentView[]; blocks: RichText[] }
  | { kind: 'slack-workflow'; text: RichText; variables: string[]; empty: boolean }
  | { kind: 'teams'; cards: CardView[] }
  | { kind: 'none' };

export interface MessageView {
  id: string;
  receiver: ReceiverName;
  hookId: string;
  hookKind: HookKind;
  hookLabel: string;
  ariaLabel: string;
  receivedAt: number;
  /** HH:MM:SS UTC */
  time: string;
  status: number;
  state: MessageState;
  runId: string | null;
  notice: NoticeView | null;
  body: BodyView;
}

export interface HookView {
  id: string;
  receiver: ReceiverName;
  label: string;
  redactedUrl: string;
  revoked: boolean;
}

export interface InboxView {
  slack: MessageView[];
  teams: MessageView[];
  hooks: HookView[];
}

export interface InboxData {
  messages: InboxMessage[];
  runs: FlowRun[];
  hooks: PublicHook[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');
const lines = (text: string): string[] => (text === '' ? [] : text.split(/\r\n|\n|\r/));

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i;

export function slackBarColour(color: string): string {
  const named = SLACK_NAMED_COLOURS[color.toLowerCase()];
  if (named) return named;
  const hex = HEX.exec(color.trim());
  return hex ? `#${hex[1]!.toUpperCase()}` : SLACK_DEFAULT_BAR;
}

function hexOrNull(value: unknown): string | null {
  const hex = HEX.exec(str(value).trim());
  return hex ? `#${hex[1]!.toUpperCase()}` : null;
}

/** Belt and braces: the API already redacts, but a secret must never reach the page. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]sig=)(?!\*\*\*(&|$))[^&]*/i, '$1***');
}

export function utcTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 19)} UTC`;
}

function attachmentView(a: ShownAttachment): AttachmentView {
  return {
    bar: slackBarColour(a.color),
    pretext: parseMrkdwn(a.pretext),
    title: a.title,
    text: parseMrkdwn(a.text),
    fields: a.fields.map((f) => ({ title: f.title, value: parseMrkdwn(f.value), short: f.short })),
  };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 8;
const MAX_CARD_VERSION = 1.5;

/** Adaptive Card elements: TextBlock, RichTextBlock, FactSet, Container, ColumnSet; others are skipped. */
export function adaptiveBlocks(elements: unknown, depth = 0): CardBlock[] {
  if (!Array.isArray(elements) || depth > MAX_DEPTH) return [];
  const out: CardBlock[] = [];
  for (const el of elements.filter(isObject)) {
    switch (el.type) {
      case 'TextBlock': {
        const size = str(el.size).toLowerCase();
        const style =
          size === 'large' || size === 'extralarge'
            ? 'title'
            : str(el.weight).toLowerCase() === 'bolder'
              ? 'heading'
              : el.isSubtle === true
                ? 'subtle'
                : 'body';
        out.push({ type: 'text', lines: lines(str(el.text)), style });
        break;
      }
      case 'RichTextBlock': {
        const inlines = Array.isArray(el.inlines) ? el.inlines : [];
        const text = inlines.map((i) => (isObject(i) ? str(i.text) : str(i))).join('');
        out.push({ type: 'text', lines: lines(text), style: 'body' });
        break;
      }
      case 'FactSet': {
        const facts = Array.isArray(el.facts) ? el.facts.filter(isObject) : [];
        out.push({
          type: 'facts',
          facts: facts.map((f) => ({ name: str(f.title), value: lines(str(f.value)) })),
        });
        break;
      }
      case 'Container':
        out.push({ type: 'container', blocks: adaptiveBlocks(el.items, depth + 1) });
        break;
      case 'ColumnSet': {
        const columns = Array.isArray(el.columns) ? el.columns.filter(isObject) : [];
        out.push({ type: 'columns', columns: columns.map((c) => adaptiveBlocks(c.items, depth + 1)) });
        break;
      }
    }
  }
  return out;
}

/** A connector-style card ({title, text, sections}) with each section's title over its facts. */
export function connectorBlocks(card: Json): CardBlock[] {
  const out: CardBlock[] = [];
  const title = str(card.title) || str(card.summary);
  if (title) out.push({ type: 'text', lines: lines(title), style: 'title' });
  if (str(card.text)) out.push({ type: 'text', lines: lines(str(card.text)), style: 'body' });
  const sections = Array.isArray(card.sections) ? card.sections.filter(isObject) : [];
  for (const section of sections) {
    const heading = str(section.title) || str(section.activityTitle);
    if (heading) out.push({ type: 'text', lines: lines(heading), style: 'heading' });
    if (str(section.text)) out.push({ type: 'text', lines: lines(str(section.text)), style: 'body' });
    const facts = Array.isArray(section.facts) ? section.facts.filter(isObject) : [];
    if (facts.length > 0)
      out.push({
        type: 'facts',
        facts: facts.map((f) => ({ name: str(f.name), value: lines(str(f.value)) })),
      });
  }
  return out;
}

/** A card exactly as the receivers flattened it: title, text, facts. */
export function flatCardBlocks(card: ShownCard): CardBlock[] {
  const out: CardBlock[] = [];
  if (card.title) out.push({ type: 'text', lines: lines(card.title), style: 'title' });
  if (card.text) out.push({ type: 'text', lines: lines(card.text), style: 'body' });
  if (card.facts.length > 0)
    out.push({ type: 'facts', facts: card.facts.map((f) => ({ name: f.name, value: lines(f.value) })) });
  return out;
}

function factCount(blocks: CardBlock[]): number {
  let n = 0;
  for (const b of blocks) {
    if (b.type === 'facts') n += b.facts.length;
    if (b.type === 'container') n += factCount(b.blocks);
    if (b.type === 'columns') for (const c of b.columns) n += factCount(c);
  }
  return n;
}

/**
 * The receivers flatten cards to title/text/facts; the page restores the layout (sections, containers,
 * columns) from the request body when that body is what was posted and agrees with what was shown.
 */
function teamsCards(message: InboxMessage, cards: ShownCard[]): CardView[] {
  const body = parseJson(message.rawBody);
  const flat = (card: ShownCard, accent: string | null = null): CardView => ({
    accent,
    blocks: flatCardBlocks(card),
  });
  if (!isObject(body)) return cards.map((c) => flat(c));
  const attachments = body.attachments;
  if (Array.isArray(attachments)) {
    if (attachments.length !== cards.length) return cards.map((c) => flat(c));
    return cards.map((card, i) => {
      const attachment = attachments[i];
      const content = isObject(attachment) ? attachment.content : undefined;
      // Teams shows cards newer than 1.5 as unrenderable: keep what the receivers recorded.
      if (!isObject(content) || Number.parseFloat(str(content.version) || '1.0') > MAX_CARD_VERSION)
        return flat(card);
      const blocks = adaptiveBlocks(content.body);
      return factCount(blocks) === card.facts.length && blocks.length > 0
        ? { accent: null, blocks }
        : flat(card);
    });
  }
  // A connector-style body: posted as a MessageCard (keeps themeColor) or composed by the fixed flow.
  const accent = message.hookKind === 'teams-workflow-fixed' ? null : hexOrNull(body.themeColor);
  return cards.map((card) => {
    const blocks = connectorBlocks(body);
    return factCount(blocks) === card.facts.length ? { accent, blocks } : flat(card, accent);
  });
}

function deliveredBody(message: InboxMessage): BodyView {
  const shown = message.shown;
  if (!shown) return { kind: 'none' };
  switch (shown.kind) {
    case 'slack':
      return {
        kind: 'slack',
        text: parseMrkdwn(shown.text),
        attachments: shown.attachments.map(attachmentView),
        blocks: shown.blocks.map(parseMrkdwn),
      };
    case 'slack-workflow':
      return {
        kind: 'slack-workflow',
        text: plainText(shown.text),
        variables: Object.keys(shown.variables),
        empty: shown.text.trim() === '',
      };
    case 'teams':
      return { kind: 'teams', cards: teamsCards(message, shown.cards) };
  }
}

const isFlow = (kind: HookKind): boolean =>
  kind === 'teams-workflow-template' || kind === 'teams-workflow-fixed';

function stateOf(
  message: InboxMessage,
  run: FlowRun | undefined,
): { state: MessageState; notice: NoticeView | null; body: BodyView } {
  const status = message.status;
  if (status >= 300 || status < 200) {
    const detail = message.error ?? '';
    return {
      state: 'rejected',
      notice: {
        testId: 'inbox-rejected',
        tone: 'error',
        title: `Rejected by the hook: HTTP ${status}`,
        detail,
      },
      body: { kind: 'none' },
    };
  }
  if (message.delivered && message.shown)
    return { state: 'delivered', notice: null, body: deliveredBody(message) };
  const runLabel = run ? ` ${run.id}` : '';
  const error = run?.error ?? message.error;
  if (error) {
    if (message.hookKind === 'slack-workflow')
      // The trigger answered ok; the workflow kept nothing it could post (F3).
      return {
        state: 'run-failed',
        notice: { testId: 'inbox-run-failed', tone: 'error', title: 'Workflow run failed', detail: error },
        body: { kind: 'slack-workflow', text: [], variables: [], empty: true },
      };
    return {
      state: 'run-failed',
      notice: {
        testId: 'inbox-run-failed',
        tone: 'error',
        title: `Flow run${runLabel} failed (the hook answered ${status})`,
        detail: error,
      },
      body: { kind: 'none' },
    };
  }
  if (isFlow(message.hookKind) && (!run || run.status === 'Running'))
    return {
      state: 'running',
      notice: {
        testId: 'inbox-run-running',
        tone: 'pending',
        title: `Flow run${runLabel} running`,
        detail: `The hook answered ${status}; the flow has not finished yet.`,
      },
      body: { kind: 'none' },
    };
  return {
    state: 'nothing-posted',
    notice: {
      testId: 'inbox-run-empty',
      tone: 'info',
      title: run ? `Flow run${runLabel} ${run.status.toLowerCase()}` : `Accepted (${status})`,
      detail: 'Nothing was posted to the channel.',
    },
    body: { kind: 'none' },
  };
}

export function messageView(message: InboxMessage, runs: ReadonlyMap<string, FlowRun>): MessageView {
  const run = message.runId === undefined ? undefined : runs.get(message.runId);
  const hookLabel = HOOK_LABELS[message.hookKind] ?? message.hookKind;
  return {
    id: message.id,
    receiver: message.receiver,
    hookId: message.hookId,
    hookKind: message.hookKind,
    hookLabel,
    ariaLabel: `${RECEIVER_LABELS[message.receiver]} message ${message.id} via ${hookLabel} ${message.hookId}`,
    receivedAt: message.receivedAt,
    time: utcTime(message.receivedAt),
    status: message.status,
    runId: message.runId ?? null,
    ...stateOf(message, run),
  };
}

const seq = (id: string): number => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

const newestFirst = (a: MessageView, b: MessageView): number =>
  b.receivedAt - a.receivedAt || seq(b.id) - seq(a.id);

export function buildInboxView(data: InboxData): InboxView {
  const runs = new Map(data.runs.map((r) => [r.id, r]));
  const views = data.messages.map((m) => messageView(m, runs)).sort(newestFirst);
  return {
    slack: views.filter((v) => v.receiver === 'slack'),
    teams: views.filter((v) => v.receiver === 'teams'),
    hooks: data.hooks.map((h) => ({
      id: h.id,
      receiver: h.receiver,
      label: HOOK_LABELS[h.kind] ?? h.kind,
      redactedUrl: redactUrl(h.redactedUrl),
      revoked: h.revoked,
    })),
  };
}
