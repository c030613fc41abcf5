// The emulated shell behind the lab's exec: never spawns a process, but prints what the Tomcat
// container's bash/dash would, and reports every binary it "executes" through session.onExec.
import { posix } from 'node:path';
import type { ExecSession } from '../contract.ts';
import { lookupBinary, startFailure } from './shell-binaries.ts';
import {
  BINARIES,
  BUILTINS,
  type CommandContext,
  containerEnv,
  expandWord,
  type Frame,
} from './shell-commands.ts';
import { type ListItem, type Pipeline, parseScript, type SimpleCommand } from './shell-parse.ts';
import { LineDiscipline, type TerminalInput } from './shell-tty.ts';

export interface ShellIo {
  /** stdout (and stderr when tty). */
  write(data: string): void;
  writeErr(data: string): void;
}

class ExitSignal {
  constructor(readonly code: number) {}
}

interface Output {
  out(text: string): void;
  err(text: string): void;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
let nextPid = 100;

export class EmulatedShell {
  private readonly queue: TerminalInput[] = [];
  private waiter: (() => void) | undefined;
  private stdinClosed = false;
  private finished = false;
  private started = false;
  private readonly exitCallbacks: ((code: number) => void)[] = [];
  private readonly tty: LineDiscipline | undefined;
  private size = { cols: 0, rows: 0 };

  constructor(
    private readonly session: ExecSession,
    private readonly io: ShellIo,
  ) {
    if (session.tty)
      this.tty = new LineDiscipline(
        (echo) => this.io.write(echo),
        (item) => this.enqueue(item),
      );
    if (!session.stdin) this.stdinClosed = true;
  }

  /** Runs session.command. Call once; the exit code arrives through onExit. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.main().then(
      (code) => this.finish(code),
      () => this.finish(1),
    );
  }

  /** Bytes the client typed or piped (channel 0), decoded as UTF-8. */
  input(data: string): void {
    if (this.finished || this.stdinClosed) return;
    if (this.tty) {
      // Echoed only when the shell reads it, as readline does, so output never interleaves with typeahead.
      this.typeahead += data;
      this.wake();
      return;
    }
    let text = data;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
      this.enqueue({ kind: 'line', text: this.partial + text.slice(0, nl) });
      this.partial = '';
      text = text.slice(nl + 1);
    }
    this.partial += text;
  }

  private partial = '';
  private typeahead = '';

  /** stdin reached EOF (v5 CLOSE frame): readers see the rest of a partial line, then EOF. */
  endInput(): void {
    if (this.stdinClosed) return;
    if (this.partial !== '') this.enqueue({ kind: 'line', text: this.partial });
    this.partial = '';
    this.stdinClosed = true;
    this.wake();
  }

  resize(cols: number, rows: number): void {
    if (Number.isInteger(cols) && Number.isInteger(rows) && cols >= 0 && rows >= 0)
      this.size = { cols, rows };
  }

  get terminalSize(): { cols: number; rows: number } {
    return { ...this.size };
  }

  onExit(cb: (code: number) => void): void {
    this.exitCallbacks.push(cb);
  }

  /** The client went away: stop without reporting an exit. */
  dispose(): void {
    this.finished = true;
    this.stdinClosed = true;
    this.exitCallbacks.length = 0;
    this.wake();
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    for (const cb of this.exitCallbacks.splice(0)) cb(code);
  }

