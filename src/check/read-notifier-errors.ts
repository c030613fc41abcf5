// The notifier error events the check quotes. Matched on lastOccurredAt (a repeat keeps its first
// createdAt); only a Central without the events API (404/501) means "no events": any other failure
// is kept as a sentence for the delivery goal, so "no delivery error" is never said unread.

import type { AdministrationEvent } from '../../types/rhacs.ts';
import { type EventsReader, recentNotifierEvents } from '../diagnose/index.ts';
import { describeError } from '../errors.ts';

export interface NotifierErrors {
  events: AdministrationEvent[];
  /** Why the events could not be read, when they could not. */
  unreadable?: string;
}

/** `secrets`: the notifiers' webhook URLs, which transport errors quote in full. */
export async function readNotifierErrors(
  central: EventsReader,
  since: number,
  secrets: string[],
): Promise<NotifierErrors> {
  try {
    const got = await recentNotifierEvents(central, { since, secrets, errorsOnly: true });
    return { events: got.kind === 'listed' ? got.events : [] };
  } catch (error) {
    return { events: [], unreadable: describeError(error, secrets) };
  }
}
