// Administration events: Central's record of integration failures. Repeats of the same event
// (same domain, resource, level, message and hint) raise numOccurrences instead of adding a row.
import { createHash } from 'node:crypto';
import type { AdministrationEvent } from '../../types/rhacs.ts';
import { notFound } from './errors.ts';

export interface AdminEventInput {
  level: AdministrationEvent['level'];
  message: string;
  hint: string;
  domain: string;
  resource: { type: string; id: string; name: string };
}

export interface AdminEventFilter {
  from?: string;
  until?: string;
  domain?: string[];
  resourceType?: string[];
  type?: string[];
  level?: string[];
}

function stableId(input: AdminEventInput): string {
  const h = createHash('sha256')
    .update(
      JSON.stringify([
        input.domain,
        input.resource.type,
        input.resource.id,
        input.level,
        input.message,
        input.hint,
      ]),
    )
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class AdminEvents {
  private readonly events = new Map<string, AdministrationEvent>();

  record(input: AdminEventInput): AdministrationEvent {
    const id = stableId(input);
    const now = new Date().toISOString();
    const existing = this.events.get(id);
    if (existing) {
      existing.numOccurrences = String(Number(existing.numOccurrences) + 1);
      existing.lastOccurredAt = now;
      return structuredClone(existing);
    }
    const event: AdministrationEvent = {
      id,
      type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
      level: input.level,
      message: input.message,
      hint: input.hint,
      domain: input.domain,
      resource: { ...input.resource },
      numOccurrences: '1',
      lastOccurredAt: now,
      createdAt: now,
    };
    this.events.set(id, event);
    return structuredClone(event);
  }

  private filtered(filter: AdminEventFilter): AdministrationEvent[] {
    const inList = (value: string, allowed: string[] | undefined) =>
      !allowed || allowed.length === 0 || allowed.includes(value);
    const from = filter.from ? Date.parse(filter.from) : Number.NaN;
    const until = filter.until ? Date.parse(filter.until) : Number.NaN;
    return [...this.events.values()]
      .filter(
        (e) =>
          inList(e.domain, filter.domain) &&
          inList(e.resource.type, filter.resourceType) &&
          inList(e.type, filter.type) &&
          inList(e.level, filter.level) &&
          (Number.isNaN(from) || Date.parse(e.lastOccurredAt) >= from) &&
          (Number.isNaN(until) || Date.parse(e.lastOccurredAt) <= until),
      )
      .sort((a, b) =>
        a.lastOccurredAt < b.lastOccurredAt ? 1 : a.lastOccurredAt > b.lastOccurredAt ? -1 : 0,
      );
  }

  list(filter: AdminEventFilter, limit?: number, offset?: number): AdministrationEvent[] {
    const all = this.filtered(filter);
    const start = offset && offset > 0 ? offset : 0;
    return (limit && limit > 0 ? all.slice(start, start + limit) : all.slice(start)).map((e) =>
      structuredClone(e),
    );
  }

  count(filter: AdminEventFilter): number {
    return this.filtered(filter).length;
  }

  get(id: string): AdministrationEvent {
    const e = this.events.get(id);
    if (!e) throw notFound(`administration event ${id} not found`);
    return structuredClone(e);
  }
}
