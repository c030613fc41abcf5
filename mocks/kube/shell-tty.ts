// The terminal side of a tty exec: echoes what is typed (CR -> CRLF, backspace erases) and hands
// complete lines to the shell, like a pty in canonical mode with readline on top.

export type TerminalInput = { kind: 'line'; text: string } | { kind: 'interrupt' } | { kind: 'eof' };

export class LineDiscipline {
  private line = '';
  /** Inside an escape sequence (arrow keys etc.), which the emulated readline ignores. */
  private escape: 'none' | 'esc' | 'csi' = 'none';

  constructor(
    private readonly echo: (text: string) => void,
    private readonly emit: (item: TerminalInput) => void,
  ) {}

  feed(data: string): void {
    for (const ch of data) this.key(ch);
  }

  private key(ch: string): void {
    const code = ch.codePointAt(0) ?? 0;
    if (this.escape === 'esc') {
      this.escape = ch === '[' || ch === 'O' ? 'csi' : 'none';
      return;
    }
    if (this.escape === 'csi') {
      if (code >= 0x40 && code <= 0x7e) this.escape = 'none';
      return;
    }
    switch (ch) {
      case '\r':
      case '\n': {
        this.echo('\r\n');
        const text = this.line;
        this.line = '';
        this.emit({ kind: 'line', text });
        return;
      }
      case '\x7f':
      case '\b':
        if (this.line.length > 0) {
          this.line = [...this.line].slice(0, -1).join('');
          this.echo('\b \b');
        }
        return;
      case '\x03':
        this.echo('^C\r\n');
        this.line = '';
        this.emit({ kind: 'interrupt' });
        return;
      case '\x04':
        if (this.line === '') this.emit({ kind: 'eof' });
        return;
      case '\x15':
        this.echo('\b \b'.repeat([...this.line].length));
        this.line = '';
        return;
      case '\x1b':
        this.escape = 'esc';
        return;
    }
    if (code < 0x20) return;
    this.line += ch;
    this.echo(ch);
  }
}
