// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the targets file's own ${VAR} syntax.
// The targets file: structure, `${VAR}` expansion, each problem named by lab, field and fix, secrets
// never echoed, and the per-lab environment that keeps one lab's settings out of another's.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { describeError, isHarnessError } from '../../src/errors.ts';
import {
  expandEnvRefs,
  formatLabTable,
  labEnvironment,
  loadTargetsFile,
  mapLimit,
  parseTargets,
  type TargetProblem,
} from '../../src/targets/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'targets-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'room-01.kubeconfig'), 'apiVersion: v1\nkind: Config\n');
writeFileSync(join(dir, 'token'), 'from-a-file\n');

const SLACK = 'https://hooks.slack.com/services/T0001/B0001/slacksecretvalue42';
const TOKEN = 'rox-token-very-secret-1234';
const PASSWORD = 'literal-password-in-file-99';

function parse(yaml: string, env: NodeJS.ProcessEnv = {}) {
  return parseTargets(yaml, join(dir, 'targets.yaml'), env);
}

const find = (problems: TargetProblem[], lab: string, field: string) =>
  problems.find((p) => p.lab === lab && p.field === field);

describe('expandEnvRefs', () => {
  test('replaces ${VAR}, keeps $$ as a literal $, reports unset and malformed references', () => {
    const env = { A: 'alpha', B: 'beta', EMPTY: '' };
    assert.deepEqual(expandEnvRefs('x-${A}-${B}', env), {
      value: 'x-alpha-beta',
      missing: [],
      malformed: [],
      fromEnv: true,
    });
    assert.equal(expandEnvRefs('cost $$5 ${A}', env).value, 'cost $5 alpha');
    assert.equal(expandEnvRefs('plain', env).fromEnv, false);
    assert.deepEqual(expandEnvRefs('${MISSING}${EMPTY}', env).missing, ['MISSING', 'EMPTY']);
    assert.deepEqual(expandEnvRefs('${1BAD} ${OPEN', env).malformed, ['${1BAD}', '${OPEN']);
  });
});

