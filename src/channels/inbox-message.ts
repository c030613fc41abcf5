// Turns the lab inbox's JSON (GET $LAB_INBOX_URL/api/messages, /api/runs, SSE data) into the
// reader-neutral shapes. Tolerant of epoch-ms or RFC 3339 timestamps.

import { flattenText } from './match.ts';
import type { ChannelMessage, ChannelName, FlowRun, FlowRunStatus } from './types.ts';

type Json = Record<string, unknown>;

function asTime(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    if (Number.isFinite(n)) return n;
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** What the sender posted, as text: JSON string leaves, or a form `payload=` field, or the raw bytes. */
export function sentTextOf(rawBody: string): string {
  try {
    return flattenText(JSON.parse(rawBody));
  } catch {
    const payload = new URLSearchParams(rawBody).get('payload');
    if (payload !== null) {
      try {
        return flattenText(JSON.parse(payload));
      } catch {
        return payload;
      }
    }
    return rawBody;
  }
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What a reader of the channel would see. A Slack workflow shows only the text its message step
 * composed (not the variables it received); unknown shapes fall back to every string in them.
 */
export function shownTextOf(shown: unknown): string {
  if (!isObj(shown)) return flattenText(shown);
  if (shown.kind === 'slack-workflow') return typeof shown.text === 'string' ? shown.text : '';
  if (shown.kind === 'slack') return flattenText([shown.text, shown.attachments, shown.blocks]);
  if (shown.kind === 'teams' && Array.isArray(shown.cards)) {
    return shown.cards
      .filter(isObj)
      .map((card) => {
        const facts = Array.isArray(card.facts)
          ? card.facts.filter(isObj).map((f) => `${String(f.name ?? '')}: ${String(f.value ?? '')}`)
          : [];
        return flattenText([card.title, card.text, facts]);
      })
      .join('\n');
  }
  const { kind: _kind, ...rest } = shown;
  return flattenText(rest);
}

export function messageFromInbox(raw: Json): ChannelMessage {
  const rawBody = typeof raw.rawBody === 'string' ? raw.rawBody : '';
  const message: ChannelMessage = {
    id: String(raw.id),
    channel: (raw.receiver === 'teams' ? 'teams' : 'slack') as ChannelName,
    receivedAt: asTime(raw.receivedAt) ?? 0,
    shown: raw.shown ?? null,
    shownText: shownTextOf(raw.shown ?? null),
    sentText: sentTextOf(rawBody),
    delivered: raw.delivered === true,
  };
  if (typeof raw.hookId === 'string') message.hookId = raw.hookId;
  if (typeof raw.hookKind === 'string') message.hookKind = raw.hookKind;
  if (typeof raw.status === 'number') message.status = raw.status;
  if (typeof raw.runId === 'string' && raw.runId !== '') message.runId = raw.runId;
  return message;
}

export function runFromInbox(raw: Json): FlowRun {
  const status = raw.status;
  return {
    id: String(raw.id),
    hookId: typeof raw.hookId === 'string' ? raw.hookId : '',
    status: (status === 'Succeeded' || status === 'Failed' ? status : 'Running') as FlowRunStatus,
    error: typeof raw.error === 'string' && raw.error !== '' ? raw.error : null,
    startedAt: asTime(raw.startedAt) ?? 0,
    endedAt: asTime(raw.endedAt),
    messageIds: Array.isArray(raw.messageIds) ? raw.messageIds.map(String) : [],
  };
}

export function runBelongsTo(run: FlowRun, message: ChannelMessage): boolean {
  return run.id === message.runId || run.messageIds.includes(message.id);
}
