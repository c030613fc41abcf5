// What the emulated commands print. Builtins (echo, pwd, cd, true, false, :, export) run inside the
// shell; the binaries (whoami, id, ls, env, ...) are what the shell "executes" and reports to onExec.
import { posix } from 'node:path';
import type { ExecSession } from '../contract.ts';
import { DIRECTORIES, isDirectory, resolvePath } from './shell-binaries.ts';
import type { Word } from './shell-parse.ts';

/** One running shell (or, for a binary exec'd directly, the container's process context). */
export interface Frame {
  flavor: 'bash' | 'sh' | 'none';
  /** execFilePath of this shell, the parent of what it runs. */
  path: string;
  /** $0: argv[0] as invoked, or the name given after `-c script`. */
  argv0: string;
  /** Reads commands from a terminal: prompts, no line numbers in errors, `exit` prints "exit". */
  interactive: boolean;
  vars: Map<string, string>;
  cwd: string;
  status: number;
  /** Lines read so far (for error line numbers of stdin scripts and dash). */
  lineNo: number;
  pid: number;
}

export interface CommandContext {
  session: ExecSession;
  frame: Frame;
  tty: boolean;
  size: { cols: number; rows: number };
  /** Variables given as `NAME=value` before the command. */
  assignments: Map<string, string>;
  /** Where the shell's error messages start, e.g. "bash: " or "/bin/bash: line 2: " or "sh: 1: ". */
  errorPrefix: string;
  out(text: string): void;
  err(text: string): void;
}

export type Command = (argv: string[], ctx: CommandContext) => number;

export const DEFAULT_PATH =
  '/usr/local/tomcat/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The environment the runtime gives an exec'd process. */
export function containerEnv(session: ExecSession): Map<string, string> {
  const env = new Map<string, string>();
  env.set('PATH', DEFAULT_PATH);
  env.set('HOSTNAME', session.hostname);
  if (session.tty) env.set('TERM', 'xterm');
  for (const [key, value] of Object.entries(session.env)) env.set(key, value);
  env.set('HOME', session.user.home);
  return env;
}

export function expandWord(word: Word, frame: Frame): string | undefined {
  let result = '';
  let quoted = false;
  for (const part of word.parts) {
    if (part.kind === 'text') {
      result += part.value;
      quoted ||= part.quoted;
    } else if (part.kind === 'tilde') {
      result += frame.vars.get('HOME') ?? '';
    } else {
      result += expandVar(part.name, frame);
    }
  }
  // An unquoted word that expands to nothing disappears, as in a real shell.
  return result === '' && !quoted ? undefined : result;
}

function expandVar(name: string, frame: Frame): string {
  switch (name) {
    case '?':
      return String(frame.status);
    case '$':
      return String(frame.pid);
    case '0':
      return frame.argv0;
    case '#':
      return '0';
    case '-':
      return frame.interactive ? 'himBH' : 'hB';
    default:
      return frame.vars.get(name) ?? '';
  }
}

