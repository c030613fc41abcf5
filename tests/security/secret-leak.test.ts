// Secrets never leak: two labs with known secrets (Central's token and password, the kube tokens,
// every hook secret, a Slack bot token, an Azure client secret), a passing and a failing scenarios
// run against them as against a cluster (TARGET=cluster, traces on), then `npm run check` in both
// output formats; every byte those runs leave is scanned for each secret in every encoded form.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Lab, startLab } from '../../mocks/lab.ts';
import type { RunSummary } from '../../reporters/summary-model.ts';
import { type Hit, type Planted, SecretScanner, secretForms } from './secret-scan.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PLAYWRIGHT_CLI = join(root, 'node_modules/@playwright/test/cli.js');
// A whole verify with traces on a busy 2-core CI machine, Central's event waits included.
const PROCESS_TIMEOUT_MS = 150_000;
const CANARY = 'canary:';

interface Output {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Runs a command in the repository; its whole process group is killed if it outlives the timeout. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, PROCESS_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });
  });
}

const alnum = (n: number): string => randomBytes(n).toString('base64url').replace(/[-_]/g, 'x').slice(0, n);
const digits = (n: number): string => Array.from({ length: n }, () => randomInt(10)).join('');

/** Read-back settings a real run would carry; the channels stay on the lab inbox (same origin). */
function readbackEnv(): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: `xoxb-${digits(12)}-${digits(13)}-${alnum(24)}`,
    SLACK_CHANNEL_ID: 'C0LEAKSCAN1',
    AZURE_TENANT_ID: randomUUID(),
    AZURE_CLIENT_ID: randomUUID(),
    // The shape of an Azure AD client secret: 3 characters, "8Q~", then 34 of [A-Za-z0-9._~-].
    AZURE_CLIENT_SECRET: `${alnum(3)}8Q~${alnum(14)}.${alnum(10)}~${alnum(8)}`,
    TEAMS_TEAM_ID: randomUUID(),
    TEAMS_CHANNEL_ID: '19:leakscan@thread.tacv2',
  };
}

// Settings of the caller's shell that would steer the child runs elsewhere.
const INHERITED_SETTING =
  /^(TARGET|KUBECONFIG|KUBE_CONTEXT|ROX_|SLACK_|TEAMS_|AZURE_|LAB_|REPORTS_DIR|RUN_ID|HARNESS_|ALERT_TIMEOUT_MS|TEAMS_READBACK_TIMEOUT_MS|MODULE_CR_FILE|MODULE_GUIDE|POD_|CENTRAL_NAMESPACE|KEEP|READBACK_|NODE_TEST_CONTEXT|CI$)/;

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_SETTING.test(k)));
}

function labSecrets(lab: Lab): Planted[] {
  const hooks = Object.values(lab.receivers.hooks).map((h) => ({
    label: `${h.kind} hook secret`,
    value: lab.receivers.inbox.getHook(h.id)!.secret,
  }));
  return [
    { label: 'ROX_API_TOKEN', value: lab.env.ROX_API_TOKEN! },
    { label: 'ROX_ADMIN_PASSWORD', value: lab.env.ROX_ADMIN_PASSWORD! },
    { label: 'kubeconfig admin token', value: lab.tokens.admin },
    { label: 'LAB_VIEWER_TOKEN_NO_EXEC', value: lab.tokens.viewer },
    ...hooks,
  ];
}

interface RunArtifacts {
  name: string;
  lab: Lab;
  dir: string;
  reports: string;
  output: string;
  planted: Planted[];
  verify: Output;
  checkJson: Output;
  checkText: Output;
  scanner: SecretScanner;
}

async function prepare(name: string, readback: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), `secret-leak-${name}-`));
  const lab = await startLab({ dir: join(dir, 'lab') });
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    // As after `set -a; . .lab/lab.env`, plus an explicit TARGET: the lab is treated as a cluster.
    ...lab.env,
    ...readback,
    TARGET: 'cluster',
    REPORTS_DIR: join(dir, 'reports'),
  };
  const planted: Planted[] = [
    ...labSecrets(lab),
    { label: 'SLACK_BOT_TOKEN', value: readback.SLACK_BOT_TOKEN! },
    { label: 'AZURE_CLIENT_SECRET', value: readback.AZURE_CLIENT_SECRET! },
  ];
  return { name, dir, lab, env, planted, reports: join(dir, 'reports'), output: join(dir, 'test-results') };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

