// `${VAR}` references in a targets file, so secrets can stay in the environment (or a CI secret
// store) instead of the file. `$$` is a literal `$`. Values are never echoed in problems: only names.

export interface Expansion {
  value: string;
  /** Referenced variables that are unset or empty. */
  missing: string[];
  /** Malformed references, as written (e.g. "${1X}", "${UNCLOSED"). */
  malformed: string[];
  /** Whether the value came (at least partly) from the environment. */
  fromEnv: boolean;
}

const REF = /\$\$|\$\{([^}]*)\}|\$\{[^}]*$/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function expandEnvRefs(text: string, env: NodeJS.ProcessEnv): Expansion {
  const missing: string[] = [];
  const malformed: string[] = [];
  let fromEnv = false;
  const value = text.replace(REF, (match: string, name: string | undefined) => {
    if (match === '$$') return '$';
    if (name === undefined || !NAME.test(name)) {
      malformed.push(match);
      return '';
    }
    const v = env[name];
    if (v === undefined || v === '') {
      missing.push(name);
      return '';
    }
    fromEnv = true;
    return v;
  });
  return { value, missing, malformed, fromEnv };
}
