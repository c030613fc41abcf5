import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunSummary } from '../../reporters/summary-model.ts';
import { findingsFrom, hopsFrom, renderMarkdown } from '../../reporters/summary-model.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtureConfig = fileURLToPath(new URL('./reporter-fixture/playwright.config.ts', import.meta.url));

test('annotations become hops and findings; malformed ones are ignored', () => {
  const annotations = [
    { type: 'hop', description: JSON.stringify({ name: 'a', ms: 1.26, step: 'exec' }) },
    { type: 'hop', description: 'not json' },
    { type: 'hop', description: JSON.stringify({ name: 'b' }) },
    {
      type: 'finding',
      description: JSON.stringify({ id: 'F5', title: 't', happened: 'h', why: 'w', fix: 'f' }),
    },
    { type: 'finding', description: JSON.stringify({ title: 'no id' }) },
    {
      type: 'advisory',
      description: JSON.stringify({ id: 'F7', title: 'a', happened: 'h', why: 'w', fix: 'f' }),
    },
    { type: 'issue', description: 'x' },
  ];
  assert.deepEqual(hopsFrom(annotations), [{ name: 'a', ms: 1.3, step: 'exec' }]);
  assert.deepEqual(findingsFrom(annotations), [{ id: 'F5', title: 't', happened: 'h', why: 'w', fix: 'f' }]);
  assert.deepEqual(findingsFrom(annotations, 'advisory'), [
    { id: 'F7', title: 'a', happened: 'h', why: 'w', fix: 'f' },
  ]);
});

test('the markdown has a row per scenario and step, and every finding with its fix', () => {
  const summary: RunSummary = {
    runId: 'r1',
    target: 'embedded',
    targetReason: 'nothing configured',
    profile: 'as-written',
    status: 'failed',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1500,
    totals: { passed: 0, failed: 1, skipped: 0, timedOut: 0, interrupted: 0 },
    scenarios: [
      {
        title: 'teams | card',
        file: 'scenarios/02.spec.ts',
        status: 'failed',
        durationMs: 900,
        retries: 0,
        error: 'no card\nsecond line',
        steps: [{ title: 'wait', status: 'failed', durationMs: 800, error: 'no card' }],
        hops: [{ name: 'central->teams', ms: 4 }],
        findings: [
          { id: 'F5', title: 'flow fails', happened: 'run failed', why: 'no attachments', fix: 'Compose' },
        ],
        advisories: [],
      },
    ],
    findings: [
      {
        id: 'F5',
        title: 'flow fails',
        happened: 'run failed',
        why: 'no attachments',
        fix: 'Compose',
        scenarios: ['x'],
      },
    ],
    advisories: [
      { id: 'F6', title: 'no bash text', happened: 'h', why: 'w', fix: 'tell them', scenarios: ['x'] },
    ],
  };
  const md = renderMarkdown(summary);
  assert.match(md, /^# Notifications module: FAILED/);
  assert.match(md, /\| teams \\\| card \| \| \*\*failed\*\* \| 0\.9 s \| no card \|/);
  assert.match(md, /\| \| wait \| failed \| 0\.8 s \| no card \|/);
  assert.match(md, /\| teams \\\| card \| central->teams \| 4 \|/);
  assert.match(
    md,
    /### F5: flow fails\n\n- \*\*What happened:\*\* run failed\n- \*\*Why:\*\* no attachments\n- \*\*Fix:\*\* Compose/,
  );
});

test('a real Playwright run writes a redacted summary.json and summary.md', async () => {
  const out = await mkdtemp(join(tmpdir(), 'summary-reporter-'));
  try {
    const secrets = {
      ROX_API_TOKEN: 'tok-3f9a8b7c6d5e4f3a2b1c',
      ROX_ADMIN_PASSWORD: 'pw-9z8y7x6w5v',
      SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/services/T0LAB00001/B0LABXYZ123/s3cr3tS3cr3tS3cr3t',
    };
    const run = spawnSync(
      process.execPath,
      ['node_modules/@playwright/test/cli.js', 'test', '-c', fixtureConfig],
      {
        cwd: root,
        env: {
          ...process.env,
          ...secrets,
          SUMMARY_OUT: out,
          RUN_ID: 'run-abc',
          HARNESS_TARGET: 'embedded',
          LAB_PROFILE: 'as-written',
          CI: '',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    assert.equal(run.status, 1, `one scenario fails on purpose\n${run.stdout}\n${run.stderr}`);

    const json = await readFile(join(out, 'summary.json'), 'utf8');
    const md = await readFile(join(out, 'summary.md'), 'utf8');
    for (const value of Object.values(secrets).map((s) => s.split('/').pop()!)) {
      assert.ok(!json.includes(value), `summary.json leaks ${value}`);
      assert.ok(!md.includes(value), `summary.md leaks ${value}`);
    }

    const summary = JSON.parse(json) as RunSummary;
    assert.equal(summary.runId, 'run-abc');
    assert.equal(summary.target, 'embedded');
    assert.equal(summary.profile, 'as-written');
    assert.equal(summary.status, 'failed');
    assert.deepEqual(summary.totals, { passed: 1, failed: 1, skipped: 0, timedOut: 0, interrupted: 0 });

    const [slack, teams] = summary.scenarios;
    assert.equal(slack?.title, '01 slack alert arrives');
    assert.equal(slack?.status, 'passed');
    assert.deepEqual(
      slack?.steps.map((s) => [s.title, s.status]),
      [
        ['apply the policy', 'passed'],
        ['exec bash', 'passed'],
      ],
    );
    assert.deepEqual(slack?.hops, [
      { name: 'exec->central', ms: 12.3 },
      { name: 'central->slack', ms: 7 },
    ]);
    assert.equal(slack?.findings[0]?.id, 'F3');
    assert.equal(slack?.findings[0]?.happened, 'posted to *** with token ***');

    assert.equal(teams?.status, 'failed');
    assert.equal(teams?.steps[0]?.status, 'failed');
    assert.match(teams?.error ?? '', /password \*\*\* \| no card/);
    assert.ok(!(teams?.error ?? '').includes('\u001b['), 'no ANSI colour codes');

    assert.deepEqual(
      summary.findings.map((f) => [f.id, f.scenarios]),
      [['F3', ['01 slack alert arrives']]],
    );
    assert.match(md, /### F3: workflow trigger drops the alert/);
    assert.match(md, /\*\*Fix:\*\* use an Incoming Webhook/);
    assert.match(md, /\| 02 teams alert arrives \| \| \*\*failed\*\* \|/);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
