// `npm run verify [-- <playwright test options>] [-- --targets room.yaml] [-- --guide FILE]`: Playwright's test runner.
// `--guide FILE` verifies the module's own AsciiDoc (MODULE_GUIDE) instead of the built-in copy.
// Without --targets the arguments go to `playwright test` unchanged. With it, the targets file is
// checked first (every problem named, exit 2, nothing run) and handed to playwright.config.ts as
// TARGETS_FILE, which makes a project per lab; --shard, --workers, --project work as usual.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describeError } from '../src/errors.ts';
import { loadTargetsFile } from '../src/targets/index.ts';
import { takeGuideArg } from './lib/guide-arg.ts';

const PLAYWRIGHT_CLI = createRequire(import.meta.url).resolve('@playwright/test/cli');

/** Removes `--targets FILE` / `--targets=FILE` from argv; returns the file (or an error text). */
function takeTargetsArg(argv: string[]): { rest: string[]; file?: string; error?: string } {
  const rest: string[] = [];
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--targets') {
      file = argv[++i];
      if (file === undefined || file.startsWith('--'))
        return { rest, error: '--targets needs the path of a targets file' };
    } else if (arg.startsWith('--targets=')) file = arg.slice('--targets='.length);
    else rest.push(arg);
  }
  return file === undefined ? { rest } : { rest, file };
}

const guideArg = takeGuideArg(process.argv.slice(2));
const { rest, file, error = guideArg.error } = takeTargetsArg(guideArg.rest);
if (error !== undefined) {
  console.error(
    `${error}\nusage: npm run verify -- --targets <file.yaml> [--shard i/n] [playwright test options]`,
  );
  process.exit(2);
}
const env = { ...process.env };
if (file !== undefined) {
  try {
    env.TARGETS_FILE = loadTargetsFile(resolve(file)).path;
  } catch (e) {
    console.error(describeError(e));
    process.exit(2);
  }
}

const child = spawn(process.execPath, [PLAYWRIGHT_CLI, 'test', ...rest], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
