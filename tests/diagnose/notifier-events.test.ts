// Reading a notifier's administration events after a failure: by lastOccurredAt (repeats keep the
// first createdAt), waiting for Central's flush, only a missing API counts as "no events", and the
// webhook secret in a transport error never comes out.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AdministrationEventFilter } from '../../src/central/client.ts';
import { explainFailure } from '../../src/diagnose/explain.ts';
import {
  type EventsReader,
  recentNotifierEvents,
  waitForNotifierEvents,
} from '../../src/diagnose/notifier-events.ts';
import { HarnessError } from '../../src/errors.ts';
import type { AdministrationEvent } from '../../types/rhacs.ts';

const SECRET = 'Zq8sEcReTpArT0123456789';
const URL = `https://hooks.slack.com/services/T0LAB/B0LAB/${SECRET}`;
const FAILED_AT = Date.parse('2026-03-03T12:30:00Z');

function event(overrides: Partial<AdministrationEvent> = {}): AdministrationEvent {
  return {
    id: 'e1',
    type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
    level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
    message:
      'Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}',
    hint: '',
    domain: 'Integrations',
    resource: { type: 'Notifier', id: '', name: 'slack-alerts' },
    numOccurrences: '4',
    // First seen an hour before this run: only lastOccurredAt says it happened again now.
    createdAt: '2026-03-03T11:30:00Z',
    lastOccurredAt: '2026-03-03T12:30:01Z',
    ...overrides,
  };
}

const transportError = event({
  id: 'e2',
  message: `Error posting message to Slack {"error": "Post \\"${URL}\\": dial tcp 10.0.0.1:443: connect: connection refused", "err_code": "slack-generic", "notifier": "slack-alerts"}`,
});

function reader(
  answers: (AdministrationEvent[] | Error)[],
): EventsReader & { filters: AdministrationEventFilter[] } {
  const filters: AdministrationEventFilter[] = [];
  return {
    filters,
    async listAdministrationEvents(filter: AdministrationEventFilter = {}) {
      filters.push(filter);
      const answer = answers.length > 1 ? answers.shift() : answers[0];
      if (answer instanceof Error) throw answer;
      return answer ?? [];
    },
  };
}

const httpError = (status: number) =>
  new HarnessError({
    code: 'CENTRAL_HTTP',
    what: 'Listing administration events',
    cause: `Central answered ${status}`,
    fix: 'x',
    details: { status },
  });

describe('recentNotifierEvents', () => {
  test('matches on lastOccurredAt, not createdAt, and sends no filter.from', async () => {
    const central = reader([
      [
        event(),
        event({ id: 'old', lastOccurredAt: '2026-03-03T12:00:00Z' }),
        event({ id: 'other', resource: { type: 'Notifier', id: '', name: 'teams-alerts' } }),
      ],
    ]);
    const got = await recentNotifierEvents(central, { since: FAILED_AT, notifierName: 'slack-alerts' });
    assert.equal(got.kind, 'listed');
    assert.deepEqual(got.kind === 'listed' ? got.events.map((e) => e.id) : [], ['e1']);
    assert.equal(central.filters[0]?.from, undefined);
    assert.equal(central.filters[0]?.domain, 'Integrations');
  });

  test('only 404 and 501 mean Central has no events API; other failures are thrown', async () => {
    for (const status of [404, 501]) {
      const got = await recentNotifierEvents(reader([httpError(status)]), { since: FAILED_AT });
      assert.equal(got.kind, 'unsupported', String(status));
    }
    for (const status of [403, 500]) {
      await assert.rejects(
        recentNotifierEvents(reader([httpError(status)]), { since: FAILED_AT }),
        (e) => e instanceof HarnessError && e.details?.status === status,
      );
    }
  });

  test("the webhook secret in a transport error's URL never comes out", async () => {
    const got = await recentNotifierEvents(reader([[transportError]]), {
      since: FAILED_AT,
      secrets: [URL],
    });
    const text = JSON.stringify(got);
    assert.ok(!text.includes(SECRET), text);
    assert.match(text, /hooks\.slack\.com/);
    const unknownSecret = await recentNotifierEvents(reader([[transportError]]), { since: FAILED_AT });
    assert.ok(
      !JSON.stringify(unknownSecret).includes(SECRET),
      'known webhook shapes are masked without a list',
    );
  });
});

describe('waitForNotifierEvents', () => {
  test('waits for the flush: the events of the third listing', async () => {
    const central = reader([[], [], [event()]]);
    const events = await waitForNotifierEvents(central, {
      since: FAILED_AT,
      notifierName: 'slack-alerts',
      timeoutMs: 2_000,
    });
    assert.deepEqual(
      events.map((e) => e.id),
      ['e1'],
    );
    assert.equal(central.filters.length, 3);
  });

  test('none in time: says they may not be flushed yet, Central flushes every minute', async () => {
    await assert.rejects(
      waitForNotifierEvents(reader([[]]), { since: FAILED_AT, notifierName: 'slack-alerts', timeoutMs: 100 }),
      (e) =>
        e instanceof HarnessError &&
        /may not be flushed yet/.test(e.message) &&
        /every minute/.test(e.message),
    );
  });

  test('a Central without the events API ends the wait at once with no events', async () => {
    const started = Date.now();
    const events = await waitForNotifierEvents(reader([httpError(404)]), {
      since: FAILED_AT,
      timeoutMs: 5_000,
    });
    assert.deepEqual(events, []);
    assert.ok(Date.now() - started < 1_000);
  });
});

describe('explainFailure with a transport error event', () => {
  test('the explanation quotes the event without the secret part of the URL', () => {
    const err = new HarnessError({
      code: 'CHANNEL_TIMEOUT',
      what: 'Waiting for Slack',
      cause: 'none',
      fix: 'x',
      details: { channel: 'slack' },
    });
    const { text } = explainFailure(err, { adminEvents: [transportError] });
    assert.match(text, /Error posting message to Slack/);
    assert.ok(!text.includes(SECRET), text);
  });
});
