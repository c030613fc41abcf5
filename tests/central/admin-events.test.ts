// Administration events as Central keeps them: buffered until a flush, repeats merged keeping the
// first createdAt, filter.from/until on createdAt; and one occurrence per failed delivery try.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { type AdminEventInput, AdminEvents } from '../../mocks/central/admin-events.ts';
import { startLab } from './lab.ts';

const input: AdminEventInput = {
  level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
  message:
    'Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}',
  hint: 'An issue occurred when using the Slack notifier.',
  domain: 'Integrations',
  resource: { type: 'Notifier', id: '', name: 'slack-alerts' },
};

/** A clock the test moves by hand. */
function clock(start = Date.parse('2026-03-03T12:00:00Z')) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('AdminEvents', () => {
  test('nothing is listable before the flush; everything recorded is after it', async () => {
    const events = new AdminEvents({ flushIntervalMs: 60 });
    after(() => events.close());
    events.record(input);
    assert.deepEqual(events.list({}), []);
    assert.equal(events.count({}), 0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(events.list({}).length, 1);
  });

  test('repeats merge: numOccurrences counts them, createdAt stays the first, lastOccurredAt moves', () => {
    const c = clock();
    const events = new AdminEvents({ flushIntervalMs: 60_000, now: c.now });
    after(() => events.close());
    events.record(input);
    events.flush();
    c.advance(5_000);
    events.record(input);
    c.advance(5_000);
    events.record(input);
    events.flush();
    const [only, ...rest] = events.list({});
    assert.deepEqual(rest, []);
    assert.equal(only?.numOccurrences, '3');
    assert.equal(only?.createdAt, '2026-03-03T12:00:00.000Z');
    assert.equal(only?.lastOccurredAt, '2026-03-03T12:00:10.000Z');
    assert.equal(only?.resource.id, '');
  });

  test('filter.from and filter.until apply to createdAt: a recurring failure is hidden by a later from', () => {
    const c = clock();
    const events = new AdminEvents({ flushIntervalMs: 60_000, now: c.now });
    after(() => events.close());
    events.record(input);
    c.advance(60_000);
    events.record(input);
    events.flush();
    assert.deepEqual(events.list({ from: '2026-03-03T12:00:30Z' }), []);
    assert.equal(events.list({ from: '2026-03-03T11:59:00Z' }).length, 1);
    assert.equal(events.list({ until: '2026-03-03T12:00:30Z' }).length, 1);
    assert.equal(events.count({ from: '2026-03-03T12:00:30Z' }), 0);
  });
});

describe('delivery failures as events', () => {
  test('a persistent 503 is 3 occurrences of one event for the notifier name, resource.id empty', async () => {
    const lab = await startLab({ timing: { adminEventsFlushMs: 50 } });
    after(() => lab.close());
    lab.receiver.statusFor.set('/services/busy', 503);
    const r = await lab.api('POST', '/v1/notifiers/test', {
      name: 'busy-slack',
      type: 'slack',
      uiEndpoint: lab.central.url,
      labelKey: '',
      labelDefault: `${lab.receiver.url}/services/busy`,
    });
    assert.equal(r.status, 400);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const listed = (await lab.api('GET', '/v1/administration/events?filter.resourceType=Notifier')).json
      .events as { message: string; numOccurrences: string; resource: { id: string; name: string } }[];
    const mine = listed.filter((e) => e.resource.name === 'busy-slack');
    assert.equal(mine.length, 1);
    assert.equal(mine[0]?.numOccurrences, '3');
    assert.equal(mine[0]?.resource.id, '');
    assert.equal(
      mine[0]?.message,
      'Received an error response for notifier {"err_code": "slack-generic", "notifier": "busy-slack", "response": "no_service"}',
    );
  });
});