describe('parseTargets', () => {
  test('a valid file: cluster and embedded labs, references expanded, paths made absolute', () => {
    const yaml = `
concurrency: 3
labs:
  - name: room-01
    kubeconfig: room-01.kubeconfig
    context: admin
    central:
      endpoint: central.room-01.example.com:443
      token: \${ROOM01_TOKEN}
      namespace: rhacs
    channels:
      slackWebhookUrl: \${ROOM01_SLACK}
      inboxUrl: http://inbox.room-01.example.com
      slack: { botToken: "\${BOT}", channelId: C0123 }
  - name: room-02
    context: room-02
    central: { endpoint: https://central.room-02.example.com, tokenFile: token }
  - name: local
    embedded: true
    profile: as-written
  - name: local-default
    embedded: true
`;
    const { targets, problems } = parse(yaml, { ROOM01_TOKEN: TOKEN, ROOM01_SLACK: SLACK, BOT: 'xoxb-1-2' });
    assert.deepEqual(problems, []);
    assert.ok(targets);
    assert.equal(targets.concurrency, 3);
    assert.deepEqual(
      targets.labs.map((l) => [l.name, l.embedded, l.profile]),
      [
        ['room-01', false, undefined],
        ['room-02', false, undefined],
        ['local', true, 'as-written'],
        ['local-default', true, 'default'],
      ],
    );
    const room1 = targets.labs[0]!;
    assert.equal(room1.settings.KUBECONFIG, join(dir, 'room-01.kubeconfig'));
    assert.equal(room1.settings.KUBE_CONTEXT, 'admin');
    assert.equal(room1.settings.ROX_API_TOKEN, TOKEN);
    assert.equal(room1.settings.CENTRAL_NAMESPACE, 'rhacs');
    assert.equal(room1.settings.SLACK_WEBHOOK_URL, SLACK);
    assert.equal(room1.settings.SLACK_CHANNEL_ID, 'C0123');
    assert.deepEqual(room1.secrets.sort(), [SLACK, TOKEN, 'xoxb-1-2'].sort());
    assert.equal(targets.labs[1]!.settings.ROX_API_TOKEN_FILE, join(dir, 'token'));
    assert.deepEqual(targets.labs[2]!.settings, { LAB_PROFILE: 'as-written' });
  });

  test('every problem names the lab, the field and a fix; all are reported at once', () => {
    const yaml = `
labs:
  - name: room-01
    kubeconfig: missing.kubeconfig
    central:
      endpoint: "not a url"
      tokne: abc
      adminPassword: ${PASSWORD}
    channels:
      slackWebhookUrl: \${ROOM01_SLACK}
      teamsWebhookUrl: ${PASSWORD}-not-a-url
  - name: room-02
    context: ctx
  - name: local
    embedded: true
    profile: newest
    central: { token: "\${ROOM01_SLACK}" }
  - embedded: true
  - name: Local
    embedded: true
extra: 1
`;
    const { problems } = parse(yaml, {});
    const expect = (lab: string, field: string, problem: RegExp, fix: RegExp) => {
      const p = find(problems, lab, field);
      assert.ok(p, `expected a problem for ${lab} ${field}; got ${JSON.stringify(problems, null, 1)}`);
      assert.match(p.problem, problem);
      assert.match(p.fix, fix);
    };
    expect('room-01', 'kubeconfig', /file not found: .*missing\.kubeconfig/, /targets file's directory/);
    expect('room-01', 'central.endpoint', /"not a url" is not host:port/, /central-stackrox/);
    expect('room-01', 'central.tokne', /unknown field/, /did you mean `central\.token`/);
    expect('room-01', 'channels.slackWebhookUrl', /ROOM01_SLACK, which is not set/, /export ROOM01_SLACK=/);
    expect(
      'room-01',
      'channels.teamsWebhookUrl',
      /^the value is not an http\(s\) URL$/,
      /Teams Workflows URL/,
    );
    expect('room-02', 'central.endpoint', /missing/, /host:port/);
    expect('room-02', 'central.token', /no Central credentials/, /token:/);
    expect('local', 'profile', /"newest" is not a profile/, /as-written/);
    expect('local', 'central.token', /embedded lab/, /embedded: false/);
    expect('labs[3]', 'name', /missing/, /room-01/);
    expect('Local', 'name', /same name as labs\[2\]/, /its own name/);
    expect('(file)', 'extra', /unknown top-level field/, /remove it/);
    assert.equal(problems.length, 12, JSON.stringify(problems, null, 1));
  });

  test('secrets written into the file or held in the environment never appear in any problem', () => {
    const yaml = `
labs:
  - name: room-01
    context: ctx
    central:
      endpoint: central.example.com
      adminPassword: ${PASSWORD}
      insecureSkipTlsVerify: \${SKIP}
    channels:
      slackWebhookUrl: \${NOT_A_URL}
      teamsWebhookUrl: \${TEAMS}
`;
    const env = { SKIP: 'maybe', NOT_A_URL: TOKEN, TEAMS: `${PASSWORD}://x` };
    const { problems } = parse(yaml, env);
    assert.ok(problems.length >= 2, JSON.stringify(problems));
    const text = JSON.stringify(problems);
    for (const secret of [PASSWORD, TOKEN]) assert.ok(!text.includes(secret), `leaked: ${text}`);
    assert.ok(find(problems, 'room-01', 'channels.slackWebhookUrl'));
    assert.match(find(problems, 'room-01', 'central.insecureSkipTlsVerify')!.problem, /"maybe"/);
  });

  test('a YAML syntax error gives its position, not the line (which may hold a secret)', () => {
    const { targets, problems } = parse(`labs:\n  - name: a\n    central: { token: "${TOKEN}\n`, {});
    assert.equal(targets, undefined);
    assert.equal(problems.length > 0, true);
    assert.match(problems[0]!.field, /^line \d+, column \d+$/);
    assert.ok(!JSON.stringify(problems).includes(TOKEN));
  });

  test('an empty or list-less file says to add labs', () => {
    assert.match(find(parse('labs: []').problems, '(file)', 'labs')!.fix, /name: \.\.\./);
    assert.match(find(parse('- name: a').problems, '(file)', 'labs')!.problem, /not a mapping/);
  });

  test('loadTargetsFile throws one TARGETS_INVALID error listing each problem, redaction-safe', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(
      path,
      `labs:\n  - name: a\n    context: c\n    central: { endpoint: x.example.com, token: "\${T}" }\n`,
    );
    assert.throws(
      () => loadTargetsFile(path, {}),
      (e: unknown) => {
        assert.ok(isHarnessError(e));
        assert.equal(e.code, 'TARGETS_INVALID');
        assert.match(describeError(e), /lab "a", central\.token: refers to T, which is not set/);
        return true;
      },
    );
    assert.equal(loadTargetsFile(path, { T: TOKEN }).labs[0]!.settings.ROX_API_TOKEN, TOKEN);
    assert.throws(() => loadTargetsFile(join(dir, 'nope.yaml'), {}), /does not exist/);
  });
});

