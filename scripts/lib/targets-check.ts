// `npm run check -- --targets room.yaml`: the read-only check of every lab in a targets file,
// concurrently in this one process (at most `concurrency` labs at a time), then one table.
// Embedded labs are started here (startLab) for the duration of their check.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab } from '../../mocks/lab.ts';
import { type CheckReport, checkReport, runCheck } from '../../src/check/index.ts';
import { loadConfig } from '../../src/config.ts';
import { describeError } from '../../src/errors.ts';
import { redact, redactDeep } from '../../src/redact.ts';
import {
  exitCodeForRows,
  formatLabTable,
  type LabRow,
  type LabTarget,
  labEnvironment,
  labStatus,
  loadTargetsFile,
  mapLimit,
  type TargetsFile,
} from '../../src/targets/index.ts';

export const DEFAULT_CONCURRENCY = 8;

export interface TargetsCheckOptions {
  concurrency?: number;
  sendTest?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface LabCheck {
  row: LabRow;
  report?: CheckReport;
  /** The error that stopped this lab's check (configuration, connection), redacted. */
  error?: string;
}

export interface TargetsCheck {
  labs: LabCheck[];
  exitCode: 0 | 1 | 2;
  /** Every secret of every lab, for redact(). */
  secrets: string[];
}

const targetLabel = (lab: LabTarget) => (lab.embedded ? `embedded (${lab.profile})` : 'cluster');

async function checkOne(lab: LabTarget, opts: TargetsCheckOptions, secrets: string[]): Promise<LabCheck> {
  const started = performance.now();
  const base = opts.env ?? process.env;
  let dir: string | undefined;
  let close = async () => {};
  try {
    let labEnv: Record<string, string> = {};
    if (lab.embedded) {
      dir = await mkdtemp(join(tmpdir(), `rhacs-check-${lab.name}-`));
      const running = await startLab({
        profile: lab.profile ?? 'default',
        startState: 'after-module-3',
        dir,
      });
      close = () => running.close();
      labEnv = running.env;
    }
    const env = labEnvironment(lab, base, labEnv);
    const cfg = loadConfig(env, {});
    secrets.push(...cfg.secrets);
    const run = await runCheck(cfg, { env, ...(opts.sendTest ? { sendTest: true } : {}) });
    secrets.push(...run.secrets);
    const report = checkReport(run.results, `${lab.name} (${targetLabel(lab)})`);
    const firstMiss = run.results.find((r) => r.status === 'fail');
    const row: LabRow = {
      lab: lab.name,
      target: targetLabel(lab),
      passed: report.counts.ok,
      failed: report.counts.fail,
      other: report.counts.unverified,
      status: 'PASS',
      durationMs: performance.now() - started,
    };
    row.status = labStatus(row);
    if (firstMiss) row.firstFailure = `${firstMiss.title}: ${firstMiss.detail}`;
    return { row, report };
  } catch (e) {
    const error = describeError(e, [...lab.secrets, ...secrets]);
    return {
      row: {
        lab: lab.name,
        target: targetLabel(lab),
        passed: 0,
        failed: 0,
        other: 0,
        status: 'ERROR',
        firstFailure: error,
        durationMs: performance.now() - started,
      },
      error,
    };
  } finally {
    await close().catch(() => {});
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
}

export async function checkTargets(
  targets: TargetsFile,
  opts: TargetsCheckOptions = {},
): Promise<TargetsCheck> {
  const secrets = targets.labs.flatMap((l) => l.secrets);
  const limit = opts.concurrency ?? targets.concurrency ?? DEFAULT_CONCURRENCY;
  const labs = await mapLimit(targets.labs, limit, (lab) => checkOne(lab, opts, secrets));
  return { labs, exitCode: exitCodeForRows(labs.map((l) => l.row)), secrets };
}

const USAGE = 'usage: npm run check -- --targets <file.yaml> [--concurrency N] [--json] [--send-test]';

interface TargetsArgs {
  file: string;
  concurrency?: number;
  json: boolean;
  sendTest: boolean;
}

function parseArgs(argv: string[]): TargetsArgs | string {
  let file: string | undefined;
  let concurrency: number | undefined;
  let json = false;
  let sendTest = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--targets') file = value();
    else if (flag === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 256) return `--concurrency needs a whole number from 1 to 256`;
      concurrency = n;
    } else if (flag === '--json') json = true;
    else if (flag === '--send-test') sendTest = true;
    else return `unknown option ${arg}`;
  }
  if (file === undefined || file === '') return '--targets needs the path of a targets file';
  return { file, json, sendTest, ...(concurrency !== undefined ? { concurrency } : {}) };
}

/** The CLI: prints the table (or JSON) and returns the exit code (0 all pass, 1 some miss, 2 errors). */
export async function targetsCheckCli(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`${args}\n${USAGE}`);
    return 2;
  }
  let targets: TargetsFile;
  try {
    targets = loadTargetsFile(args.file);
  } catch (e) {
    const text = describeError(e);
    if (args.json) console.log(JSON.stringify({ ok: false, exitCode: 2, error: text }, null, 2));
    console.error(text);
    return 2;
  }
  const limit = args.concurrency ?? targets.concurrency ?? DEFAULT_CONCURRENCY;
  if (!args.json)
    console.error(`Checking ${targets.labs.length} labs from ${targets.path} (${limit} at a time)`);
  const result = await checkTargets(targets, { concurrency: limit, sendTest: args.sendTest });
  if (args.json) {
    const out = {
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      labs: result.labs.map((l) => ({ ...l.row, ...(l.report ? { goals: l.report.goals } : {}) })),
    };
    console.log(redact(JSON.stringify(redactDeep(out, result.secrets), null, 2), result.secrets));
  } else {
    console.log(
      formatLabTable(
        result.labs.map((l) => l.row),
        { unit: 'goals', secrets: result.secrets },
      ),
    );
  }
  return result.exitCode;
}
