// Loaded by payloads.test.ts when the reference is there. Contract tests: the lab Central's Slack and Teams bodies against shared/reference/rhacs-payloads.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  alertLink,
  goJson,
  slackAlertBody,
  slackTestBody,
  teamsAlertBody,
  teamsTestBody,
} from '../../mocks/central/payloads.ts';
import type { Severity } from '../../types/rhacs.ts';
import {
  ALERT_ID,
  CLUSTER_ID,
  DEPLOYMENT_ID,
  UI_ENDPOINT,
  workshopAlert,
  workshopPolicy,
} from './workshopAlert.ts';

const REFERENCE = readFileSync(
  new URL('../../../shared/reference/rhacs-payloads.md', import.meta.url),
  'utf8',
);

/** Fenced code blocks with the given info string ('' for bare fences), each with a trailing newline. */
function fencedBlocks(language: string): string[] {
  const blocks: string[] = [];
  let current: { language: string; lines: string[] } | undefined;
  for (const line of REFERENCE.split('\n')) {
    if (!line.startsWith('```')) {
      current?.lines.push(line);
    } else if (current) {
      if (current.language === language) blocks.push(`${current.lines.join('\n')}\n`);
      current = undefined;
    } else {
      current = { language: line.slice(3).trim(), lines: [] };
    }
  }
  return blocks;
}

function inlineJson(startsWith: string): string {
  const at = REFERENCE.indexOf(`\`${startsWith}`);
  assert.ok(at >= 0, `reference has no inline example starting ${startsWith}`);
  return REFERENCE.slice(at + 1, REFERENCE.indexOf('`', at + 1));
}

/** The reference BODY block with its line breaks as CRLF; Central's template ends every line with one. */
const referenceBody = (() => {
  const block = fencedBlocks('').find((b) => b.startsWith('Alert ID: <uuid>'));
  assert.ok(block, 'reference BODY block not found');
  return block.replace(/\n/g, '\r\n');
})();

function fillPlaceholders(text: string): string {
  return text
    .replaceAll('https://<central>', UI_ENDPOINT)
    .replaceAll('<uuid>', ALERT_ID)
    .replaceAll('<deployment id>', DEPLOYMENT_ID)
    .replaceAll('<cluster id>', CLUSTER_ID);
}

function fillDeep(value: unknown, body: string): unknown {
  if (typeof value === 'string') return value === '<BODY>' ? body : fillPlaceholders(value);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, body));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, body)]));
  }
  return value;
}

const [slackBlock, teamsBlock] = fencedBlocks('json');
const expectedBody = fillPlaceholders(referenceBody);
const expectedSlack = fillDeep(JSON.parse(slackBlock ?? ''), expectedBody) as Record<string, unknown>;
const expectedTeams = fillDeep(JSON.parse(teamsBlock ?? ''), expectedBody) as Record<string, unknown>;

