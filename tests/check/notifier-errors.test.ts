// The check's read of notifier error events: by lastOccurredAt, only a missing API is "no events",
// any other failure is reported in the delivery goal instead of being swallowed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateGoals } from '../../src/check/index.ts';
import { readNotifierErrors } from '../../src/check/read-notifier-errors.ts';
import { HarnessError } from '../../src/errors.ts';
import type { AdministrationEvent } from '../../types/rhacs.ts';
import { passingState } from './fixtures.ts';

const SINCE = Date.parse('2026-03-03T12:00:00Z');

const recurring: AdministrationEvent = {
  id: 'e1',
  type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
  level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
  message:
    'Received an error response for notifier {"err_code": "teams-generic", "notifier": "teams-alerts", "response": "bad"}',
  hint: '',
  domain: 'Integrations',
  resource: { type: 'Notifier', id: '', name: 'teams-alerts' },
  numOccurrences: '9',
  createdAt: '2026-03-01T08:00:00Z',
  lastOccurredAt: '2026-03-03T12:05:00Z',
};

const answering = (answer: AdministrationEvent[] | Error) => ({
  async listAdministrationEvents() {
    if (answer instanceof Error) throw answer;
    return answer;
  },
});

const httpError = (status: number, message: string) =>
  new HarnessError({
    code: 'CENTRAL_HTTP',
    what: 'Listing administration events',
    cause: `Central answered ${status}: "${message}"`,
    fix: 'x',
    details: { status },
  });

describe('readNotifierErrors', () => {
  test('a failure that keeps recurring counts though it was created long before', async () => {
    const got = await readNotifierErrors(answering([recurring]), SINCE, []);
    assert.deepEqual(
      got.events.map((e) => e.id),
      ['e1'],
    );
    assert.equal(got.unreadable, undefined);
  });

  test('404 and 501: no events and nothing to report; 403 or 500: reported', async () => {
    for (const status of [404, 501]) {
      assert.deepEqual(await readNotifierErrors(answering(httpError(status, 'Not Found')), SINCE, []), {
        events: [],
      });
    }
    const denied = await readNotifierErrors(
      answering(httpError(403, 'access to Administration denied')),
      SINCE,
      [],
    );
    assert.deepEqual(denied.events, []);
    assert.match(denied.unreadable ?? '', /403.*access to Administration denied/);
  });
});

describe('the delivery goal', () => {
  test('says the events could not be read instead of "no delivery error"', () => {
    const s = passingState();
    s.channels.teams = { kind: 'read', route: 'lab-inbox', where: 'the lab inbox', messages: [], runs: [] };
    s.notifierErrorsUnreadable = 'Central answered 403: "access to Administration denied"';
    const r = evaluateGoals(s).find((g) => g.id === 'teams-delivery');
    assert.equal(r?.status, 'fail');
    const text = `${r?.detail} ${r?.hint}`;
    assert.match(text, /could not be read.*403/);
    assert.doesNotMatch(text, /shows no delivery error/);
  });
});
