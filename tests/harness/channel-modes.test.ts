// The numbered scenarios against an embedded lab treated as a real cluster (TARGET=cluster, the lab's
// settings without LAB_INBOX_URL), once per way of observing the channels: the in-cluster receiver,
// real webhooks without read-back (unverified, never passed), and Slack read-back against a loopback
// stub of the Slack Web API fed with what the lab's Slack receiver got.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import type { RunSummary } from '../../reporters/summary-model.ts';
import { BOT_TOKEN, CHANNEL, type SlackStub, startSlackStub } from '../readback/slack-api-stub.ts';
import { cleanEnv, playwright, type Run, runCommand } from '../support/cli.ts';

const RUN_TIMEOUT_MS = 55_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Outcome extends Run {
  summary: RunSummary;
  markdown: string;
}

describe('channel modes against a lab reached as a cluster', { timeout: 240_000 }, () => {
  let dir: string;
  let lab: Lab;
  let runs = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'channel-modes-'));
    lab = await startLab({ dir: join(dir, 'lab') });
  });
  after(async () => {
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function verify(extra: Record<string, string>, files: string[] = []): Promise<Outcome> {
    runs += 1;
    const { LAB_INBOX_URL: _hidden, ...labEnv } = lab.env;
    const reports = join(dir, `reports-${runs}`);
    const env = cleanEnv({
      ...labEnv,
      TARGET: 'cluster',
      ALERT_TIMEOUT_MS: '15000',
      RUN_ID: `modes-${runs}`,
      REPORTS_DIR: reports,
      CI: '',
      ...extra,
    });
    const args = ['test', '--project=scenarios', `--output=${join(dir, `results-${runs}`)}`, ...files];
    const r = await runCommand(playwright(args), env, { timeoutMs: RUN_TIMEOUT_MS });
    const summary = JSON.parse(await readFile(join(reports, 'summary.json'), 'utf8')) as RunSummary;
    const markdown = await readFile(join(reports, 'summary.md'), 'utf8');
    return { ...r, summary, markdown };
  }

  const stepStatus = (s: RunSummary, title: RegExp): string[] =>
    s.scenarios.flatMap((sc) => sc.steps.filter((st) => title.test(st.title)).map((st) => st.status));

  test('RECEIVER_MODE=in-cluster: 01-04 pass through the receiver deployed in the cluster, removed after', async () => {
    const before = lab.receivers.inbox.listMessages().length;
    const r = await verify({ RECEIVER_MODE: 'in-cluster' });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // 00 (the Generic Webhook) is skipped: the built-in copy creates none.
    assert.deepEqual(r.summary.totals, { passed: 4, failed: 0, skipped: 1, timedOut: 0, interrupted: 0 });
    assert.deepEqual(r.summary.unverified, []);
    assert.equal(r.summary.verdict, 'PASSED');
    assert.deepEqual(stepStatus(r.summary, /review your (Slack|Teams) channel for the alert$/), [
      'passed',
      'passed',
    ]);
    // Central posted to the in-cluster receiver, not to the lab's own receivers.
    assert.equal(lab.receivers.inbox.listMessages().length, before, 'the lab receivers got nothing');
    const namespace = 'rhacs-harness-modes-1';
    assert.deepEqual(
      lab.kube.containers().filter((c) => c.namespace === namespace),
      [],
    );
    const res = await fetch(`${lab.kube.url}/api/v1/namespaces/${namespace}`, {
      headers: { authorization: `Bearer ${lab.tokens.admin}` },
    });
    assert.equal(res.status, 404, 'the receiver namespace was removed at the end');
  });

  test("RECEIVER_MODE=public: 01-04 pass through the harness's receiver process that global setup started", async () => {
    const port = await freePort();
    const before = lab.receivers.inbox.listMessages().length;
    const r = await verify({
      RECEIVER_MODE: 'public',
      RECEIVER_PORT: String(port),
      RECEIVER_PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // 00 (the Generic Webhook) is skipped: the built-in copy creates none.
    assert.deepEqual(r.summary.totals, { passed: 4, failed: 0, skipped: 1, timedOut: 0, interrupted: 0 });
    assert.deepEqual(r.summary.unverified, []);
    assert.equal(lab.receivers.inbox.listMessages().length, before, 'the lab receivers got nothing');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'global teardown stopped the receiver');
  });

  test('real webhooks without read-back: every channel step is unverified, never passed', async () => {
    const r = await verify({});
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.summary.totals.passed, 4);
    assert.equal(r.summary.verdict, 'PASSED with unverified deliveries');
    const unverified = r.summary.unverified ?? [];
    assert.deepEqual(
      unverified.map((u) => `${u.scenario.replace(/ > .*/, '')}: ${u.channel}`),
      [
        '01-slack-integration.spec.ts: slack',
        '02-teams-integration.spec.ts: teams',
        '04-runtime-alert.spec.ts: slack',
        '04-runtime-alert.spec.ts: teams',
      ],
    );
    const slack = unverified.find((u) => u.channel === 'slack');
    const teams = unverified.find((u) => u.channel === 'teams');
    assert.deepEqual(slack?.configure, ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL_ID']);
    assert.deepEqual(teams?.configure, ['TEAMS_TEAM_ID', 'TEAMS_CHANNEL_ID', 'TEAMS_GRAPH_TOKEN']);
    assert.deepEqual(stepStatus(r.summary, /\(not verified\)$/), [
      'unverified',
      'unverified',
      'unverified',
      'unverified',
    ]);
    assert.match(r.markdown, /^# Notifications module: PASSED with unverified deliveries/);
    assert.match(r.markdown, /## Unverified[\s\S]*\| slack \| .* \| SLACK_BOT_TOKEN, SLACK_CHANNEL_ID \|/);
    assert.match(
      r.stdout,
      /PASSED with unverified deliveries: 4 delivery check\(s\) not verified: slack \(set SLACK_BOT_TOKEN, SLACK_CHANNEL_ID\); teams \(set TEAMS_TEAM_ID/,
    );

    // Unverified deliveries do not hide a failure: the exit code and verdict still say FAILED.
    const failing = await verify({ POD_SELECTOR: 'app=not-there' }, ['scenarios/04-runtime-alert.spec.ts']);
    assert.equal(failing.code, 1, failing.stdout + failing.stderr);
    assert.equal(failing.summary.verdict, 'FAILED');
    assert.match(failing.markdown, /^# Notifications module: FAILED/);
  });

  describe('Slack read-back through a stub of the Slack Web API', () => {
    let stub: SlackStub;
    let unsubscribe = () => {};
    before(async () => {
      stub = await startSlackStub();
      // The channel shows what the incoming webhook posted, as a bot_message at the time it arrived.
      unsubscribe = lab.receivers.inbox.subscribe((event) => {
        if (event.type !== 'message' || event.message.receiver !== 'slack' || !event.message.delivered)
          return;
        const posted = JSON.parse(event.message.rawBody) as Record<string, unknown>;
        const ms = event.message.receivedAt;
        stub.messages.push({
          type: 'message',
          subtype: 'bot_message',
          bot_id: 'B0HARNESS',
          ts: `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`,
          text: typeof posted.text === 'string' ? posted.text : '',
          ...(Array.isArray(posted.attachments) ? { attachments: posted.attachments } : {}),
          ...(Array.isArray(posted.blocks) ? { blocks: posted.blocks } : {}),
        });
      });
    });
    after(async () => {
      unsubscribe();
      await stub?.close();
    });

    test("finds the test message (unattributable: RHACS's Test text names no one) and the alert in the channel; Teams stays unverified", async () => {
      const r = await verify({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_CHANNEL_ID: CHANNEL,
        SLACK_API_URL: stub.apiUrl,
        READBACK_POLL_MS: '200',
      });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.ok(stub.historyCalls().length > 0, 'conversations.history was read');
      // A channel read back through its API may hold another lab's Test (real-cluster.md §7).
      assert.deepEqual(stepStatus(r.summary, /(appears in the|review your) Slack channel/), [
        'unverified',
        'passed',
      ]);
      const hops = r.summary.scenarios.flatMap((s) => s.hops.map((h) => h.name));
      assert.ok(hops.includes('slack') && hops.includes('slack test message'), hops.join(', '));
      const unverified = r.summary.unverified ?? [];
      assert.deepEqual(unverified.map((u) => u.channel).sort(), ['slack', 'teams', 'teams']);
      assert.match(unverified.find((u) => u.channel === 'slack')?.reason ?? '', /may be another lab's/);
      assert.equal(r.summary.verdict, 'PASSED with unverified deliveries');
      assert.doesNotMatch(r.stdout + r.markdown, new RegExp(BOT_TOKEN));
    });
  });
});