describe('labEnvironment', () => {
  test("a lab's settings replace every per-lab variable of the run's environment; run-wide ones stay", () => {
    const { targets } = parse(
      `labs:\n  - name: a\n    context: ctx\n    central: { endpoint: a.example.com, token: tok-a }\n`,
    );
    const base = {
      ROX_ENDPOINT: 'other.example.com',
      ROX_ADMIN_PASSWORD: 'someone-elses',
      SLACK_WEBHOOK_URL: SLACK,
      KUBECONFIG: join(dir, 'room-01.kubeconfig'),
      RUN_ID: 'nightly-7',
      TARGET: 'embedded',
    };
    const env = labEnvironment(targets!.labs[0]!, base);
    assert.equal(env.ROX_ENDPOINT, 'a.example.com');
    assert.equal(env.ROX_API_TOKEN, 'tok-a');
    assert.equal(env.ROX_ADMIN_PASSWORD, undefined);
    assert.equal(env.SLACK_WEBHOOK_URL, undefined);
    assert.equal(env.KUBECONFIG, base.KUBECONFIG, 'a context-only lab uses the run kubeconfig');
    assert.equal(env.TARGET, 'cluster');
    assert.equal(env.RUN_ID, 'nightly-7');
    const cfg = loadConfig(env, {});
    assert.equal(cfg.central.endpoint, 'https://a.example.com');
    assert.equal(cfg.kube.context, 'ctx');

    const { targets: t2 } = parse('labs:\n  - name: e\n    embedded: true\n');
    const embedded = labEnvironment(t2!.labs[0]!, base, {
      ROX_ENDPOINT: 'http://127.0.0.1:1234',
      KUBECONFIG: '/x',
    });
    assert.equal(embedded.ROX_ENDPOINT, 'http://127.0.0.1:1234');
    assert.equal(embedded.KUBECONFIG, '/x');
    assert.equal(embedded.TARGET, 'embedded');
    assert.equal(embedded.ROX_ADMIN_PASSWORD, undefined);
  });

  test('a problem with a setting taken from the environment is named as such', () => {
    const yaml = `labs:\n  - name: a\n    context: ctx\n    central: { endpoint: a.example.com, token: t }\n`;
    const { problems } = parse(yaml, { KUBECONFIG: '/nowhere/kubeconfig', ALERT_TIMEOUT_MS: 'soon' });
    assert.match(find(problems, 'a', 'KUBECONFIG (environment)')!.problem, /file not found: \/nowhere/);
    assert.match(find(problems, 'a', 'ALERT_TIMEOUT_MS (environment)')!.problem, /"soon"/);
  });
});

describe('formatLabTable and mapLimit', () => {
  test('one row per lab, counts, status, a one-line first failure, redacted', () => {
    const table = formatLabTable(
      [
        { lab: 'a', target: 'cluster', passed: 7, failed: 0, other: 0, status: 'PASS' },
        {
          lab: 'bb',
          target: 'embedded (default)',
          passed: 5,
          failed: 2,
          other: 0,
          status: 'FAIL',
          firstFailure: `Slack:\n  posted to ${SLACK} with ${TOKEN}`,
        },
        { lab: 'c', target: 'cluster', passed: 0, failed: 0, other: 0, status: 'ERROR', firstFailure: 'x' },
      ],
      { unit: 'goals', secrets: [TOKEN] },
    );
    const lines = table.split('\n');
    assert.match(lines[0]!, /^lab\s+target\s+goals\s+passed\s+failed\s+unverified\s+status\s+first failure$/);
    assert.match(lines[2]!, /^a\s+cluster\s+7\s+7\s+0\s+0\s+PASS$/);
    assert.match(lines[3]!, /^bb\s+embedded \(default\)\s+7\s+5\s+2\s+0\s+FAIL\s+Slack: posted to /);
    assert.ok(!table.includes(TOKEN) && !table.includes('slacksecretvalue42'), table);
    assert.equal(lines.at(-1), '3 labs: 1 pass, 1 fail, 1 error');
  });

  test('mapLimit keeps order and never has more than the limit in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n * 3));
      inFlight--;
      return n * 10;
    });
    assert.deepEqual(out, [50, 10, 40, 20, 30, 0]);
    assert.equal(peak, 2);
  });
});
