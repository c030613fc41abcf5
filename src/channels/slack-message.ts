// What conversations.history returns, as the reader-neutral ChannelMessage, and how this run's alert
// is recognised in it. A webhook post is a bot_message carrying RHACS's attachments ("Alert ID: <id>"
// in text/fallback); a workflow trigger's post carries only what the workflow step composed (F3).

import type { ChannelMessage, MessageMatch } from './types.ts';

export interface SlackAttachment {
  fallback?: string;
  pretext?: string;
  title?: string;
  text?: string;
  footer?: string;
  fields?: { title?: string; value?: string }[] | null;
  [key: string]: unknown;
}

export interface SlackHistoryMessage {
  type?: string;
  subtype?: string;
  ts: string;
  text?: string;
  bot_id?: string;
  user?: string;
  username?: string;
  attachments?: SlackAttachment[];
  blocks?: unknown[];
  [key: string]: unknown;
}

/** The structured view a Slack ChannelMessage carries in `shown`. */
export interface SlackShown {
  kind: 'slack-history';
  ts: string;
  subtype?: string;
  botId?: string;
  text: string;
  attachments: SlackAttachment[];
  blocks: unknown[];
}

/** Slack escapes these three in message text; everything else arrives as typed. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attachmentText(a: SlackAttachment): string[] {
  const out = [a.pretext, a.title, a.text, a.fallback, a.footer];
  for (const f of a.fields ?? []) out.push(f.title, f.value);
  return out.filter((s): s is string => typeof s === 'string' && s !== '');
}

/** Text leaves of Block Kit (rich_text elements, section text, links), in order. */
function blockText(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) walk(item);
    else if (v !== null && typeof v === 'object') {
      for (const [key, value] of Object.entries(v)) {
        if ((key === 'text' || key === 'url') && typeof value === 'string') out.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  return out;
}

export function slackMessageFromHistory(raw: SlackHistoryMessage): ChannelMessage {
  const attachments = Array.isArray(raw.attachments) ? raw.attachments : [];
  const blocks = Array.isArray(raw.blocks) ? raw.blocks : [];
  const text = typeof raw.text === 'string' ? raw.text : '';
  const shown: SlackShown = { kind: 'slack-history', ts: raw.ts, text, attachments, blocks };
  if (raw.subtype !== undefined) shown.subtype = raw.subtype;
  if (raw.bot_id !== undefined) shown.botId = raw.bot_id;
  // Block text usually repeats `text`; keep each distinct line once.
  const lines = [text, ...attachments.flatMap(attachmentText), ...blockText(blocks)].filter((s) => s !== '');
  const shownText = unescapeSlack([...new Set(lines)].join('\n'));
  return {
    id: raw.ts,
    channel: 'slack',
    receivedAt: Math.round(Number.parseFloat(raw.ts) * 1000),
    shown,
    shownText,
    delivered: true,
  };
}

export interface SlackAlertCriteria {
  alertId?: string;
  /** For workflow triggers: the composed text shows these 4.11 variables, if the workflow uses them. */
  summary?: string;
  policy?: string;
}

const OTHER_ALERT =
  /(?:Alert ID:\s*|\/violations\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/** Alert ids a message names (RHACS's "Alert ID: <id>" line or its violation link). */
export function alertIdsIn(text: string): string[] {
  return [...text.matchAll(OTHER_ALERT)].map((m) => (m[1] ?? '').toLowerCase());
}

/**
 * This run's alert: its id anywhere in the message (attachment text/fallback, or an alert_url a
 * workflow composed). Failing that, a workflow's composed text with the summary or policy name,
 * unless the message names a different alert id (then it is another run's alert).
 */
export function slackAlertMatch(criteria: SlackAlertCriteria): MessageMatch {
  const { alertId, summary, policy } = criteria;
  const parts: string[] = [];
  if (alertId) parts.push(`"Alert ID: ${alertId}"`);
  if (summary) parts.push(`the summary "${summary}"`);
  if (policy) parts.push(`the policy name "${policy}"`);
  if (parts.length === 0) throw new Error('slackAlertMatch needs an alertId, a summary or a policy');
  return {
    description: `a Slack message carrying ${parts.join(' or ')}`,
    test: (m) => {
      const text = m.shownText;
      if (alertId && text.toLowerCase().includes(alertId.toLowerCase())) return true;
      const named = alertIdsIn(text);
      if (alertId && named.length > 0) return false;
      return Boolean((summary && text.includes(summary)) || (policy && text.includes(policy)));
    },
  };
}
