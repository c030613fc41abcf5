// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the targets file's own ${VAR} syntax.
// `npm run check -- --targets`: several embedded labs checked in one process, one table row each;
// a lab that cannot be reached is an ERROR row without stopping the others; a bad file runs nothing.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, runCommand, script } from '../support/cli.ts';
import { tableRows } from './helpers.ts';

describe('check --targets', { timeout: 240_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'check-targets-'));
    await writeFile(
      join(dir, 'three.yaml'),
      'labs:\n  - name: lab-a\n    embedded: true\n  - name: lab-b\n    embedded: true\n    profile: as-written\n  - name: lab-c\n    embedded: true\n',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('3 embedded labs in one run: a table of 3 rows, each with its 7 goals', async () => {
    const r = await runCommand(
      script('check', ['--targets', join(dir, 'three.yaml'), '--concurrency', '3']),
      cleanEnv(),
    );
    // Fresh labs: the student has not done the module's steps yet, so goals are missed (exit 1).
    assert.equal(r.code, 1, r.stderr + r.stdout);
    assert.match(r.stderr, /Checking 3 labs from .*three\.yaml \(3 at a time\)/);
    assert.match(r.stdout, /^lab\s+target\s+goals\s+passed\s+failed\s+unverified\s+status\s+first failure$/m);
    const rows = tableRows(r.stdout);
    assert.deepEqual(
      rows.map((c) => c.slice(0, 3)),
      [
        ['lab-a', 'embedded (default)', '7'],
        ['lab-b', 'embedded (as-written)', '7'],
        ['lab-c', 'embedded (default)', '7'],
      ],
    );
    for (const row of rows) {
      assert.equal(row[6], 'FAIL');
      assert.match(
        row[7] ?? '',
        /^Slack integration slack-alerts .*: No integration named slack-alerts exists/,
      );
    }
    assert.match(r.stdout, /^3 labs: 3 fail$/m);
  });

  test('--json: every lab with its goals; an unreachable cluster lab is an ERROR and exit 2', async () => {
    const file = join(dir, 'mixed.yaml');
    await writeFile(
      file,
      [
        'labs:',
        '  - name: local',
        '    embedded: true',
        '  - name: gone',
        '    context: nowhere',
        '    kubeconfig: gone.kubeconfig',
        '    central:',
        '      endpoint: http://127.0.0.1:9',
        '      token: ${GONE_TOKEN}',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'gone.kubeconfig'),
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: nowhere, context: {cluster: c, user: u}}]\ncurrent-context: nowhere\n',
    );
    const secret = 'gone-token-must-not-print-7731';
    const r = await runCommand(
      script('check', ['--targets', file, '--json']),
      cleanEnv({ GONE_TOKEN: secret }),
    );
    assert.equal(r.code, 2, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      labs: { lab: string; status: string; firstFailure?: string; goals?: unknown[] }[];
    };
    assert.equal(out.ok, false);
    assert.deepEqual(
      out.labs.map((l) => [l.lab, l.status]),
      [
        ['local', 'FAIL'],
        ['gone', 'ERROR'],
      ],
    );
    assert.equal(out.labs[0]!.goals?.length, 7);
    assert.match(out.labs[1]!.firstFailure ?? '', /CENTRAL_UNREACHABLE|unreachable|refused/i);
    assert.ok(!(r.stdout + r.stderr).includes(secret));
  });

  test('a bad targets file: each problem with lab, field and fix, no secret, nothing checked, exit 2', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'labs:\n  - name: room-01\n    context: c\n    central:\n      endpoint: central.example.com\n      token: ${ROOM01_TOKEN}\n    channels:\n      slackWebhookUrl: ${ROOM01_SLACK}\n  - name: room-02\n    embeded: true\n',
    );
    const slack = 'https://hooks.slack.com/services/T1/B2/no-print-this-secret';
    const r = await runCommand(script('check', ['--targets', file]), cleanEnv({ ROOM01_SLACK: `x${slack}` }));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /\[TARGETS_INVALID\] .*bad\.yaml \(6 problems\)/);
    assert.match(
      r.stderr,
      /lab "room-01", central\.token: refers to ROOM01_TOKEN, which is not set .*fix: export ROOM01_TOKEN=/,
    );
    assert.match(r.stderr, /lab "room-01", channels\.slackWebhookUrl: the value is not an http\(s\) URL/);
    assert.match(
      r.stderr,
      /lab "room-02", embeded: unknown field \(fix: remove it, or did you mean `embedded`\?\)/,
    );
    assert.match(r.stderr, /lab "room-02", kubeconfig: missing/);
    assert.match(r.stderr, /lab "room-02", central\.endpoint: missing/);
    assert.match(r.stderr, /lab "room-02", central\.token: no Central credentials/);
    assert.ok(!r.stderr.includes('no-print-this-secret'));
  });
});
