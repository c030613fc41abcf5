// Runs a guide's `[source,sh,role=execute]` block verbatim in bash, as Showroom's terminal would
// (Showroom pastes the block into the student's shell: one bash, so `POD=$(...)` carries over to the
// next line). The client is the real `oc` when it is on PATH, else kubectl standing in for `oc`
// (the commands the module uses, get/apply/exec, take the same flags in both); without either the
// caller uses the harness's own client and says so.

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { HarnessError } from '../../errors.ts';
import { redact } from '../../redact.ts';

export interface ShellClient {
  kind: 'oc' | 'kubectl-as-oc';
  /** The executable found on PATH. */
  path: string;
}

export function findShellClient(pathVariable = process.env.PATH ?? ''): ShellClient | undefined {
  const find = (name: string) =>
    pathVariable
      .split(delimiter)
      .filter((dir) => dir !== '')
      .map((dir) => join(dir, name))
      .find((candidate) => {
        try {
          accessSync(candidate, constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
  const oc = find('oc');
  if (oc) return { kind: 'oc', path: oc };
  const kubectl = find('kubectl');
  return kubectl ? { kind: 'kubectl-as-oc', path: kubectl } : undefined;
}

/** How a step title says which client ran the guide's command. */
export function clientText(client: ShellClient | undefined, why?: string): string {
  if (client?.kind === 'oc') return `verbatim in bash with ${client.path}`;
  if (client) return `verbatim in bash, with kubectl (${client.path}) standing in for oc`;
  return `with the harness's own client (${why ?? 'neither oc nor kubectl is on PATH'})`;
}

export interface BlockRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export interface RunBlockOptions {
  client: ShellClient;
  /** The kubeconfig the harness uses (current-context already the chosen one); written to a private temp file. */
  kubeconfig: string;
  stdin?: string;
  timeoutMs: number;
}

export async function runExecuteBlock(body: string, opts: RunBlockOptions): Promise<BlockRun> {
  const dir = await mkdtemp(join(tmpdir(), 'rhacs-guide-shell-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(kubeconfig, opts.kubeconfig, { mode: 0o600 });
    let path = process.env.PATH ?? '';
    if (opts.client.kind === 'kubectl-as-oc') {
      const shim = join(dir, 'bin');
      await mkdir(shim, { mode: 0o700 });
      await writeFile(
        join(shim, 'oc'),
        `#!/bin/sh\nexec '${opts.client.path.replace(/'/g, "'\\''")}' "$@"\n`,
      );
      await chmod(join(shim, 'oc'), 0o755);
      path = `${shim}${delimiter}${path}`;
    }
    return await spawnBash(body, { ...process.env, PATH: path, KUBECONFIG: kubeconfig }, opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnBash(body: string, env: NodeJS.ProcessEnv, opts: RunBlockOptions): Promise<BlockRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', body], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr, ms: Date.now() - started, timedOut });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/** The step's error for a block that did not exit 0 (its output redacted), or undefined when it did. */
export function blockFailure(
  block: { at: string },
  run: BlockRun,
  how: string,
  opts: { timeoutMs: number; secrets: readonly string[] },
): HarnessError | undefined {
  if (run.exitCode === 0 && !run.timedOut) return undefined;
  return new HarnessError({
    code: 'GUIDE_BLOCK_FAILED',
    what: `Running the guide's block at ${block.at}`,
    cause: run.timedOut
      ? `it did not finish within ${opts.timeoutMs / 1000} s`
      : `bash exited ${run.exitCode}: ${redact(run.stderr.trim() || run.stdout.trim(), [...opts.secrets])}`,
    fix: `Run the block yourself in a terminal logged in to the cluster (oc whoami) and fix what it says; the harness ran it ${how}`,
  });
}

/** What the evidence keeps of a block's run (redacted). */
export function blockEvidence(run: BlockRun, secrets: readonly string[]): Record<string, unknown> {
  return {
    exitCode: run.exitCode,
    ms: run.ms,
    stdout: redact(run.stdout, [...secrets]),
    stderr: redact(run.stderr, [...secrets]),
  };
}
