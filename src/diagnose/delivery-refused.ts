// A delivery the webhook refused, explained from Central's administration events for the notifier
// (Central records the webhook's answer there, e.g. Slack's no_service for a revoked hook).

import type { AdministrationEvent, Notifier } from '../../types/rhacs.ts';
import type { CentralClient } from '../central/index.ts';
import { HarnessError } from '../errors.ts';
import { waitForNotifierEvents } from './notifier-events.ts';
import { webhookRefusal } from './webhook-refusal.ts';

/** Central's clock may run behind this machine's: its lastOccurredAt still counts this much earlier. */
const EVENT_CLOCK_SKEW_MS = 5_000;

/**
 * The error for a refused delivery, with what Central's events say. Central writes events once a
 * minute, so this waits for them; repeats keep their first createdAt, so they are matched on
 * lastOccurredAt.
 */
export async function deliveryRefused(
  central: CentralClient,
  notifier: Notifier,
  since: number,
  what: { code: string; what: string; observed: string },
): Promise<HarnessError> {
  const query = {
    since: since - EVENT_CLOCK_SKEW_MS,
    notifierName: notifier.name,
    secrets: [notifier.labelDefault],
  };
  let mine: AdministrationEvent[] = [];
  let unread: string | undefined;
  try {
    mine = await waitForNotifierEvents(central, query);
  } catch (error) {
    unread = error instanceof HarnessError ? error.cause : String(error);
  }
  const refusal = mine.map((e) => webhookRefusal(e.message)).find((r) => r !== undefined);
  const said =
    mine.length > 0
      ? `; Central's administration events say: ${mine.map((e) => e.message).join(' | ')}`
      : unread !== undefined
        ? `; Central's administration events: ${unread}`
        : '';
  return new HarnessError({
    code: what.code,
    what: what.what,
    cause: `${what.observed}${said}${refusal ? ` (${refusal.meaning})` : ''}`,
    fix:
      refusal?.fix ??
      'Check the webhook URL (labelDefault) is the one the channel gave you and that Central can reach it',
  });
}
