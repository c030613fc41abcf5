// Reading Slack's refusal out of Central's administration event message (zap console encoding).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventFields, webhookRefusal } from '../../src/diagnose/webhook-refusal.ts';

const REVOKED =
  'Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}';

describe('webhookRefusal', () => {
  test("the response field of Central's line names Slack's code", () => {
    const r = webhookRefusal(REVOKED);
    assert.equal(r?.code, 'no_service');
    assert.equal(r?.meaning, 'Slack says the webhook was revoked or deleted');
    assert.match(r?.fix ?? '', /create a new Incoming Webhook/);
    assert.equal(
      webhookRefusal(REVOKED.replace('no_service', 'channel_is_archived'))?.code,
      'channel_is_archived',
    );
  });

  test('no refusal in a transport error, an unknown answer, a Teams answer or the old invented format', () => {
    for (const message of [
      'Error posting message to Slack {"error": "Post \\"https://hooks.slack.com/services/T0/B0/x\\": dial tcp: lookup hooks.slack.com: no such host", "err_code": "slack-generic", "notifier": "slack-alerts"}',
      REVOKED.replace('no_service', '<html>Bad gateway</html>'),
      REVOKED.replace('slack-generic', 'teams-generic'),
      'Received an error response for notifier (notifier: slack-alerts, status code: 404, response: no_service).',
      'Received an error response for notifier {not json',
    ]) {
      assert.equal(webhookRefusal(message), undefined, message);
    }
  });

  test('eventFields splits the log line from its JSON fields', () => {
    assert.deepEqual(eventFields(REVOKED), {
      line: 'Received an error response for notifier',
      fields: { err_code: 'slack-generic', notifier: 'slack-alerts', response: 'no_service' },
    });
    assert.deepEqual(eventFields('plain text'), { line: 'plain text', fields: {} });
  });
});
