// Running the CLIs of a many-labs run as child processes, with a clean environment.

import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const TSX = import.meta.resolve('tsx');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only what a shell needs: no cluster settings leak in from the developer's environment. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, FORCE_COLOR: '0', ...extra };
}

export function run(command: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Run> {
  return new Promise((done) => {
    execFile(command[0]!, command.slice(1), { cwd: ROOT, env, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

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

/** The table's data rows (between the dashes and the blank line before the totals). */
export function tableRows(stdout: string): string[][] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => /^-+( +-+)+$/.test(l));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    rows.push(line.split(/ {2,}/));
  }
  return rows;
}