  private enqueue(item: TerminalInput): void {
    this.queue.push(item);
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  /** The next line, Ctrl-C or Ctrl-D; 'eof' once stdin is closed and drained. */
  private async read(): Promise<TerminalInput | 'eof'> {
    for (;;) {
      if (this.finished) return 'eof';
      while (this.tty && this.queue.length === 0 && this.typeahead !== '') {
        const ch = String.fromCodePoint(this.typeahead.codePointAt(0)!);
        this.typeahead = this.typeahead.slice(ch.length);
        this.tty.feed(ch);
      }
      const item = this.queue.shift();
      if (item) return item;
      if (this.stdinClosed) return 'eof';
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  private write(text: string): void {
    if (this.finished) return;
    this.io.write(this.tty ? text.replace(/\r?\n/g, '\r\n') : text);
  }

  private writeErr(text: string): void {
    if (this.finished) return;
    if (this.tty) this.write(text);
    else this.io.writeErr(text);
  }

  private readonly console: Output = { out: (t) => this.write(t), err: (t) => this.writeErr(t) };

  private async main(): Promise<number> {
    const argv = this.session.command;
    const binary = lookupBinary(argv[0] ?? '');
    if (binary === undefined || startFailure(argv) !== undefined) return 127;
    const root: Frame = {
      flavor: 'none',
      path: '',
      argv0: argv[0] ?? '',
      interactive: false,
      vars: containerEnv(this.session),
      cwd: this.session.workingDir,
      status: 0,
      lineNo: 0,
      pid: 1,
    };
    return this.execBinary(argv, root, new Map(), this.console);
  }

  /** Runs a binary found on disk: reports it, then runs it (a shell runs its script or reads stdin). */
  private async execBinary(
    argv: string[],
    parent: Frame,
    assignments: Map<string, string>,
    output: Output,
  ): Promise<number> {
    const binary = lookupBinary(argv[0] ?? '');
    if (binary === undefined) return 127;
    this.report(binary.path, argv, parent.path);
    if (binary.name === 'bash' || binary.name === 'sh') {
      return this.runShell(binary.name, binary.path, argv, parent, assignments, output);
    }
    const command = BINARIES[binary.name];
    if (command === undefined) return 0;
    return command(argv, this.context(parent, assignments, output));
  }

  private report(execFilePath: string, argv: string[], parentExecFilePath: string): void {
    const { uid, gid } = this.session.user;
    try {
      this.session.onExec({ execFilePath, args: argv.slice(1).join(' '), uid, gid, parentExecFilePath });
    } catch {
      // A listener's failure must not kill the user's shell.
    }
  }

  private context(frame: Frame, assignments: Map<string, string>, output: Output): CommandContext {
    return {
      session: this.session,
      frame,
      tty: this.session.tty,
      size: this.size,
      assignments,
      errorPrefix: this.errorPrefix(frame, frame.lineNo),
      out: output.out,
      err: output.err,
    };
  }

  private async runShell(
    flavor: 'bash' | 'sh',
    path: string,
    argv: string[],
    parent: Frame,
    assignments: Map<string, string>,
    output: Output,
  ): Promise<number> {
    const args = argv.slice(1);
    const argv0 = argv[0] ?? flavor;
    const vars = new Map(parent.vars);
    for (const [key, value] of assignments) vars.set(key, value);
    if (flavor === 'bash') vars.set('SHLVL', String(Number(parent.vars.get('SHLVL') ?? '0') + 1));
    vars.set('PWD', parent.cwd);
    const frame: Frame = {
      flavor,
      path,
      argv0,
      interactive: false,
      vars,
      cwd: parent.cwd,
      status: 0,
      lineNo: 0,
      pid: nextPid++,
    };
    const dashC = args.indexOf('-c');
    if (dashC >= 0) {
      const script = args[dashC + 1];
      if (script === undefined) {
        output.err(`${argv0}: -c: option requires an argument\n`);
        return 2;
      }
      frame.argv0 = args[dashC + 2] ?? argv0;
      return this.runScript(frame, script, output);
    }
    const file = args.find((a) => !a.startsWith('-'));
    if (file !== undefined) {
      output.err(
        flavor === 'sh'
          ? `${argv0}: 0: cannot open ${file}: No such file\n`
          : `${argv0}: ${file}: No such file or directory\n`,
      );
      return flavor === 'sh' ? 2 : 127;
    }
    frame.interactive = this.session.tty || args.includes('-i');
    return this.readCommands(frame);
  }

  /** `bash -c script`: runs it and returns the status (or what `exit` said). */
  private async runScript(frame: Frame, script: string, output: Output): Promise<number> {
    const parsed = parseScript(script);
    if (parsed.kind !== 'ok') {
      output.err(this.syntaxMessage(frame, parsed, true));
      return 2;
    }
    try {
      await this.runList(frame, parsed.items, output);
      return frame.status;
    } catch (error) {
      if (error instanceof ExitSignal) return error.code;
      throw error;
    }
  }

  /** An interactive shell, or one reading a script from stdin, until `exit` or EOF. */
  private async readCommands(frame: Frame): Promise<number> {
    let pending = '';
    for (;;) {
      if (frame.interactive && this.tty) this.write(pending === '' ? this.prompt(frame) : '> ');
      const item = await this.read();
      if (item === 'eof' || item.kind === 'eof') {
        if (frame.interactive && frame.flavor === 'bash') this.writeErr('exit\n');
        return frame.status;
      }
      if (item.kind === 'interrupt') {
        pending = '';
        frame.status = 130;
        continue;
      }
      frame.lineNo++;
      const source = pending + item.text;
      const parsed = parseScript(source);
      if (parsed.kind === 'incomplete') {
        pending = `${source}\n`;
        continue;
      }
      pending = '';
      if (parsed.kind === 'syntax' || parsed.kind === 'unsupported') {
        this.writeErr(this.syntaxMessage(frame, parsed, false));
        frame.status = 2;
        continue;
      }
      try {
        await this.runList(frame, parsed.items, this.console);
      } catch (error) {
        if (error instanceof ExitSignal) return error.code;
        throw error;
      }
    }
  }

  private async runList(frame: Frame, items: ListItem[], output: Output): Promise<void> {
    for (const item of items) {
      if (item.connector === '&&' && frame.status !== 0) continue;
      if (item.connector === '||' && frame.status === 0) continue;
      frame.status = await this.runPipeline(frame, item.pipeline, output);
    }
  }

  /** Every command of a pipeline runs; only the last one's output is shown (stdin is not wired). */
  private async runPipeline(frame: Frame, pipeline: Pipeline, output: Output): Promise<number> {
    const discard: Output = { out: () => {}, err: output.err };
    let status = 0;
    const last = pipeline.commands.length - 1;
    for (const [i, command] of pipeline.commands.entries()) {
      status = await this.runSimple(frame, command, i === last ? output : discard, last > 0);
    }
    return status;
  }

  private async runSimple(
    frame: Frame,
    command: SimpleCommand,
    output: Output,
    inPipeline: boolean,
  ): Promise<number> {
    const argv: string[] = [];
    const assignments = new Map<string, string>();
    for (const word of command.words) {
      const first = word.parts[0];
      const match =
        argv.length === 0 && first?.kind === 'text' && !first.quoted ? ASSIGNMENT.exec(first.value) : null;
      const value = expandWord(word, frame);
      if (match?.[1] !== undefined) assignments.set(match[1], (value ?? '').slice(match[0].length));
      else if (value !== undefined) argv.push(value);
    }
    const name = argv[0];
    const line = frame.lineNo > 0 ? frame.lineNo + command.line - 1 : command.line;
    if (name === undefined) {
      for (const [key, value] of assignments) frame.vars.set(key, value);
      return 0;
    }
    if (name === 'exit') {
      const code = this.exitCode(frame, argv, line, output);
      if (inPipeline) return code;
      throw new ExitSignal(code);
    }
    const builtin = name.includes('/') ? undefined : BUILTINS[name];
    if (builtin !== undefined) {
      const ctx = this.context(frame, assignments, output);
      ctx.errorPrefix = this.errorPrefix(frame, line);
      return builtin(argv, ctx);
    }
    if (lookupBinary(name) !== undefined) return this.execBinary(argv, frame, assignments, output);
    output.err(this.notFound(frame, name, line));
    return 127;
  }

  private exitCode(frame: Frame, argv: string[], line: number, output: Output): number {
    if (frame.interactive && frame.flavor === 'bash') output.err('exit\n');
    const arg = argv[1];
    if (arg === undefined) return frame.status;
    if (!/^[+-]?\d+$/.test(arg)) {
      output.err(
        frame.flavor === 'sh'
          ? `${this.errorPrefix(frame, line)}exit: Illegal number: ${arg}\n`
          : `${this.errorPrefix(frame, line)}exit: ${arg}: numeric argument required\n`,
      );
      return 2;
    }
    return ((Number(arg) % 256) + 256) % 256;
  }

  /** bash: "bash: " when interactive, else "$0: line N: "; dash: "$0: N: ". */
  private errorPrefix(frame: Frame, line: number): string {
    if (frame.flavor === 'sh') return `${frame.argv0}: ${Math.max(line, 1)}: `;
    if (frame.interactive) return `${posix.basename(frame.argv0)}: `;
    return `${frame.argv0}: line ${Math.max(line, 1)}: `;
  }

  private notFound(frame: Frame, name: string, line: number): string {
    if (frame.flavor === 'sh') return `${this.errorPrefix(frame, line)}${name}: not found\n`;
    const reason = name.includes('/') ? 'No such file or directory' : 'command not found';
    return `${this.errorPrefix(frame, line)}${name}: ${reason}\n`;
  }

  private syntaxMessage(
    frame: Frame,
    parsed:
      | { kind: 'incomplete'; quote?: string; line: number }
      | { kind: 'syntax'; token: string; line: number }
      | { kind: 'unsupported'; construct: string; line: number },
    dashC: boolean,
  ): string {
    if (parsed.kind === 'unsupported') {
      // Worded like bash's own errors; no real bash says this, so nobody mistakes it for real output.
      const prefix = dashC
        ? `${frame.argv0}: ${frame.flavor === 'sh' ? '' : '-c: line '}${parsed.line}: `
        : this.errorPrefix(frame, frame.lineNo > 0 ? frame.lineNo + parsed.line - 1 : parsed.line);
      return `${prefix}${parsed.construct} is not supported by the embedded lab's shell (a real ${frame.flavor === 'sh' ? 'sh' : 'bash'} would run it)\n`;
    }
    const token = parsed.kind === 'syntax' ? (parsed.token === '\n' ? 'newline' : parsed.token) : '';
    if (frame.flavor === 'sh') {
      const what = parsed.kind === 'syntax' ? `"${token}" unexpected` : 'Unterminated quoted string';
      return `${frame.argv0}: ${parsed.line}: Syntax error: ${what}\n`;
    }
    const prefix = dashC ? `${frame.argv0}: -c: line ${parsed.line}: ` : this.errorPrefix(frame, parsed.line);
    if (parsed.kind === 'syntax') return `${prefix}syntax error near unexpected token \`${token}'\n`;
    if (parsed.quote !== undefined) {
      return `${prefix}unexpected EOF while looking for matching \`${parsed.quote}'\n`;
    }
    return `${prefix}syntax error: unexpected end of file\n`;
  }

  private prompt(frame: Frame): string {
    const { name, uid, home } = this.session.user;
    const sign = uid === 0 ? '#' : '$';
    if (frame.flavor === 'sh') return `${sign} `;
    let dir = frame.cwd;
    if (home !== '/' && (dir === home || dir.startsWith(`${home}/`))) dir = `~${dir.slice(home.length)}`;
    // A uid without a passwd entry: bash's own wording (shell.c get_current_user_info).
    return `${name === '' ? 'I have no name!' : name}@${this.session.hostname}:${dir}${sign} `;
  }
}
