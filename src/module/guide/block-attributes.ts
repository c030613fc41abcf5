// A block attribute line such as `[source,sh,role=execute]`, `[.console-output]`, `[start=7]` or
// `[source,bash,subs="+macros,+attributes"]`. Source: Asciidoctor block attributes
// (https://docs.asciidoctor.org/asciidoc/latest/attributes/positional-and-named-attributes/,
// .../blocks/#block-style and the `.role` shorthand).

export interface BlockAttributes {
  positional: string[];
  named: Record<string, string>;
  roles: string[];
}

export function emptyBlockAttributes(): BlockAttributes {
  return { positional: [], named: {}, roles: [] };
}

export function isBlockAttributeLine(line: string): boolean {
  return /^\[[^[\]]*\]$/.test(line) || /^\[[^\]]*"[^"]*"[^\]]*\]$/.test(line);
}

/** Merges one attribute line into those already pending for the next block. */
export function readBlockAttributes(line: string, into: BlockAttributes): BlockAttributes {
  for (const entry of splitEntries(line.slice(1, -1))) {
    const equals = entry.indexOf('=');
    if (equals > 0) {
      const key = entry.slice(0, equals).trim();
      const value = unquote(entry.slice(equals + 1).trim());
      if (key === 'role') into.roles.push(...value.split(/\s+/).filter(Boolean));
      else into.named[key] = value;
    } else if (entry.startsWith('.') || entry.includes('.')) {
      // `[.console-output]` or `[source.role]`: a style followed by dot-prefixed roles.
      const [style, ...roles] = entry.split('.');
      if (style) into.positional.push(style);
      into.roles.push(...roles.filter(Boolean));
    } else if (entry !== '') {
      into.positional.push(entry);
    }
  }
  return into;
}

/** Splits on commas outside double quotes. */
function splitEntries(content: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of content) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      entries.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  entries.push(current.trim());
  return entries;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}

/** Asciidoctor's `subs` list for a verbatim block: substitutes attributes only when asked. */
export function substitutesAttributes(attributes: BlockAttributes): boolean {
  const subs = attributes.named.subs;
  if (subs === undefined) return false;
  return subs
    .split(',')
    .map((s) => s.trim())
    .some((s) => s === 'attributes' || s === '+attributes' || s === 'attributes+' || s === 'normal');
}