const echo: Command = (argv, ctx) => {
  let args = argv.slice(1);
  let newline = true;
  let escapes = ctx.frame.flavor === 'sh';
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    for (const flag of args[0].slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes)
    text = text.replace(/\\([nt\\])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
  ctx.out(newline ? `${text}\n` : text);
  return 0;
};

const pwd: Command = (_argv, ctx) => {
  ctx.out(`${ctx.frame.cwd}\n`);
  return 0;
};

const cd: Command = (argv, ctx) => {
  const target = argv[1] ?? ctx.frame.vars.get('HOME') ?? '/';
  const dest =
    target === '-' ? (ctx.frame.vars.get('OLDPWD') ?? ctx.frame.cwd) : resolvePath(ctx.frame.cwd, target);
  if (!isDirectory(dest)) {
    ctx.err(
      ctx.frame.flavor === 'sh'
        ? `${ctx.errorPrefix}cd: can't cd to ${target}\n`
        : `${ctx.errorPrefix}cd: ${target}: No such file or directory\n`,
    );
    return ctx.frame.flavor === 'sh' ? 2 : 1;
  }
  ctx.frame.vars.set('OLDPWD', ctx.frame.cwd);
  ctx.frame.cwd = dest;
  ctx.frame.vars.set('PWD', dest);
  if (target === '-') ctx.out(`${dest}\n`);
  return 0;
};

const exportBuiltin: Command = (argv, ctx) => {
  for (const arg of argv.slice(1)) {
    const eq = arg.indexOf('=');
    if (eq > 0) ctx.frame.vars.set(arg.slice(0, eq), arg.slice(eq + 1));
  }
  return 0;
};

/** Shell builtins: they run inside the shell and produce no process event. */
export const BUILTINS: Readonly<Record<string, Command>> = {
  echo,
  pwd,
  cd,
  export: exportBuiltin,
  true: () => 0,
  false: () => 1,
  ':': () => 0,
};

const whoami: Command = (_argv, ctx) => {
  const { name, uid } = ctx.session.user;
  if (name === '') {
    // coreutils whoami.c, for a uid with no passwd entry (OpenShift's arbitrary UIDs).
    ctx.err(`whoami: cannot find name for user ID ${uid}\n`);
    return 1;
  }
  ctx.out(`${name}\n`);
  return 0;
};

const id: Command = (argv, ctx) => {
  const { name, uid, gid } = ctx.session.user;
  const flags = argv
    .slice(1)
    .filter((a) => a.startsWith('-'))
    .join('')
    .replace(/-/g, '');
  const byName = flags.includes('n');
  if (flags.includes('u')) ctx.out(`${byName ? name : uid}\n`);
  else if (flags.includes('g') || flags.includes('G')) ctx.out(`${byName ? name : gid}\n`);
  // coreutils id prints "(name)" only for ids getpwuid/getgrgid know (id.c print_full_info); the
  // supplementary group equal to the uid is an assumption, not checked against a cluster.
  else if (name === '') ctx.out(`uid=${uid} gid=${gid}(root) groups=${gid}(root),${uid}\n`);
  else ctx.out(`uid=${uid}(${name}) gid=${gid}(${name}) groups=${gid}(${name})\n`);
  return 0;
};

const hostname: Command = (_argv, ctx) => {
  ctx.out(`${ctx.session.hostname}\n`);
  return 0;
};

const env: Command = (_argv, ctx) => {
  const vars = new Map(ctx.frame.vars);
  for (const [key, value] of ctx.assignments) vars.set(key, value);
  vars.set('_', '/usr/bin/env');
  for (const key of ['OLDPWD']) vars.delete(key);
  ctx.out([...vars].map(([key, value]) => `${key}=${value}\n`).join(''));
  return 0;
};

const KERNEL = '5.14.0-427.13.1.el9_4.x86_64';

const uname: Command = (argv, ctx) => {
  const flag = argv[1] ?? '-s';
  const all = `Linux ${ctx.session.hostname} ${KERNEL} #1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024 x86_64 GNU/Linux`;
  const byFlag: Record<string, string> = {
    '-s': 'Linux',
    '-n': ctx.session.hostname,
    '-r': KERNEL,
    '-m': 'x86_64',
  };
  ctx.out(`${flag === '-a' ? all : (byFlag[flag] ?? 'Linux')}\n`);
  return 0;
};

const stty: Command = (argv, ctx) => {
  if (!ctx.tty) {
    ctx.err("stty: 'standard input': Inappropriate ioctl for device\n");
    return 1;
  }
  if (argv[1] === 'size') ctx.out(`${ctx.size.rows} ${ctx.size.cols}\n`);
  return 0;
};

function longEntry(dir: string, name: string): string {
  const isDir = name === '.' || name === '..' || isDirectory(posix.join(dir, name));
  const mode = isDir ? 'drwxr-xr-x' : '-rw-r--r--';
  const size = String(isDir ? 4096 : 1024).padStart(5);
  return `${mode} 1 root root ${size} Jan  1 00:00 ${name}\n`;
}

const ls: Command = (argv, ctx) => {
  const flags = argv
    .slice(1)
    .filter((a) => a.startsWith('-') && a.length > 1)
    .join('');
  const targets = argv.slice(1).filter((a) => !a.startsWith('-') || a.length === 1);
  const long = flags.includes('l');
  const all = flags.includes('a');
  const onePerLine = long || flags.includes('1') || !ctx.tty;
  let status = 0;
  const listings: string[] = [];
  for (const target of targets.length > 0 ? targets : ['.']) {
    const path = resolvePath(ctx.frame.cwd, target);
    const entries = DIRECTORIES[path];
    if (entries === undefined) {
      const parent = DIRECTORIES[posix.dirname(path)];
      if (parent?.includes(posix.basename(path)) && !isDirectory(path)) {
        listings.push(long ? longEntry(posix.dirname(path), target) : `${target}\n`);
        continue;
      }
      if (isDirectory(path)) {
        listings.push(targets.length > 1 ? `${target}:\n` : '');
        continue;
      }
      ctx.err(`ls: cannot access '${target}': No such file or directory\n`);
      status = 2;
      continue;
    }
    const names = all ? ['.', '..', ...entries] : [...entries];
    let text = targets.length > 1 ? `${target}:\n` : '';
    if (long) text += `total ${names.length * 4}\n${names.map((n) => longEntry(path, n)).join('')}`;
    else if (names.length > 0)
      text += onePerLine ? names.map((n) => `${n}\n`).join('') : `${names.join('  ')}\n`;
    listings.push(text);
  }
  ctx.out(listings.join(targets.length > 1 ? '\n' : ''));
  return status;
};

/** Binaries other than the shells, by command name (see BINARY_PATHS for their paths). */
export const BINARIES: Readonly<Record<string, Command>> = {
  whoami,
  id,
  hostname,
  env,
  ls,
  uname,
  stty,
  echo,
  pwd,
  true: () => 0,
  false: () => 1,
};
