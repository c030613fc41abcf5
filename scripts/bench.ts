// `npm run bench`: measures the embedded lab and a verify run in one go, prints a table and writes
// reports/bench.json. Not a test: numbers are reported, goals are marked, nothing fails on them.
// `--latency-runs N` (or BENCH_LATENCY_RUNS, default 3): verify runs against a `--latency cluster`
// lab whose median overhead is reported; `--only verify,latency` runs only those sections
// (lab, exec, verify, latency, check).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { type Lab, startLab } from '../mocks/lab.ts';
import { latencyFor, verifyPipelineMs } from '../mocks/latency.ts';
import { InboxChannelReader } from '../src/channels/index.ts';
import { epochMs, percentile, round1, rssMiB, timedRun } from './bench-stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 100;
const NAMESPACE = 'payments';
const DEPLOYMENT = 'visa-processor';
const POLICY = 'No bash allowed';
// Sensor admits each exact (path, args) 5 times per container; 4 distinct 3rd tokens -> 20 per pod.
const ARG_VARIANTS = 4;
const EXECS_PER_VARIANT = 5;
const PLAYWRIGHT_CLI = join(ROOT, 'node_modules/@playwright/test/cli.js');
const SECTIONS = ['lab', 'exec', 'verify', 'latency', 'check'] as const;
type Section = (typeof SECTIONS)[number];

/** `--name value`, `--name=value`, or the environment's fallback. */
function arg(name: string, fallback: string | undefined): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return argv[i]!.includes('=') ? argv[i]!.slice(argv[i]!.indexOf('=') + 1) : argv[i + 1];
}

function latencyRuns(): number {
  const raw = arg('latency-runs', process.env.BENCH_LATENCY_RUNS) ?? '3';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    console.error(`--latency-runs / BENCH_LATENCY_RUNS: "${raw}" is not a whole number from 1 to 20`);
    process.exit(2);
  }
  return n;
}

function sections(): Set<Section> {
  const raw = arg('only', process.env.BENCH_ONLY);
  if (raw === undefined) return new Set(SECTIONS);
  const names = raw.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    console.error(`--only: unknown section ${unknown.join(', ')}; use some of ${SECTIONS.join(', ')}`);
    process.exit(2);
  }
  return new Set(names as Section[]);
}

interface Metric {
  value: number;
  unit: string;
  goal?: string;
  ok?: boolean;
  note?: string;
}

const metrics: Record<string, Metric> = {};
const scratch = mkdtempSync(join(tmpdir(), 'rhacs-bench-'));
const quiet = (line: string) => process.stderr.write(`bench: ${line}\n`);

function record(name: string, metric: Metric): void {
  metrics[name] = { ...metric, value: round1(metric.value) };
}

/** Spawn-to-"lab ready" of `npm run lab` (node + tsx + lab), then the idle lab's RSS. */
async function labProcess(): Promise<void> {
  const cwd = join(scratch, 'lab-process');
  mkdirSync(cwd);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(ROOT, 'mocks/run-lab.ts')],
    {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(
        () => reject(new Error('the lab did not print "lab ready" within 30 s')),
        30_000,
      );
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.endsWith('lab ready\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`the lab exited (${code}) before it was ready`)));
    });
    record('lab_cold_start_ms', {
      value: performance.now() - started,
      unit: 'ms',
      note: 'new node process with tsx until "lab ready"',
    });
    await new Promise((r) => setTimeout(r, 1000));
    const rss = rssMiB(child.pid!);
    if (rss !== undefined)
      record('lab_idle_rss_mib', { value: rss, unit: 'MiB', note: 'npm run lab, 1 s after ready' });
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

