// The project's CLIs (scripts/<name>.ts, Playwright's) run as child processes with a clean environment.

import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const TSX = import.meta.resolve('tsx');

export interface Run {
  /** The exit code; -1 when the process ended without one (killed at the timeout, or by a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what a shell needs: no cluster settings leak in from the developer's environment. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: '0', ...extra };
}

/** `command` in `cwd` (the repository unless told) with only `env`, killed after `timeoutMs`. */
export function runCommand(
  command: string[],
  env: NodeJS.ProcessEnv,
  { cwd = ROOT, timeoutMs = 120_000 }: { cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((done) => {
    execFile(command[0]!, command.slice(1), { cwd, env, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

/** `npm run <name>` without npm: scripts/<name>.ts through tsx. */
export const script = (name: string, args: string[]): string[] => [
  process.execPath,
  '--import',
  TSX,
  join(ROOT, 'scripts', `${name}.ts`),
  ...args,
];

export const playwright = (args: string[]): string[] => [
  process.execPath,
  join(ROOT, 'node_modules/@playwright/test/cli.js'),
  ...args,
];
