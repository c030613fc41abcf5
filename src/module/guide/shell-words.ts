// Just enough of POSIX shell word splitting to read the flags of the guide's `oc`/`kubectl` commands
// (quotes, backslashes; a command ends at an unquoted `)`, `|`, `;` or `&`). Source: POSIX Shell
// Command Language, 2.2 Quoting and 2.3 Token Recognition. It never runs anything.

export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < command.length) word += command[++i]!;
      else word += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (char === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i]!;
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (')|;&'.includes(char)) {
      break;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The value of `-n X`, `--namespace X` or `--namespace=X` (kubectl's spelling; `-nX` too). */
export function flagValue(words: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === '--') return undefined;
    if (word === short || word === long) return words[i + 1];
    if (word.startsWith(`${long}=`)) return word.slice(long.length + 1);
    if (word.startsWith(short) && word.length > short.length && !word.startsWith('--'))
      return word.slice(short.length);
  }
  return undefined;
}

/** The words from the first `oc`/`kubectl` on: `POD=$(oc get pod ...)` reads as `oc get pod ...`. */
export function kubeCommandWords(line: string): string[] | undefined {
  const start = /(?:^|[\s($`;|&])((?:oc|kubectl)\s)/.exec(line);
  if (!start) return undefined;
  return shellWords(line.slice(start.index + start[0].length - start[1]!.length));
}