async function verifyAndCheck(p: Prepared): Promise<RunArtifacts> {
  const verify = await run(
    process.execPath,
    [PLAYWRIGHT_CLI, 'test', '--project=scenarios', '--trace', 'on', '--output', p.output],
    p.env,
  );
  const [checkJson, checkText] = await Promise.all([
    run('npm', ['run', 'check', '--', '--json'], p.env),
    run('npm', ['run', 'check'], p.env),
  ]);
  const scanner = new SecretScanner([
    ...p.planted,
    // Known non-secret text, to prove the scan reaches inside traces and the report's embedded data.
    { label: `${CANARY}slack-alerts`, value: 'slack-alerts' },
    { label: `${CANARY}evidence.json`, value: 'evidence.json' },
  ]);
  for (const [label, out] of Object.entries({ verify, 'check --json': checkJson, check: checkText })) {
    scanner.scanBytes(`${label} stdout`, out.stdout);
    scanner.scanBytes(`${label} stderr`, out.stderr);
  }
  if (existsSync(p.reports)) scanner.scanTree('reports', p.reports);
  if (existsSync(p.output)) scanner.scanTree('test-results', p.output);
  return { ...p, verify, checkJson, checkText, scanner };
}

function leaks(r: RunArtifacts): Hit[] {
  return r.scanner.hits.filter((h) => !h.label.startsWith(CANARY));
}

/** Names the secret and the place, never the value. */
function describeLeaks(hits: Hit[]): string {
  return hits.map((h) => `${h.label} (${h.form}) in ${h.where}`).join('\n');
}

function summaryOf(r: RunArtifacts): RunSummary {
  return JSON.parse(readFileSync(join(r.reports, 'summary.json'), 'utf8')) as RunSummary;
}

const text = (o: Output): string => o.stdout.toString() + o.stderr.toString();

test('a secret is found in every encoded form, at any offset inside a longer base64 text', () => {
  const secret = 'xoxb-123-456-AbCdEf';
  const scanner = new SecretScanner([{ label: 'bot', value: secret }]);
  for (const prefix of ['', 'a', 'ab', 'abc']) {
    const encoded = Buffer.from(`${prefix}Authorization: Bearer ${secret}; rest`).toString('base64');
    scanner.scanText(`offset ${prefix.length}`, `{"body":"${encoded}"}`);
  }
  scanner.scanText('url', `https://x/?t=${encodeURIComponent(secret)}`);
  scanner.scanText('clean', 'xoxb-***');
  assert.deepEqual(
    [...new Set(scanner.hits.map((h) => h.where))].sort(),
    ['offset 0', 'offset 1', 'offset 2', 'offset 3', 'url'].sort(),
  );
  assert.ok(secretForms('a b/c').some((f) => f.text === 'a%20b%2Fc'));
});

