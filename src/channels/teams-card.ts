// Teams channel messages as Graph returns them: the body is HTML (a card shows as
// `<attachment id="...">`), and each card is in attachments[].content as a JSON *string*. The alert
// id is the "ID" fact under "Alert Details" (RHACS's card, F6: it has no violation text), whether the
// flow reposted it as an Adaptive Card (FactSet facts: title/value) or a MessageCard (name/value).

import type { ChannelMessage, MessageMatch } from './types.ts';

export interface GraphChatMessage {
  id: string;
  messageType?: string;
  createdDateTime?: string;
  lastModifiedDateTime?: string | null;
  deletedDateTime?: string | null;
  subject?: string | null;
  summary?: string | null;
  from?: unknown;
  body?: { contentType?: string; content?: string | null };
  attachments?: { id?: string; contentType?: string; content?: string | null; name?: string | null }[];
  [key: string]: unknown;
}

export interface TeamsShown {
  kind: 'teams-graph';
  subject: string | null;
  bodyText: string;
  /** Parsed card JSON, one per attachment whose content parsed. */
  cards: unknown[];
  /** Ids found as the "ID" fact of "Alert Details" in any card. */
  alertIds: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(p|div|li|tr)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X'))
        return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** A card's visible text: titles, text blocks and facts as "name: value", in document order. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (!isObj(v)) return;
    const factName = str(v.name) || str(v.title);
    if ('value' in v && factName !== '' && !('type' in v)) {
      out.push(`${factName}: ${str(v.value)}`);
      return;
    }
    for (const [key, value] of Object.entries(v)) {
      if (typeof value === 'string') {
        if (
          ['text', 'title', 'activityTitle', 'activitySubtitle', 'activityText', 'summary', 'url'].includes(
            key,
          ) &&
          value !== ''
        )
          out.push(value);
      } else walk(value);
    }
  };
  walk(card);
  return out.join('\n');
}

const ALERT_DETAILS = /^\**\s*alert details\s*\**$/i;

function idFact(facts: unknown): string | undefined {
  if (!Array.isArray(facts)) return undefined;
  for (const f of facts) {
    if (!isObj(f)) continue;
    const name = (str(f.name) || str(f.title)).trim().replace(/:$/, '');
    if (name === 'ID' && str(f.value) !== '') return str(f.value).trim();
  }
  return undefined;
}

/** The "ID" facts of every "Alert Details" section or heading in a card. */
export function cardAlertIds(card: unknown): string[] {
  const ids: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      // Adaptive Card: a TextBlock heading "Alert Details" followed (in the same list) by a FactSet.
      let underHeading = false;
      for (const item of v) {
        if (isObj(item) && item.type === 'TextBlock')
          underHeading = ALERT_DETAILS.test(str(item.text).trim());
        else if (isObj(item) && item.type === 'FactSet' && underHeading) {
          const id = idFact(item.facts);
          if (id) ids.push(id);
        }
        walk(item);
      }
      return;
    }
    if (!isObj(v)) return;
    // MessageCard / RHACS section, or an Adaptive Container titled by a property.
    const title = (str(v.title) || str(v.activityTitle)).trim();
    if (ALERT_DETAILS.test(title)) {
      const id = idFact(v.facts);
      if (id) ids.push(id);
    }
    for (const value of Object.values(v)) if (typeof value === 'object') walk(value);
  };
  walk(card);
  return [...new Set(ids)];
}

function parseCard(content: string | null | undefined): unknown {
  if (typeof content !== 'string' || content === '') return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}

/** A Graph chatMessage as a ChannelMessage; undefined for system events and deleted messages. */
export function teamsMessageFromGraph(raw: GraphChatMessage): ChannelMessage | undefined {
  if (raw.messageType !== undefined && raw.messageType !== 'message') return undefined;
  if (raw.deletedDateTime) return undefined;
  const cards: unknown[] = [];
  const rawTexts: string[] = [];
  for (const a of raw.attachments ?? []) {
    const card = parseCard(a.content);
    if (card !== undefined) cards.push(card);
    else if (typeof a.content === 'string' && a.content !== '') rawTexts.push(a.content);
  }
  const bodyRaw = str(raw.body?.content);
  const bodyText = raw.body?.contentType === 'text' ? bodyRaw : htmlToText(bodyRaw);
  const shown: TeamsShown = {
    kind: 'teams-graph',
    subject: raw.subject ?? null,
    bodyText,
    cards,
    alertIds: cards.flatMap(cardAlertIds),
  };
  const shownText = [raw.subject ?? '', bodyText, ...cards.map(cardText), ...rawTexts]
    .filter((s) => s !== '')
    .join('\n');
  return {
    id: raw.id,
    channel: 'teams',
    receivedAt: Date.parse(raw.createdDateTime ?? '') || 0,
    shown,
    shownText,
    delivered: true,
  };
}

/**
 * This run's alert in Teams: the "ID" fact of "Alert Details", or any text containing the id (a
 * flow may have flattened the card into text or a link). Never "bash": the card carries no
 * violation text for a process alert (F6).
 */
export function teamsAlertMatch(alertId: string): MessageMatch {
  const id = alertId.toLowerCase();
  return {
    description: `a Teams message whose Alert Details ID (or any text) is alert ${alertId}`,
    test: (m) => {
      const shown = m.shown as Partial<TeamsShown> | null;
      if (Array.isArray(shown?.alertIds) && shown.alertIds.some((x) => x.toLowerCase() === id)) return true;
      return m.shownText.toLowerCase().includes(id);
    },
  };
}