async function central(
  lab: Lab,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${lab.env.ROX_ENDPOINT}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** The module's end state, reached through Central's API: a Slack notifier on "No bash allowed". */
async function attachSlackNotifier(lab: Lab): Promise<void> {
  const notifier = await central(lab, 'POST', '/v1/notifiers', {
    name: 'slack-alerts',
    type: 'slack',
    uiEndpoint: lab.env.ROX_ENDPOINT,
    labelKey: '',
    labelDefault: lab.env.SLACK_INCOMING_URL,
  });
  const list = await central(lab, 'GET', `/v1/policies?query=${encodeURIComponent(`Policy:${POLICY}`)}`);
  const policy = (list.policies as { id: string; name: string }[]).find((p) => p.name === POLICY);
  if (!policy) throw new Error(`policy "${POLICY}" not found`);
  await central(lab, 'PATCH', `/v1/policies/${policy.id}/notifiers`, {
    notifierIds: [notifier.id],
    disable: false,
  });
}

async function runningPod(core: CoreV1Api, not?: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `app=${DEPLOYMENT}` });
    const pod = pods.items.find(
      (p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp && p.metadata?.name !== not,
    );
    if (pod?.metadata?.name) return pod.metadata.name;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no new Running ${DEPLOYMENT} pod within 10 s`);
}

/** One non-interactive exec; resolves with the exit status, never hangs past timeoutMs. */
function execOnce(exec: Exec, pod: string, command: string[], timeoutMs = 10_000): Promise<V1Status> {
  const sink = new Writable({ write: (_c, _e, done) => done() });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`exec ${command.join(' ')}: no status in ${timeoutMs} ms`)),
      timeoutMs,
    );
    exec
      .exec(NAMESPACE, pod, DEPLOYMENT, command, sink, sink, null, false, (status) => {
        clearTimeout(timer);
        resolve(status);
      })
      .then((ws) =>
        ws.once('close', () => {
          clearTimeout(timer);
          reject(new Error(`exec ${command.join(' ')}: socket closed without a status`));
        }),
      )
      .catch((err: unknown) => {
        clearTimeout(timer);
        reject(err);
      });
  });
}

/** 100 execs of bash, each timed to the Slack receiver's receivedAt and to the harness waiter's wake. */
async function execToWebhook(): Promise<void> {
  const coldStarted = performance.now();
  const lab = await startLab({ dir: join(scratch, 'lab') });
  record('lab_start_in_process_ms', {
    value: performance.now() - coldStarted,
    unit: 'ms',
    note: 'startLab() in a warm process',
  });
  const reader = new InboxChannelReader({
    inboxUrl: lab.env.LAB_INBOX_URL!,
    receiver: 'slack',
    hookId: lab.receivers.hooks['slack-incoming'].id,
  });
  const waiter = await reader.subscribe();
  try {
    await attachSlackNotifier(lab);
    const kc = new KubeConfig();
    kc.loadFromFile(lab.kubeconfigPath!);
    const core = kc.makeApiClient(CoreV1Api);
    const exec = new Exec(kc);
    let pod = await runningPod(core);
    let onPod = 0;
    let restarts = 0;
    const latencies: number[] = [];
    const overheads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (onPod === ARG_VARIANTS * EXECS_PER_VARIANT) {
        // The sensor budget for this container is spent: a new pod gets fresh counters.
        lab.kube.restartDeployment(NAMESPACE, DEPLOYMENT);
        pod = await runningPod(core, pod);
        onPod = 0;
        restarts++;
      }
      const command = ['/bin/bash', '-c', `echo ${onPod % ARG_VARIANTS}`];
      onPod++;
      const t0 = epochMs();
      const since = Math.floor(t0);
      const status = await execOnce(exec, pod, command);
      if (status.status !== 'Success') throw new Error(`exec failed: ${JSON.stringify(status)}`);
      const message = await waiter.waitForMessage(
        { description: `the Slack alert for bench exec ${i + 1}`, test: (m) => m.receivedAt >= since },
        { since, timeoutMs: 5000 },
      );
      const woke = epochMs();
      latencies.push(message.receivedAt - t0);
      overheads.push(woke - message.receivedAt);
      // A new alert id per run: the next exec must not merge into this alert.
      await central(lab, 'PATCH', '/v1/alerts/resolve', { query: `Policy:${POLICY}+Namespace:${NAMESPACE}` });
    }
    const median = percentile(latencies, 50);
    record('exec_to_webhook_median_ms', { value: median, unit: 'ms', goal: '< 50', ok: median < 50 });
    record('exec_to_webhook_p95_ms', { value: percentile(latencies, 95), unit: 'ms' });
    record('exec_to_webhook_runs', {
      value: latencies.length,
      unit: 'runs',
      note: `${restarts} pod restarts`,
    });
    record('detection_overhead_p50_ms', {
      value: percentile(overheads, 50),
      unit: 'ms',
      note: 'receivedAt (whole ms) to waiter wake, over the inbox event stream',
    });
    record('detection_overhead_p95_ms', { value: percentile(overheads, 95), unit: 'ms' });
  } finally {
    waiter.close();
    await reader.close();
    await lab.close();
  }
}

/** `npm run verify` against the embedded lab next to a no-op one-test run: the time-to-verdict ratio. */
async function verifyRuns(): Promise<void> {
  const env = { ...process.env, CI: '', FORCE_COLOR: '0' };
  const noop = await timedRun(
    process.execPath,
    [PLAYWRIGHT_CLI, 'test', '-c', join(ROOT, 'scripts/bench-noop')],
    {
      cwd: ROOT,
      env: { ...env, BENCH_OUTPUT_DIR: join(scratch, 'noop-results') },
      timeoutMs: 120_000,
    },
  );
  if (noop.code !== 0) quiet(`the no-op Playwright run failed:\n${noop.output}`);
  // Same launcher for both (node + Playwright's CLI): npm's own start-up is in neither.
  const verify = await timedRun(process.execPath, [PLAYWRIGHT_CLI, 'test'], {
    cwd: ROOT,
    env: { ...env, TARGET: 'embedded', LAB_PROFILE: 'default', REPORTS_DIR: join(scratch, 'verify-reports') },
    timeoutMs: 10 * 60_000,
  });
  const ratio = verify.wallMs / noop.wallMs;
  record('noop_playwright_wall_ms', { value: noop.wallMs, unit: 'ms', note: 'one empty test' });
  record('verify_wall_ms', {
    value: verify.wallMs,
    unit: 'ms',
    note: `exit code ${verify.code}${verify.code === 0 ? '' : ' (scenarios failed)'}`,
  });
  record('time_to_verdict_ratio', { value: ratio, unit: 'x', goal: '<= 1.5', ok: ratio <= 1.5 });
  record('verify_peak_rss_mib', {
    value: verify.peakRssMiB,
    unit: 'MiB',
    note: 'runner + worker + lab, sampled',
  });
  record('noop_playwright_peak_rss_mib', { value: noop.peakRssMiB, unit: 'MiB' });

  // The module's API steps alone (no browser): what a cluster-less CI job or a student waits for.
  const api = await timedRun(process.execPath, [PLAYWRIGHT_CLI, 'test', '--project=scenarios'], {
    cwd: ROOT,
    env: { ...env, TARGET: 'embedded', LAB_PROFILE: 'default', REPORTS_DIR: join(scratch, 'api-reports') },
    timeoutMs: 5 * 60_000,
  });
  const apiRatio = api.wallMs / noop.wallMs;
  record('verify_api_wall_ms', {
    value: api.wallMs,
    unit: 'ms',
    note: `--project=scenarios, exit code ${api.code}`,
  });
  record('time_to_verdict_api_ratio', { value: apiRatio, unit: 'x', goal: '<= 1.5', ok: apiRatio <= 1.5 });
  record('verify_api_peak_rss_mib', { value: api.peakRssMiB, unit: 'MiB' });
}

/**
 * Against a lab started with `--latency cluster`: what verify (the scenarios) takes beyond the
 * pipeline's own latency, i.e. the harness's overhead. The lab knows its hops; the pipeline's share
 * of a run is their sum along the scenarios' critical path (mocks/latency.ts verifyPipelineMs).
 */
async function latencyOverhead(runs: number): Promise<void> {
  const lab = await startLab({ dir: join(scratch, 'latency-lab'), latency: latencyFor('cluster') });
  const pipelineMs = verifyPipelineMs(lab.latency);
  try {
    const walls: number[] = [];
    const codes: (number | null)[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await timedRun(process.execPath, [PLAYWRIGHT_CLI, 'test', '--project=scenarios'], {
        cwd: ROOT,
        env: {
          ...process.env,
          CI: '',
          FORCE_COLOR: '0',
          ...lab.env,
          TARGET: 'cluster',
          REPORTS_DIR: join(scratch, `latency-reports-${i + 1}`),
        },
        timeoutMs: 10 * 60_000,
        // The lab runs in this process: sample /proc seldom, so the sampler does not delay its hops.
        sampleMs: 1000,
      });
      if (run.code !== 0)
        quiet(`verify against --latency cluster, run ${i + 1}: exit ${run.code}
${run.output.slice(-4000)}`);
      walls.push(run.wallMs);
      codes.push(run.code);
    }
    const overhead = percentile(
      walls.map((w) => w - pipelineMs),
      50,
    );
    const passed = codes.every((c) => c === 0);
    record('latency_pipeline_ms', {
      value: pipelineMs,
      unit: 'ms',
      note: "--latency cluster: the lab's hops on a verify run's critical path",
    });
    record('verify_latency_cluster_wall_median_ms', {
      value: percentile(walls, 50),
      unit: 'ms',
      note: `--project=scenarios, ${runs} runs: ${walls.map((w) => Math.round(w)).join(', ')} ms; exit codes ${codes.join(', ')}`,
    });
    record('harness_overhead_median_ms', {
      value: overhead,
      unit: 'ms',
      goal: '< 5000',
      ok: passed && overhead < 5000,
      note: `verify wall minus the pipeline's latency, median of ${runs}${passed ? '' : '; a run failed'}`,
    });
  } finally {
    await lab.close();
  }
}

