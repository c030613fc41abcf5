// A notifier's administration events after a failure, read the way real Central keeps them
// (reference/rhacs-central.md "Delivery failures"):
// - repeats keep the first createdAt and filter.from applies to createdAt, so the harness asks
//   without filter.from and keeps the events whose lastOccurredAt is at or after the failure;
// - events are written only at Central's flush (every minute by default), so after a failure the
//   harness waits for them, and says so when none came rather than "nothing";
// - a transport error quotes the full webhook URL: every message is redacted here.

import type { AdministrationEvent } from '../../types/rhacs.ts';
import type { AdministrationEventFilter } from '../central/index.ts';
import { HarnessError } from '../errors.ts';
import { redact, redactUrl } from '../redact.ts';
import { Probe, seconds, Wait } from '../wait.ts';

/** The one client call this needs (CentralClient has it). */
export interface EventsReader {
  listAdministrationEvents(filter?: AdministrationEventFilter): Promise<AdministrationEvent[]>;
}

export interface NotifierEventsQuery {
  /** Epoch ms: events last seen before this are not about this failure. */
  since: number;
  /** Only this notifier's events (Central names the notifier, resource.id is empty). */
  notifierName?: string;
  /** Webhook URLs and other secrets to mask in the messages. */
  secrets?: string[];
  /** Only ERROR events (default: every level of the Integrations domain). */
  errorsOnly?: boolean;
}

export type NotifierEvents =
  | { kind: 'listed'; events: AdministrationEvent[] }
  /** Central answered 404 or 501: a version without administration events (before 4.4). */
  | { kind: 'unsupported' };

/** Central's default ROX_ADMINISTRATION_EVENTS_FLUSH_INTERVAL. */
export const CENTRAL_EVENTS_FLUSH_MS = 60_000;
/** One flush and some slack: how long a failure waits for its events by default. */
export const NOTIFIER_EVENTS_WAIT_MS = CENTRAL_EVENTS_FLUSH_MS + 5_000;

/** Sorted last updated first, so the newest events fit; the lab and Central agree on that sort. */
const LIST_LIMIT = 100;

export async function recentNotifierEvents(
  central: EventsReader,
  query: NotifierEventsQuery,
): Promise<NotifierEvents> {
  let listed: AdministrationEvent[];
  try {
    listed = await central.listAdministrationEvents({
      domain: 'Integrations',
      resourceType: 'Notifier',
      ...(query.errorsOnly ? { level: 'ADMINISTRATION_EVENT_LEVEL_ERROR' as const } : {}),
      limit: LIST_LIMIT,
    });
  } catch (error) {
    if (isMissingApi(error)) return { kind: 'unsupported' };
    throw error;
  }
  const events = listed
    .filter((e) => (Date.parse(e.lastOccurredAt) || 0) >= query.since)
    .filter((e) => query.notifierName === undefined || e.resource.name === query.notifierName)
    .map((e) => ({ ...e, message: redactEventMessage(e.message, query.secrets ?? []) }));
  return { kind: 'listed', events };
}

/**
 * Waits until Central lists events for the failure (after its flush). No events API: [] at once.
 * None in time: a HarnessError saying they may not be flushed yet.
 */
export async function waitForNotifierEvents(
  central: EventsReader,
  query: NotifierEventsQuery & { timeoutMs?: number },
): Promise<AdministrationEvent[]> {
  const timeoutMs = query.timeoutMs ?? NOTIFIER_EVENTS_WAIT_MS;
  const whose = query.notifierName === undefined ? 'notifiers' : `notifier ${query.notifierName}`;
  return Wait.until(
    async () => {
      const got = await recentNotifierEvents(central, query);
      if (got.kind === 'unsupported') return Probe.done([]);
      return got.events.length > 0 ? Probe.done(got.events) : Probe.notYet();
    },
    {
      timeoutMs,
      intervalMs: 250,
      maxIntervalMs: 5_000,
      onTimeout: ({ elapsedMs }) =>
        new HarnessError({
          code: 'ADMIN_EVENTS_NOT_FLUSHED',
          what: `Waiting for Central's administration events of ${whose}`,
          cause: `none listed within ${seconds(elapsedMs)}; they may not be flushed yet (Central flushes them every minute, ROX_ADMINISTRATION_EVENTS_FLUSH_INTERVAL)`,
          fix: 'Look again under Platform Configuration -> Administration Events (domain Integrations) in a minute',
        }),
    },
  );
}

/** 404 Not Found or 501 Unimplemented: this Central has no administration events API. */
function isMissingApi(error: unknown): boolean {
  const status = error instanceof HarnessError ? error.details?.status : undefined;
  return status === 404 || status === 501;
}

/**
 * A transport error quotes the webhook URL Central posted to; a known URL keeps its host and
 * non-secret path (redactUrl), or only its origin when its shape is not a known one.
 */
export function redactEventMessage(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (!/^https?:\/\//i.test(secret) || !out.includes(secret)) continue;
    const shown = redactUrl(secret);
    out = out.split(secret).join(shown === secret ? `${originOf(secret)}/***` : shown);
  }
  return redact(out, secrets);
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '***';
  }
}
