import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, HarnessError } from '../../src/errors.ts';
import { redact, redactDeep, redactUrl } from '../../src/redact.ts';

const SLACK_SECRET = 'XyZ9aBcDeFgHiJkLmNoPqRsT';
const TRIGGER_SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2';
const TEAMS_SIG = 'Qm9vbXNpZ25hdHVyZXZhbHVl_-xyz';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.rox-api-token';
const PASSWORD = 'S3cr3t-P@ss';

const blob = [
  `slack https://hooks.slack.com/services/T0123ABC/B0456DEF/${SLACK_SECRET} done`,
  `trigger https://hooks.slack.com/triggers/T0123ABC/7654321/${TRIGGER_SECRET}`,
  `teams https://prod-1.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=${TEAMS_SIG}`,
  `Authorization: Bearer ${TOKEN}`,
  `Authorization: Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
  'bot xoxb-1234-5678-abcdefghijkl and user xoxp-9999-8888-zyxwvu',
  'oc token sha256~AbCdEf123456_-',
  `the password is ${PASSWORD} and url-encoded ${encodeURIComponent(PASSWORD)}`,
  `https://admin:${PASSWORD}@central.example.com/v1/ping`,
].join('\n');

const planted = [
  SLACK_SECRET,
  TRIGGER_SECRET,
  TEAMS_SIG,
  TOKEN,
  PASSWORD,
  encodeURIComponent(PASSWORD),
  Buffer.from(`admin:${PASSWORD}`).toString('base64'),
  'xoxb-1234-5678-abcdefghijkl',
  'xoxp-9999-8888-zyxwvu',
  'AbCdEf123456_-',
];

describe('redact', () => {
  it('removes every planted secret', () => {
    const out = redact(blob, [PASSWORD, TOKEN]);
    for (const secret of planted) assert.ok(!out.includes(secret), `leaked: ${secret}\n${out}`);
  });

  it('keeps the non-secret parts that make a URL recognisable', () => {
    const out = redact(blob);
    assert.match(out, /\/services\/T0123ABC\/B0456DEF\/\*\*\*/);
    assert.match(out, /\/triggers\/T0123ABC\/7654321\/\*\*\*/);
    assert.match(out, /api-version=2016-06-01&sp=%2Ftriggers&sv=1\.0&sig=\*\*\*/);
    assert.match(out, /Bearer \*\*\*/);
    assert.match(out, /central\.example\.com\/v1\/ping/);
  });

  it('redactUrl masks a Slack webhook secret only', () => {
    assert.equal(
      redactUrl(`http://127.0.0.1:4000/services/T000/B000/${SLACK_SECRET}`),
      'http://127.0.0.1:4000/services/T000/B000/***',
    );
  });

  it('redactDeep masks secret-named fields and strings inside nested objects', () => {
    const notifier = {
      name: 'slack-alerts',
      labelDefault: `https://hooks.slack.com/services/T1/B1/${SLACK_SECRET}`,
      notifierSecret: 'nsecret-value',
      nested: [
        { headers: { authorization: `Bearer ${TOKEN}` }, adminPassword: PASSWORD, note: `pw ${PASSWORD}` },
      ],
      count: 3,
    };
    const out = redactDeep(notifier, [PASSWORD]);
    const text = JSON.stringify(out);
    for (const secret of [SLACK_SECRET, TOKEN, PASSWORD, 'nsecret-value'])
      assert.ok(!text.includes(secret), text);
    assert.equal(out.count, 3);
    assert.equal(out.name, 'slack-alerts');
    assert.equal(notifier.notifierSecret, 'nsecret-value', 'input is not modified');
  });

  it('describeError prints HarnessErrors as one redacted line with the fix', () => {
    const e = new HarnessError({
      code: 'X',
      what: 'Posting to Slack',
      cause: `https://hooks.slack.com/services/T1/B1/${SLACK_SECRET} answered 404 no_service.`,
      fix: 'recreate the webhook',
    });
    const text = describeError(e);
    assert.equal(text.includes(SLACK_SECRET), false);
    assert.match(text, /^\[X\] Posting to Slack: .* answered 404 no_service\. Fix: recreate the webhook$/);
    assert.equal(e.cause.includes('no_service'), true);
  });
  it('keeps the punctuation after a secret and leaves a Teams flow path readable', () => {
    const text =
      'see https://h/services/T0/B0/abcDEF123. or (https://h/triggers/T0/123/sEcReT), ' +
      'flow https://p/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=AbC-d_e%2F.';
    assert.equal(
      redact(text),
      'see https://h/services/T0/B0/***. or (https://h/triggers/T0/123/***), ' +
        'flow https://p/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=***.',
    );
  });
});

describe('HarnessError', () => {
  it('masks webhook secrets a server quoted in the cause', () => {
    const e = new HarnessError({
      code: 'X',
      what: 'Posting to Teams',
      cause:
        'Post "https://p.example/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=S3cr3tSig": EOF',
      fix: 'retry',
    });
    assert.equal(e.message.includes('S3cr3tSig'), false, e.message);
    assert.equal(e.cause.includes('S3cr3tSig'), false, e.cause);
    assert.match(e.message, /sig=\*\*\*/);
  });
});
