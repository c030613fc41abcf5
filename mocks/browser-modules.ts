// The lab's browser pages (the inbox page, the console) are ES modules written in TypeScript, so the
// type checker sees them like the rest of the lab. They are served with their types stripped by
// TypeScript's own transpileModule (no bundler, no build step): `import ... from './dom.ts'` becomes
// './dom.js' (rewriteRelativeImportExtensions), type-only imports disappear, and the code is
// otherwise left as written. Each file is transpiled once per process, on first request or warm-up.
import { readFile } from 'node:fs/promises';

export interface BrowserModules {
  /** The served names, e.g. 'dom.js' for 'dom.ts'. */
  readonly names: readonly string[];
  /** The transpiled module for a served name, or undefined for any other name. */
  get(name: string): Promise<string> | undefined;
  /** Transpiles every module now, so the first page load does not wait for it. */
  warm(): Promise<void>;
}

/** Same process, same file: one transpilation, whichever page serves it. */
const compiled = new Map<string, Promise<string>>();

async function transpile(file: URL): Promise<string> {
  const source = await readFile(file, 'utf8');
  const { default: ts } = await import('typescript');
  return ts.transpileModule(source, {
    fileName: file.pathname,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      rewriteRelativeImportExtensions: true,
      removeComments: false,
    },
  }).outputText;
}

function compiledModule(file: URL): Promise<string> {
  let code = compiled.get(file.href);
  if (!code) {
    code = transpile(file);
    code.catch(() => compiled.delete(file.href));
    compiled.set(file.href, code);
  }
  return code;
}

/** The TypeScript `files` of `dir` (a URL ending in '/'), served as '<name>.js'. Nothing else is read. */
export function browserModules(dir: URL, files: readonly string[]): BrowserModules {
  const byName = new Map<string, URL>();
  for (const file of files) {
    if (!file.endsWith('.ts') || file.includes('/'))
      throw new Error(`not a module file beside ${dir}: ${file}`);
    byName.set(`${file.slice(0, -'.ts'.length)}.js`, new URL(file, dir));
  }
  const get = (name: string) => {
    const file = byName.get(name);
    return file === undefined ? undefined : compiledModule(file);
  };
  return {
    names: [...byName.keys()],
    get,
    warm: async () => {
      await Promise.all([...byName.values()].map((file) => compiledModule(file)));
    },
  };
}