/** Key order matters: compare every object's keys as arrays, recursively. */
function assertSameShape(actual: unknown, expected: unknown, path = '$'): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path} should be an array`);
    assert.equal(actual.length, expected.length, `${path} length`);
    expected.forEach((e, i) => {
      assertSameShape(actual[i], e, `${path}[${i}]`);
    });
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${path} should be an object`);
    assert.deepEqual(Object.keys(actual), Object.keys(expected), `${path} keys and their order`);
    for (const [k, v] of Object.entries(expected)) {
      assertSameShape((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
    return;
  }
  assert.equal(actual, expected, path);
}

describe('goJson', () => {
  test('escapes & < > and U+2028/9 like Go, and nothing else', () => {
    assert.equal(
      goJson({ a: 'MITRE ATT&CK <x> \u2028\u2029' }),
      '{"a":"MITRE ATT\\u0026CK \\u003cx\\u003e \\u2028\\u2029"}',
    );
    assert.equal(goJson({ a: 'line\r\nnext "q" é' }), '{"a":"line\\r\\nnext \\"q\\" é"}');
    assert.equal(goJson(null), 'null');
  });
});

describe('alertLink', () => {
  test('is <uiEndpoint>/main/violations/<id>', () => {
    assert.equal(alertLink(UI_ENDPOINT, ALERT_ID), `${UI_ENDPOINT}/main/violations/${ALERT_ID}`);
    assert.equal(
      alertLink('https://central.example.com:8443', 'x'),
      'https://central.example.com:8443/main/violations/x',
    );
  });
});

describe('Slack test message', () => {
  test('4.11 body is byte-identical to the reference', () => {
    assert.equal(slackTestBody('4.11'), inlineJson('{"text":"This is a test'));
  });
  test('4.10 body carries "attachments":null first', () => {
    assert.equal(slackTestBody('4.10'), inlineJson('{"attachments":null'));
  });
});

describe('Slack alert for the workshop bash exec', () => {
  const raw = slackAlertBody(workshopAlert(), UI_ENDPOINT, '4.11');
  const parsed = JSON.parse(raw) as Record<string, unknown>;

  test('matches the reference field by field, keys in order', () => {
    assertSameShape(parsed, expectedSlack);
  });

  test('is byte-identical to the reference re-encoded the Go way', () => {
    assert.equal(raw, goJson(expectedSlack));
  });

  test('BODY: CRLF line breaks, exact indents, bare "- " line for the empty rationale', () => {
    const attachment = (parsed.attachments as Record<string, string>[])[0]!;
    const body = attachment.text!;
    assert.equal(body, expectedBody);
    assert.equal(attachment.fallback, body);
    assert.equal(parsed.description, body);
    assert.ok(raw.includes('\\r\\n'), 'raw bytes carry escaped CRLF');
    assert.ok(!/[^\r]\n/.test(body), 'no bare LF in the body');
    const lines = body.split('\r\n');
    assert.ok(lines.includes('        *Rationale:*'));
    assert.equal(lines[lines.indexOf('        *Rationale:*') + 1], '            - ');
    assert.ok(lines.includes('                *Section Unnamed :*'));
    assert.ok(lines.includes('                        *Process Name*: `bash`'));
  });

  test('colour follows severity, anything else is "warning"', () => {
    const colours = [...REFERENCE.matchAll(/(CRITICAL|HIGH|MEDIUM|LOW) `(#[0-9A-F]{6})`/g)];
    assert.equal(colours.length, 4);
    const cases: [Severity, string][] = colours.map((m) => [`${m[1]}_SEVERITY` as Severity, m[2]!]);
    cases.push(['UNSET_SEVERITY', 'warning']);
    for (const [severity, colour] of cases) {
      const alert = workshopAlert({ policy: workshopPolicy({ severity }) });
      const slack = JSON.parse(slackAlertBody(alert, UI_ENDPOINT, '4.11'));
      assert.equal(slack.attachments[0].color, colour, severity);
      assert.equal(JSON.parse(teamsAlertBody(alert, UI_ENDPOINT)).themeColor, colour, severity);
    }
    const unset = JSON.parse(
      slackAlertBody(
        workshopAlert({ policy: workshopPolicy({ severity: 'UNSET_SEVERITY' }) }),
        UI_ENDPOINT,
        '4.11',
      ),
    );
    assert.equal(unset.severity, 'Unset');
  });

  test('4.10 has only attachments and "text":"" ; 4.11 adds the flat keys', () => {
    const old = slackAlertBody(workshopAlert(), UI_ENDPOINT, '4.10');
    assert.deepEqual(Object.keys(JSON.parse(old)), ['attachments', 'text']);
    assert.ok(old.endsWith(',"text":""}'));
    assert.equal(JSON.parse(old).attachments[0].text, expectedBody);
    assert.ok(raw.startsWith(old.slice(0, -1)), '4.11 starts with the 4.10 body');
  });

  test('flat keys are omitted when empty; violations join every message with \\n', () => {
    const noProcess = JSON.parse(
      slackAlertBody(workshopAlert({ processViolation: null }), UI_ENDPOINT, '4.11'),
    ) as Record<string, unknown>;
    assert.ok(!('violations' in noProcess));
    assert.ok((noProcess.description as string).includes('*Violations:*\r\n\r\n*Policy Definition:*'));

    const both = JSON.parse(
      slackAlertBody(
        workshopAlert({ violations: [{ message: 'Container uses latest tag' }] }),
        UI_ENDPOINT,
        '4.11',
      ),
    );
    assert.equal(
      both.violations,
      "Container uses latest tag\nBinary '/bin/bash' executed without arguments under user ID 1000",
    );
    assert.ok(both.description.includes('            - Container uses latest tag\r\n            - Binary'));
  });

  test('& < > in a description are escaped as \\u0026 \\u003c \\u003e in the raw bytes', () => {
    const alert = workshopAlert({ policy: workshopPolicy({ description: 'MITRE ATT&CK <T1059>' }) });
    for (const body of [slackAlertBody(alert, UI_ENDPOINT, '4.11'), teamsAlertBody(alert, UI_ENDPOINT)]) {
      assert.ok(body.includes('MITRE ATT\\u0026CK \\u003cT1059\\u003e'));
      assert.ok(!body.includes('&') && !body.includes('<') && !body.includes('>'));
    }
  });

  test('named sections, AND groups and negation', () => {
    const policy = workshopPolicy({
      policySections: [
        {
          sectionName: 'shells',
          policyGroups: [
            {
              fieldName: 'Process Name',
              booleanOperator: 'OR',
              negate: true,
              values: [{ value: 'bash' }, { value: 'sh' }],
            },
            {
              fieldName: 'Process UID',
              booleanOperator: 'AND',
              negate: false,
              values: [{ value: '0' }, { value: '1' }],
            },
          ],
        },
      ],
    });
    const alert = workshopAlert({ policy });
    const body = JSON.parse(slackAlertBody(alert, UI_ENDPOINT, '4.11')).description as string;
    assert.ok(
      body.includes(
        '\r\n                *Section shells :*\r\n' +
          '\r\n                        *Process Name*: NOT (`bash` OR `sh`)\r\n' +
          '\r\n                        *Process UID*: `0` AND `1`\r\n',
      ),
    );
    const teams = JSON.parse(teamsAlertBody(alert, UI_ENDPOINT));
    const fact = teams.sections[1].facts.at(-1);
    assert.deepEqual(fact, {
      name: 'Section  "shells"',
      value: '\n- Process Name: NOT (bash OR sh)\n- Process UID: 0 AND 1\n__________',
    });
  });
});

describe('Teams', () => {
  test('test message is byte-identical to the reference', () => {
    assert.equal(teamsTestBody(), inlineJson('{"themeColor":""'));
  });

  const raw = teamsAlertBody(workshopAlert(), UI_ENDPOINT);
  const parsed = JSON.parse(raw) as Record<string, unknown>;

  test('alert card matches the reference field by field, keys in order', () => {
    assertSameShape(parsed, expectedTeams);
    assert.equal(raw, goJson(expectedTeams));
  });

  test('no @type/@context, no Violation Details, no process message anywhere', () => {
    assert.ok(!raw.includes('@type') && !raw.includes('@context'));
    assert.ok(!raw.includes('Violation Details'));
    assert.ok(!raw.includes('executed'));
    assert.ok(raw.includes(ALERT_ID) && raw.includes('No bash allowed') && raw.includes('"payments"'));
  });

  test('violations[] (not processViolation) become a Violation Details section', () => {
    const card = JSON.parse(teamsAlertBody(workshopAlert({ violations: [{ message: 'bad' }] }), UI_ENDPOINT));
    const titles = card.sections.map((s: { title: string }) => s.title);
    assert.deepEqual(titles, ['Alert Details', 'Policy Details', 'Violation Details', 'Deployment Details']);
    assert.deepEqual(card.sections[2].facts, [{ name: 'Description', value: 'Message : bad' }]);
  });

  test('Time is RFC 3339 with nanoseconds, padded from milliseconds', () => {
    const card = JSON.parse(teamsAlertBody(workshopAlert({ time: '2026-03-03T12:34:56.123Z' }), UI_ENDPOINT));
    assert.deepEqual(card.sections[0].facts[2], { name: 'Time', value: '2026-03-03T12:34:56.123000000Z' });
  });

  test('Rationale appears after Remediation only when non-empty', () => {
    const card = JSON.parse(
      teamsAlertBody(
        workshopAlert({ policy: workshopPolicy({ rationale: 'Shells help attackers' }) }),
        UI_ENDPOINT,
      ),
    );
    const names = card.sections[1].facts.map((f: { name: string }) => f.name);
    assert.deepEqual(names, ['Description', 'Remediation', 'Rationale', 'Section ']);
  });
});
