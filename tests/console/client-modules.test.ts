// The console's browser code is small ES modules in mocks/console/client/, written in TypeScript and
// served type-stripped. These tests fail if a module escapes the type checker (a .js file, a folder
// `npm run typecheck` does not check, @ts-nocheck, Node's types in scope), or if the served code
// imports anything the server does not serve.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { type ConsoleServer, startConsoleServer } from '../../mocks/console/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = join(ROOT, 'mocks/console/client');
const ASSETS = '/static/lab-console/';

function clientEntries(): string[] {
  return readdirSync(CLIENT).sort();
}

function clientModules(): string[] {
  return clientEntries()
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(CLIENT, name));
}

/** The tsconfig projects `npm run typecheck` runs (`tsc ... -p <dir>`), parsed as tsc parses them. */
function typecheckProjects(): ts.ParsedCommandLine[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = pkg.scripts.typecheck ?? '';
  const dirs = [...script.matchAll(/\btsc\b[^&|;]*?-p\s+(\S+)/g)].map((m) => resolve(ROOT, m[1] ?? '.'));
  assert.ok(dirs.length > 0, `npm run typecheck runs no tsc project: ${script}`);
  return dirs.map((dir) => {
    const file = dir.endsWith('.json') ? dir : join(dir, 'tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(
      file,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) =>
          assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
      },
    );
    assert.ok(parsed, file);
    return parsed;
  });
}

function consoleProject(): ts.ParsedCommandLine {
  const modules = clientModules();
  assert.ok(modules.length > 0, 'mocks/console/client has no modules');
  const project = typecheckProjects().find((p) => p.fileNames.map((f) => resolve(f)).includes(modules[0]!));
  assert.ok(project, `no project of npm run typecheck includes ${modules[0]}`);
  return project;
}

describe('the console modules are type-checked', () => {
  test('every file of mocks/console/client is a TypeScript module (or its tsconfig.json)', () => {
    const others = clientEntries().filter((name) => !name.endsWith('.ts') && name !== 'tsconfig.json');
    assert.deepEqual(others, [], 'files the type checker would not check');
    assert.ok(
      clientModules().some((file) => file.endsWith('/app.ts')),
      'the entry app.ts exists',
    );
  });

  test('npm run typecheck checks every module, with the DOM and without Node types, none opted out', () => {
    const project = consoleProject();
    const checked = new Set(project.fileNames.map((f) => resolve(f)));
    for (const file of clientModules()) {
      assert.ok(checked.has(file), `${file} is not in the project`);
      assert.doesNotMatch(readFileSync(file, 'utf8'), /@ts-nocheck|@ts-ignore|@ts-expect-error/, file);
    }
    assert.equal(project.options.strict, true);
    assert.deepEqual(project.options.types, [], 'browser code must not see @types/node');
    assert.ok(
      project.options.lib?.some((lib) => /dom\.d\.ts$/i.test(lib)),
      `no DOM lib: ${project.options.lib}`,
    );
    assert.ok(project.options.noEmit, 'typecheck only, no emitted files');
  });

  test('a type error or a Node API injected into a module is reported by that project', () => {
    const project = consoleProject();
    const [first, second] = clientModules().filter((f) => !f.endsWith('/app.ts'));
    assert.ok(first && second);
    const injected = new Map([
      [first, `${readFileSync(first, 'utf8')}\nexport const injectedNumber: number = 'not a number';\n`],
      [second, `${readFileSync(second, 'utf8')}\nexport const injectedNode = Buffer.from('node only');\n`],
    ]);
    const host = ts.createCompilerHost(project.options);
    const read = host.readFile.bind(host);
    host.readFile = (file) => injected.get(resolve(file)) ?? read(file);
    const program = ts.createProgram({ rootNames: project.fileNames, options: project.options, host });
    const errors = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && injected.has(resolve(d.file.fileName)))
      .map((d) => `${resolve(d.file!.fileName)} TS${d.code}`);
    assert.ok(errors.includes(`${first} TS2322`), `the wrong type was not reported: ${errors.join(', ')}`);
    assert.ok(
      errors.some((e) => e.startsWith(`${second} TS25`)),
      `Buffer was not reported: ${errors.join(', ')}`,
    );
  });
});

describe('the console modules as the browser gets them', () => {
  let server: ConsoleServer;
  before(async () => {
    server = await startConsoleServer({ version: '4.11', adminPassword: 'x', issueToken: () => 't' });
  });
  after(() => server.close());

  test('the page loads app.js as a module script', async () => {
    const html = await (await fetch(`${server.url}/login`)).text();
    assert.match(html, /<script type="module" src="\/static\/lab-console\/app\.js"><\/script>/);
  });

  test('each module is served as text/javascript, its types stripped, importing only served modules', async () => {
    const served = new Set(clientModules().map((file) => `${file.slice(dirname(file).length + 1, -3)}.js`));
    let imports = 0;
    for (const name of served) {
      const res = await fetch(`${server.url}${ASSETS}${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8', name);
      const code = await res.text();
      assert.doesNotMatch(
        code,
        /^\s*import type|^\s*export (type|interface) |\.ts['"]/m,
        `${name} still has TypeScript`,
      );
      for (const [, , spec] of code.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+(['"])([^'"]+)\1/gm)) {
        assert.ok(
          spec?.startsWith('./') && served.has(spec.slice(2)),
          `${name} imports ${spec}, which is not served`,
        );
        imports++;
      }
    }
    assert.ok(imports >= served.size - 1, `only ${imports} imports seen: the pattern misses them`);
  });

  test('the module names a request can reach are exactly the served ones', async () => {
    for (const path of ['app.ts', 'tsconfig.json', 'router', '..%2Froutes.ts', '../routes.js', 'nope.js']) {
      const res = await fetch(`${server.url}${ASSETS}${path}`);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  });
});
