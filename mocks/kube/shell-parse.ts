// A small POSIX-shell parser: words with quotes and $-expansions left unexpanded (so `$?` sees the
// status of the previous command on the same line), joined by `;`, newline, `&`, `&&`, `||`, `|`.
// What it does not run (expansions other than plain $NAME / ${NAME}, redirections, subshells,
// compound commands, globs, background jobs) is reported as 'unsupported', naming the construct, so
// the shell can refuse the line instead of printing what bash would not.

export type WordPart =
  | { kind: 'text'; value: string; quoted: boolean }
  | { kind: 'var'; name: string }
  | { kind: 'tilde' };

export interface Word {
  parts: WordPart[];
}

export interface SimpleCommand {
  words: Word[];
  /** 1-based line of the script the command starts on. */
  line: number;
}

/** Commands joined by `|`. */
export interface Pipeline {
  commands: SimpleCommand[];
}

export type Connector = ';' | '&&' | '||';

export interface ListItem {
  /** How this pipeline is joined to the previous one (';' for the first). */
  connector: Connector;
  pipeline: Pipeline;
}

export type ParseResult =
  | { kind: 'ok'; items: ListItem[] }
  /** The input ends inside a quote, after a trailing backslash, or after `&&`, `||`, `|`. */
  | { kind: 'incomplete'; quote?: '"' | "'"; line: number }
  | { kind: 'syntax'; token: string; line: number }
  | { kind: 'unsupported'; construct: string; line: number };

/** Words that open or close a compound command when they start one: bash would run them, this shell cannot. */
const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'select',
  'function',
  '{',
  '}',
  '[[',
  ']]',
  '!',
]);

type Token = { kind: 'word'; word: Word; line: number } | { kind: 'op'; op: string; line: number };

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAM = /[?$#0-9!@*-]/;

class Tokenizer {
  private pos = 0;
  private line = 1;
  readonly tokens: Token[] = [];
  private parts: WordPart[] = [];
  private inWord = false;
  private wordLine = 1;
  /** The first construct met that this shell does not run. */
  unsupported: { construct: string; line: number } | undefined;

  constructor(private readonly src: string) {}

  private refuse(construct: string): void {
    this.unsupported ??= { construct, line: this.line };
    this.pos = this.src.length;
  }

  /** Returns the unterminated quote, 'backslash', or undefined when the input tokenized fully. */
  run(): '"' | "'" | 'backslash' | undefined {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === ' ' || c === '\t') {
        this.endWord();
        this.pos++;
      } else if (c === '\n') {
        this.endWord();
        this.tokens.push({ kind: 'op', op: '\n', line: this.line });
        this.line++;
        this.pos++;
      } else if (c === '#' && !this.inWord) {
        while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      } else if (c === '<' || c === '>') {
        const two = s.slice(this.pos, this.pos + 2);
        this.refuse(`redirection ${two === '<<' || two === '>>' || two === '>&' || two === '<&' ? two : c}`);
      } else if (c === '(' || c === ')') {
        this.refuse('subshell ( ... )');
      } else if (c === '`') {
        this.refuse('command substitution `...`');
      } else if (c === '*' || c === '?') {
        this.refuse(`pathname expansion ${c}`);
      } else if (c === ';' || c === '&' || c === '|') {
        this.endWord();
        const two = s.slice(this.pos, this.pos + 2);
        const op = two === '&&' || two === '||' || two === ';;' ? two : c;
        if (op === '&') {
          this.refuse('background job &');
          continue;
        }
        this.tokens.push({ kind: 'op', op, line: this.line });
        this.pos += op.length;
      } else if (c === "'") {
        const end = s.indexOf("'", this.pos + 1);
        if (end < 0) return "'";
        this.text(s.slice(this.pos + 1, end), true);
        this.countLines(this.pos, end);
        this.pos = end + 1;
      } else if (c === '"') {
        if (!this.doubleQuoted()) return '"';
      } else if (c === '\\') {
        if (this.pos + 1 >= s.length) return 'backslash';
        const next = s[this.pos + 1]!;
        if (next === '\n') this.line++;
        else this.text(next, true);
        this.pos += 2;
      } else if (c === '$') {
        this.dollar();
      } else if (
        c === '~' &&
        !this.inWord &&
        /^(\/|$|[ \t\n;&|])/.test(s.slice(this.pos + 1, this.pos + 2))
      ) {
        this.start();
        this.parts.push({ kind: 'tilde' });
        this.pos++;
      } else {
        this.text(c, false);
        this.pos++;
      }
    }
    this.endWord();
    return undefined;
  }

  private doubleQuoted(): boolean {
    const s = this.src;
    this.start();
    let i = this.pos + 1;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        this.text('', true);
        this.pos = i + 1;
        return true;
      }
      if (c === '\\' && i + 1 < s.length && '$`"\\\n'.includes(s[i + 1]!)) {
        if (s[i + 1] === '\n') this.line++;
        else this.text(s[i + 1]!, true);
        i += 2;
      } else if (c === '$') {
        this.pos = i;
        this.dollar();
        if (this.unsupported) return true;
        i = this.pos;
      } else if (c === '`') {
        this.refuse('command substitution `...`');
        return true;
      } else {
        if (c === '\n') this.line++;
        this.text(c, true);
        i++;
      }
    }
    return false;
  }

  private dollar(): void {
    const s = this.src;
    const next = s[this.pos + 1] ?? '';
    if (next === '(') {
      this.refuse(s[this.pos + 2] === '(' ? 'arithmetic expansion $((...))' : 'command substitution $(...)');
      return;
    }
    if (next === '[') {
      this.refuse('arithmetic expansion $[...]');
      return;
    }
    if (next === '{') {
      const end = s.indexOf('}', this.pos + 2);
      const name = end < 0 ? '' : s.slice(this.pos + 2, end);
      if (/^([A-Za-z_][A-Za-z0-9_]*|[?$#0-9!@*-])$/.test(name)) {
        this.start();
        this.parts.push({ kind: 'var', name });
        this.pos = end + 1;
        return;
      }
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own notation for the construct
      this.refuse('parameter expansion ${...}');
      return;
    } else if (SPECIAL_PARAM.test(next)) {
      this.start();
      this.parts.push({ kind: 'var', name: next });
      this.pos += 2;
      return;
    } else if (NAME_START.test(next)) {
      let end = this.pos + 2;
      while (end < s.length && NAME_CHAR.test(s[end]!)) end++;
      this.start();
      this.parts.push({ kind: 'var', name: s.slice(this.pos + 1, end) });
      this.pos = end;
      return;
    }
    this.text('$', false);
    this.pos++;
  }

  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.src[i] === '\n') this.line++;
  }

  private start(): void {
    if (!this.inWord) {
      this.inWord = true;
      this.wordLine = this.line;
    }
  }

  private text(value: string, quoted: boolean): void {
    this.start();
    const last = this.parts.at(-1);
    if (last?.kind === 'text' && last.quoted === quoted) last.value += value;
    else this.parts.push({ kind: 'text', value, quoted });
  }

  private endWord(): void {
    if (!this.inWord) return;
    this.tokens.push({ kind: 'word', word: { parts: this.parts }, line: this.wordLine });
    this.parts = [];
    this.inWord = false;
  }
}

