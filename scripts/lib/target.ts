// Where check, solve and author-test act: a configured cluster; else the running `npm run lab`
// (found through .lab/lab.env, as a person would `set -a; . .lab/lab.env`); else a fresh embedded lab
// started for this process. This CLI layer may import mocks/; src/ never does.

import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { type LabStartState, startLab } from '../../mocks/lab.ts';
import { centralTlsOptions } from '../../src/central/tls-trust.ts';
import { type HarnessConfig, loadConfig } from '../../src/config.ts';

export const LAB_ENV_FILE = '.lab/lab.env';

export interface Target {
  cfg: HarnessConfig;
  /** One line saying where the command acts and why. */
  description: string;
  kind: 'cluster' | 'running-lab' | 'fresh-lab';
  /** The environment the config was read from (for read-back settings). */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface ResolveTargetOptions {
  /** Ignore a running lab and start a fresh one (when no cluster is configured). */
  fresh?: boolean;
  startState?: LabStartState;
  cwd?: string;
}

function dotenvOption(cwd: string): { dotenvPath?: string } {
  const path = resolve(cwd, '.env');
  return existsSync(path) ? { dotenvPath: path } : {};
}

/** Whether Central answers its ping, trusting the lab's own CA when the lab runs with TLS. */
function answers(url: string | undefined, caFile: string | undefined): Promise<boolean> {
  if (url === undefined) return Promise.resolve(false);
  const ping = `${url.replace(/\/+$/, '')}/v1/ping`;
  const tls = centralTlsOptions({
    insecureSkipTlsVerify: false,
    ...(caFile !== undefined && existsSync(caFile) ? { caCertFile: caFile } : {}),
  });
  const get = ping.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((done) => {
    const req = get(ping, { timeout: 2000, ...tls }, (res) => {
      res.resume();
      done(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/** The running lab's settings, when .lab/lab.env exists and its Central and kubeconfig are there. */
async function runningLabEnv(cwd: string): Promise<Record<string, string> | undefined> {
  const path = resolve(cwd, LAB_ENV_FILE);
  if (!existsSync(path)) return undefined;
  const env = parseDotenv(readFileSync(path, 'utf8'));
  if (env.KUBECONFIG === undefined || !existsSync(env.KUBECONFIG)) return undefined;
  return (await answers(env.ROX_ENDPOINT, env.ROX_CA_CERT_FILE)) ? env : undefined;
}

export async function resolveTarget(opts: ResolveTargetOptions = {}): Promise<Target> {
  const cwd = opts.cwd ?? process.cwd();
  const base = loadConfig(process.env, dotenvOption(cwd));
  // Settings already in the environment (a cluster, or a lab's env file sourced by hand) are used as is.
  if (base.target === 'cluster' || base.central.endpoint !== undefined) {
    return {
      cfg: base,
      description: `${base.target === 'cluster' ? 'a configured cluster' : 'the configured embedded lab'} (${base.targetReason}; Central ${base.central.endpoint})`,
      kind: 'cluster',
      env: process.env,
      close: async () => {},
    };
  }
  // The lab's endpoints and hooks win over anything else in the environment.
  const fromLab = (labEnv: Record<string, string>): { cfg: HarnessConfig; env: NodeJS.ProcessEnv } => {
    const env = { ...process.env, ...labEnv, TARGET: 'embedded' };
    return { cfg: loadConfig(env, dotenvOption(cwd)), env };
  };
  if (!opts.fresh) {
    const labEnv = await runningLabEnv(cwd);
    if (labEnv !== undefined) {
      const { cfg, env } = fromLab(labEnv);
      return {
        cfg,
        env,
        description: `the running embedded lab (${LAB_ENV_FILE}, Central ${labEnv.ROX_ENDPOINT})`,
        kind: 'running-lab',
        close: async () => {},
      };
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'rhacs-check-lab-'));
  try {
    const lab = await startLab({
      profile: base.profile,
      startState: opts.startState ?? 'after-module-3',
      dir,
    });
    const { cfg, env } = fromLab(lab.env);
    return {
      cfg,
      env,
      description: opts.fresh
        ? `a fresh embedded lab (profile ${lab.profile}, RHACS ${lab.version}, ${opts.startState ?? 'after-module-3'})`
        : `a fresh embedded lab started just for this run, because no lab is running (${LAB_ENV_FILE} missing or not answering); start one with \`npm run lab\` to practise on it`,
      kind: 'fresh-lab',
      close: async () => {
        await lab.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