describe('no secret in any artifact of a passing and a failing run', { timeout: 300_000 }, () => {
  let passing: RunArtifacts;
  let failing: RunArtifacts;
  const labs: Prepared[] = [];

  before(async () => {
    const readback = readbackEnv();
    const good = await prepare('passing', readback);
    labs.push(good);
    const bad = await prepare('failing', readback);
    labs.push(bad);
    // Failing run: the Slack hook is revoked (Slack answers 404 no_service) and the Teams URL has a
    // wrong sig (401), so the Test steps and the alert deliveries fail and evidence is attached.
    const hookId = bad.lab.receivers.hooks['slack-incoming'].id;
    const res = await fetch(`${bad.lab.env.LAB_INBOX_URL}/api/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hookId, revoke: true }),
    });
    assert.equal(res.status < 300, true, `revoking the Slack hook answered ${res.status}`);
    const badSig = alnum(43);
    const teams = new URL(bad.lab.env.TEAMS_WEBHOOK_URL!);
    teams.searchParams.set('sig', badSig);
    bad.env.TEAMS_WEBHOOK_URL = teams.toString();
    bad.env.ALERT_TIMEOUT_MS = '3000';
    bad.env.TEAMS_READBACK_TIMEOUT_MS = '3000';
    bad.planted.push({ label: 'wrong Teams sig', value: badSig });
    [passing, failing] = await Promise.all([verifyAndCheck(good), verifyAndCheck(bad)]);
  });

  after(async () => {
    for (const p of labs) {
      await p.lab.close();
      await rm(p.dir, { recursive: true, force: true });
    }
  });

  it('the failing run fails, and its summary names the failing step', () => {
    assert.notEqual(failing.verify.code, 0, 'the failing run must exit non-zero');
    const summary = summaryOf(failing);
    assert.equal(summary.status, 'failed');
    const slack = summary.scenarios.find((s) => s.file.endsWith('01-slack-integration.spec.ts'));
    const failed = slack?.steps.find((s) => s.status === 'failed');
    assert.ok(failed, `a failed step in 01-slack-integration: ${JSON.stringify(slack?.steps)}`);
    const md = readFileSync(join(failing.reports, 'summary.md'), 'utf8');
    const row = md.split('\n').find((line) => line.includes(failed.title.split(' > ').at(-1)!));
    assert.match(row ?? '', /\| failed \|/, `summary.md names the failed step "${failed.title}"`);
  });

  it('the failing run attached evidence, and the scan read it inside the HTML report', () => {
    assert.match(text(failing.verify), /attachment #\d+: explanation\.txt/);
    const inReport = failing.scanner.hits.filter(
      (h) => h.label === `${CANARY}evidence.json` && /html\/index\.html!data-url-\d+!/.test(h.where),
    );
    assert.ok(inReport.length > 0, 'evidence.json is in the embedded report data');
  });

  it('the passing run passes', () => {
    assert.equal(passing.verify.code, 0, text(passing.verify).split('\n').slice(-40).join('\n'));
    assert.equal(summaryOf(passing).status, 'passed');
  });

  it('every artifact was there to scan: traces, HTML report data, junit, summaries, check output', () => {
    for (const r of [passing, failing]) {
      const places = r.scanner.stats.places;
      const canary = r.scanner.hits.filter((h) => h.label === `${CANARY}slack-alerts` && h.form === 'raw');
      assert.ok(
        canary.some((h) => /^test-results\/.*trace\.zip!test\.trace$/.test(h.where)),
        `${r.name}: the scan reads inside test-results traces`,
      );
      assert.ok(
        canary.some((h) => /^reports\/html\/data\/.*\.zip!test\.trace$/.test(h.where)),
        `${r.name}: the scan reads inside the HTML report's traces`,
      );
      assert.ok(
        canary.some((h) => /^reports\/html\/index\.html!data-url-\d+!.*\.json$/.test(h.where)),
        `${r.name}: the scan reads the HTML report's embedded data`,
      );
      for (const file of ['reports/junit.xml', 'reports/summary.json', 'reports/summary.md']) {
        assert.ok(places.includes(file), `${r.name}: ${file} was scanned`);
      }
      const json = JSON.parse(r.checkJson.stdout.toString().replace(/^[^{]*/, '')) as { goals?: unknown[] };
      assert.ok(Array.isArray(json.goals) && json.goals.length > 0, `${r.name}: check --json reported goals`);
      assert.match(
        r.checkText.stdout.toString(),
        /^\[(OK|X|\?)\] /m,
        `${r.name}: check printed its checklist`,
      );
    }
  });

  it('no planted secret, in any form, in any artifact of the passing run', () => {
    assert.deepEqual(describeLeaks(leaks(passing)), '');
  });

  it('no planted secret, in any form, in any artifact of the failing run', () => {
    assert.deepEqual(describeLeaks(leaks(failing)), '');
  });
});