/** `npm run check -- --targets` of 1 and of 50 embedded labs (all 50 at once, one process). */
async function manyLabsCheck(): Promise<void> {
  const LABS = 50;
  const runCheck = async (count: number) => {
    const labs = Array.from({ length: count }, (_, i) => `  - name: lab-${i + 1}\n    embedded: true\n`);
    const file = join(scratch, `targets-${count}.yaml`);
    writeFileSync(file, `concurrency: ${count}\nlabs:\n${labs.join('')}`);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const r = await timedRun(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'scripts/check.ts'), '--targets', file],
      { cwd: scratch, env, timeoutMs: 5 * 60_000 },
    );
    // Fresh labs miss the module's goals (exit 1); 2 means a lab could not be checked at all.
    const rows = /^(\d+) labs?: /m.exec(r.output)?.[1];
    if (r.code !== 1 || rows !== String(count)) quiet(`check of ${count} labs: exit ${r.code}\n${r.output}`);
    return { ...r, note: `exit ${r.code}, ${rows ?? 0} table rows` };
  };
  const one = await runCheck(1);
  const many = await runCheck(LABS);
  record('check_1_lab_wall_ms', { value: one.wallMs, unit: 'ms', note: one.note });
  record('check_1_lab_peak_rss_mib', { value: one.peakRssMiB, unit: 'MiB' });
  record('check_50_labs_wall_ms', {
    value: many.wallMs,
    unit: 'ms',
    note: `${many.note}; 50 startLab() + check in one process, all at once`,
  });
  record('check_50_labs_peak_rss_mib', { value: many.peakRssMiB, unit: 'MiB' });
  record('check_50_labs_vs_1_wall_ratio', { value: many.wallMs / one.wallMs, unit: 'x' });
}

