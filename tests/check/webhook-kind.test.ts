import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifySlackWebhook, classifyTeamsWebhook } from '../../src/check/index.ts';

test('Slack URL shapes', () => {
  const kind = (url: string, inbox?: string) => classifySlackWebhook(url, inbox).kind;
  assert.equal(kind('https://hooks.slack.com/services/T1/B1/secret'), 'incoming');
  assert.equal(kind('hooks.slack.com/services/T1/B1/secret'), 'incoming', 'Central prepends https://');
  assert.equal(kind('https://hooks.slack.com/triggers/T1/123/secret'), 'workflow-trigger');
  assert.equal(kind('https://hooks.slack.com/workflows/T1/A1/1/secret'), 'invalid');
  assert.equal(kind('https://hooks.slack.com/services/T1/B1'), 'invalid');
  assert.equal(kind('https://example.com/services/T1/B1/secret'), 'other-host');
  assert.equal(kind('http://127.0.0.1:9/services/T1/B1/s', 'http://127.0.0.1:9/inbox'), 'incoming');
  assert.equal(kind('http://127.0.0.1:9/services/T1/B1/s', 'http://127.0.0.1:10/inbox'), 'other-host');
  assert.equal(kind('  '), 'empty');
  assert.equal(kind('http://[bad'), 'invalid');
});

test('Teams URL shapes', () => {
  const kind = (url: string, inbox?: string) => classifyTeamsWebhook(url, inbox).kind;
  const hex = '0123456789abcdef0123456789abcdef';
  const q = 'api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=abc';
  assert.equal(
    kind(`https://prod-01.westus.logic.azure.com:443/workflows/${hex}/triggers/manual/paths/invoke?${q}`),
    'workflows',
  );
  assert.equal(
    kind(
      `https://default1234.56.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/${hex}/triggers/manual/paths/invoke?${q}`,
    ),
    'workflows',
  );
  assert.equal(
    kind(`https://prod-01.westus.logic.azure.com/workflows/${hex}/triggers/manual/paths/invoke`),
    'invalid',
  );
  assert.equal(
    kind('https://contoso.webhook.office.com/webhookb2/x@y/IncomingWebhook/a/b/c'),
    'retired-connector',
  );
  assert.equal(kind('https://outlook.office.com/hooks/abc'), 'other-host');
  assert.equal(
    kind(`http://127.0.0.1:9/workflows/${hex}/triggers/manual/paths/invoke?${q}`, 'http://127.0.0.1:9/inbox'),
    'workflows',
  );
  assert.equal(kind(''), 'empty');
});
