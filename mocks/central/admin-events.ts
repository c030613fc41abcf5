// Administration events: Central's record of integration failures.
// - Buffered, written (and so listable) only at the next flush: ROX_ADMINISTRATION_EVENTS_FLUSH_INTERVAL,
//   default 1 minute (central/administration/events/handler/handler.go, pkg/env/administration_events.go).
// - Repeats of one event (same id: domain, resource, level, message, hint) raise numOccurrences, keep
//   the earliest createdAt and the latest lastOccurredAt
//   (central/administration/events/datastore/internal/writer/writer_impl.go mergeEvents).
// - filter.from / filter.until apply to createdAt; the list is sorted last updated first
//   (central/administration/events/service/service_impl.go getQueryBuilderFromFilter).
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

/** Real Central: 1 minute. The lab flushes sooner (CentralTiming.adminEventsFlushMs). */
export const REAL_FLUSH_INTERVAL_MS = 60_000;

export interface AdminEventsOptions {
  flushIntervalMs: number;
  /** The clock occurrences are stamped with (tests move it by hand). */
  now?: () => Date;
}

export class AdminEvents {
  private readonly events = new Map<string, AdministrationEvent>();
  private buffered: { input: AdminEventInput; at: string }[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(options: AdminEventsOptions) {
    this.now = options.now ?? (() => new Date());
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** One occurrence; listable after the next flush. */
  record(input: AdminEventInput): void {
    this.buffered.push({ input: structuredClone(input), at: this.now().toISOString() });
  }

  /** Writes the buffered occurrences, merging repeats (the timer calls it; tests may too). */
  flush(): void {
    for (const { input, at } of this.buffered.splice(0)) this.write(input, at);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private write(input: AdminEventInput, at: string): void {
    const id = stableId(input);
    const existing = this.events.get(id);
    if (existing) {
      existing.numOccurrences = String(Number(existing.numOccurrences) + 1);
      if (at < existing.createdAt) existing.createdAt = at;
      if (at > existing.lastOccurredAt) existing.lastOccurredAt = at;
      return;
    }
    this.events.set(id, {
      id,
      type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
      level: input.level,
      message: input.message,
      hint: input.hint,
      domain: input.domain,
      resource: { ...input.resource },
      numOccurrences: '1',
      lastOccurredAt: at,
      createdAt: at,
    });
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
          (Number.isNaN(from) || Date.parse(e.createdAt) >= from) &&
          (Number.isNaN(until) || Date.parse(e.createdAt) <= until),
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