export function parseScript(src: string): ParseResult {
  const tokenizer = new Tokenizer(src);
  const open = tokenizer.run();
  if (tokenizer.unsupported) return { kind: 'unsupported', ...tokenizer.unsupported };
  const tokens = tokenizer.tokens;
  const lastLine = tokens.at(-1)?.line ?? 1;
  if (open === '"' || open === "'") return { kind: 'incomplete', quote: open, line: lastLine };
  if (open === 'backslash') return { kind: 'incomplete', line: lastLine };

  const items: ListItem[] = [];
  let connector: Connector = ';';
  let pipeline: SimpleCommand[] = [];
  let command: SimpleCommand | undefined;
  // After `&&`, `||` or `|` a command must follow (newlines allowed in between).
  let needCommand = false;

  const finishPipeline = () => {
    if (pipeline.length > 0) items.push({ connector, pipeline: { commands: pipeline } });
    pipeline = [];
  };

  for (const token of tokens) {
    if (token.kind === 'word') {
      if (command === undefined) {
        const only = token.word.parts.length === 1 ? token.word.parts[0] : undefined;
        if (only?.kind === 'text' && !only.quoted && RESERVED.has(only.value)) {
          return { kind: 'unsupported', construct: `compound command '${only.value}'`, line: token.line };
        }
        command = { words: [], line: token.line };
        pipeline.push(command);
      }
      command.words.push(token.word);
      needCommand = false;
      continue;
    }
    const op = token.op;
    if (op === '\n') {
      if (command === undefined && !needCommand && pipeline.length === 0) continue;
      if (needCommand) continue;
      command = undefined;
      finishPipeline();
      connector = ';';
      continue;
    }
    if (command === undefined || op === ';;') return { kind: 'syntax', token: op, line: token.line };
    command = undefined;
    if (op === '|') {
      needCommand = true;
      continue;
    }
    finishPipeline();
    if (op === '&&' || op === '||') {
      connector = op;
      needCommand = true;
    } else {
      connector = ';';
    }
  }
  if (needCommand) return { kind: 'incomplete', line: lastLine };
  finishPipeline();
  return { kind: 'ok', items };
}
