// Slack mrkdwn as a channel displays it, parsed into styled text spans (no HTML): *bold*, _italic_,
// ~strike~, `code`, <url|label> links, &amp;/&lt;/&gt; entities, line breaks from \r\n or \n.
// Runs in Node (tests) and in the inbox page (served transpiled), so it has no imports.

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  code?: boolean;
  /** Only http(s) targets; other link kinds show their label as text. */
  href?: string;
}

export type RichLine = Span[];
export type RichText = RichLine[];

type Style = Omit<Span, 'text' | 'href'>;

const MARKS: Record<string, keyof Style> = { '*': 'bold', _: 'italic', '~': 'strike' };
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;

const decode = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function span(text: string, style: Style, href?: string): Span {
  const out: Span = { text };
  if (style.bold) out.bold = true;
  if (style.italic) out.italic = true;
  if (style.strike) out.strike = true;
  if (style.code) out.code = true;
  if (href !== undefined) out.href = href;
  return out;
}

/** Index of the mark closing the one at `open`, or -1 when Slack would show the mark literally. */
function closingMark(src: string, open: number): number {
  const mark = src[open]!;
  const before = src[open - 1];
  const first = src[open + 1];
  if (before !== undefined && WORD.test(before)) return -1;
  if (first === undefined || first === mark || SPACE.test(first)) return -1;
  for (let at = src.indexOf(mark, open + 2); at > 0; at = src.indexOf(mark, at + 1)) {
    const after = src[at + 1];
    if (SPACE.test(src[at - 1]!)) continue;
    if (after !== undefined && WORD.test(after)) continue;
    return at;
  }
  return -1;
}

function linkSpan(inner: string, style: Style): Span {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  if (/^https?:\/\//i.test(target)) return span(decode(label || target), style, decode(target));
  if (target.startsWith('!')) return span(`@${label || target.slice(1)}`, style);
  return span(decode(label || target), style);
}

function parseInline(src: string, style: Style): Span[] {
  const out: Span[] = [];
  let plain = '';
  const flush = (): void => {
    if (plain !== '') out.push(span(decode(plain), style));
    plain = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '`' && !style.code) {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push(span(decode(src.slice(i + 1, end)), { ...style, code: true }));
        i = end + 1;
        continue;
      }
    } else if (ch === '<') {
      const end = src.indexOf('>', i + 1);
      const inner = end > i + 1 ? src.slice(i + 1, end) : '';
      if (inner !== '' && !inner.includes('<') && !SPACE.test(inner[0]!)) {
        flush();
        out.push(linkSpan(inner, style));
        i = end + 1;
        continue;
      }
    } else if (ch in MARKS) {
      const close = closingMark(src, i);
      if (close > 0) {
        flush();
        out.push(...parseInline(src.slice(i + 1, close), { ...style, [MARKS[ch]!]: true }));
        i = close + 1;
        continue;
      }
    }
    plain += ch;
    i += 1;
  }
  flush();
  return out;
}

/** Slack mrkdwn as lines of styled spans; an empty string has no lines. */
export function parseMrkdwn(text: string): RichText {
  if (text === '') return [];
  return text.split(/\r\n|\n|\r/).map((line) => parseInline(line, {}));
}

/** Text without markup, as lines of one plain span each. */
export function plainText(text: string): RichText {
  if (text === '') return [];
  return text.split(/\r\n|\n|\r/).map((line) => (line === '' ? [] : [{ text: line }]));
}

/** What a reader sees, markup removed (for accessible names and tests). */
export function richToString(rich: RichText): string {
  return rich.map((line) => line.map((s) => s.text).join('')).join('\n');
}