function printTable(): void {
  const rows = Object.entries(metrics).map(([name, m]) => [
    name,
    `${m.value} ${m.unit}`,
    m.goal ? `${m.goal} ${m.ok ? 'ok' : 'MISSED'}` : '',
    m.note ?? '',
  ]);
  const header = ['metric', 'value', 'goal', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(r));
}

/** The two goals of a verify run, in words, under the table. */
function printGoals(): void {
  const line = (name: string, text: (m: Metric) => string) => {
    const m = metrics[name];
    if (m) console.log(`${text(m)}: ${m.ok ? 'ok' : 'MISSED'} (goal ${m.goal})`);
  };
  const noop = metrics.noop_playwright_wall_ms?.value;
  console.log('');
  line(
    'time_to_verdict_api_ratio',
    (m) =>
      `API verify on the embedded lab: ${metrics.verify_api_wall_ms?.value} ms = ${m.value} x the no-op Playwright baseline (${noop} ms)`,
  );
  line(
    'harness_overhead_median_ms',
    (m) =>
      `Harness overhead against --latency cluster: ${m.value} ms over the pipeline's ${metrics.latency_pipeline_ms?.value} ms (median of ${latencyRunCount})`,
  );
}

const only = sections();
const latencyRunCount = latencyRuns();
try {
  if (only.has('lab')) {
    quiet('lab cold start and idle memory');
    await labProcess();
  }
  if (only.has('exec')) {
    quiet(`exec-to-webhook latency over ${RUNS} runs`);
    await execToWebhook();
  }
  if (only.has('verify')) {
    quiet('verify run and a no-op Playwright run');
    await verifyRuns();
  }
  if (only.has('latency')) {
    quiet(`verify against a --latency cluster lab, ${latencyRunCount} runs`);
    await latencyOverhead(latencyRunCount);
  }
  if (only.has('check')) {
    quiet('check of 1 and of 50 embedded labs in one process');
    await manyLabsCheck();
  }
  printTable();
  printGoals();
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const out = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    metrics,
  };
  writeFileSync(join(ROOT, 'reports/bench.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log('\nwritten: reports/bench.json');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
