// Reads and validates a targets file (the labs of a room). Every problem names the lab, the field
// and the fix; values of secret fields are never echoed, only the names of variables they refer to.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { type LabProfile, loadConfig } from '../config.ts';
import { HarnessError, isHarnessError } from '../errors.ts';
import { redact } from '../redact.ts';
import { expandEnvRefs } from './env-refs.ts';
import { type FieldSpec, fieldForVariable, LAB_FIELDS, ref } from './fields.ts';
import { labEnvironment } from './lab-env.ts';
import type { LabTarget, TargetProblem, TargetsFile } from './types.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const GROUPS = new Set(['central', 'channels', 'channels.slack', 'channels.teams', 'pod']);
const TOP_LEVEL = ['labs', 'concurrency'];
const MAX_CONCURRENCY = 256;
const FILE = '(file)';

type Raw = Record<string, unknown>;
const isMapping = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ParsedTargets {
  targets?: TargetsFile;
  problems: TargetProblem[];
}

/** Reads the file; throws one HarnessError (TARGETS_INVALID) listing every problem. */
export function loadTargetsFile(path: string, env: NodeJS.ProcessEnv = process.env): TargetsFile {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const why =
      e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new HarnessError({
      code: 'TARGETS_INVALID',
      what: `Reading the targets file ${abs}`,
      cause: `the file ${why}`,
      fix: 'pass the path of a YAML file with a `labs:` list (see README, "Many labs at once")',
    });
  }
  const { targets, problems } = parseTargets(text, abs, env);
  if (targets === undefined || problems.length > 0) throw targetsError(abs, problems);
  return targets;
}

export function targetsError(path: string, problems: TargetProblem[]): HarnessError {
  const n = problems.length;
  return new HarnessError({
    code: 'TARGETS_INVALID',
    what: `Reading the targets file ${path} (${n} problem${n === 1 ? '' : 's'})`,
    cause: `\n${formatProblems(problems)}\n`,
    fix: 'correct the fields named above; nothing was run',
    details: { problems },
  });
}

/** One line per problem: `lab "room-01", central.token: ... (fix: ...)`. */
export function formatProblems(problems: readonly TargetProblem[]): string {
  return problems
    .map((p) => {
      const where = p.lab === FILE ? 'the file' : `lab "${p.lab}"`;
      return `  - ${where}, ${p.field}: ${p.problem} (fix: ${p.fix})`;
    })
    .join('\n');
}

export function parseTargets(
  text: string,
  path: string,
  env: NodeJS.ProcessEnv = process.env,
): ParsedTargets {
  const problems: TargetProblem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    // Only the position: the offending line could hold a secret written into the file.
    const at = err.linePos?.[0];
    problems.push({
      lab: FILE,
      field: at ? `line ${at.line}, column ${at.col}` : '(syntax)',
      problem: `not valid YAML (${err.code})`,
      fix: `correct the YAML there: indentation, and quotes around a value with ": ", " #", or a ${ref('VAR')} reference inside { } or [ ]`,
    });
    return { problems };
  }
  const root: unknown = doc.toJS();
  if (!isMapping(root)) {
    problems.push({
      lab: FILE,
      field: 'labs',
      problem: 'the file is not a mapping with a `labs:` list',
      fix: 'write `labs:` followed by one `- name: ...` entry per lab',
    });
    return { problems };
  }
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL.includes(key))
      problems.push({
        lab: FILE,
        field: key,
        problem: 'unknown top-level field',
        fix: `remove it${suggest(key, TOP_LEVEL)}; lab settings go inside an entry of \`labs:\``,
      });
  }
  let concurrency: number | undefined;
  if (root.concurrency !== undefined) {
    const c = root.concurrency;
    if (typeof c === 'number' && Number.isInteger(c) && c >= 1 && c <= MAX_CONCURRENCY) concurrency = c;
    else
      problems.push({
        lab: FILE,
        field: 'concurrency',
        problem: `${JSON.stringify(c)} is not a whole number from 1 to ${MAX_CONCURRENCY}`,
        fix: 'set e.g. `concurrency: 8`, or remove it for the default',
      });
  }
  const rawLabs = root.labs;
  if (!Array.isArray(rawLabs) || rawLabs.length === 0) {
    problems.push({
      lab: FILE,
      field: 'labs',
      problem: rawLabs === undefined ? 'missing' : 'not a non-empty list',
      fix: 'add `labs:` with one `- name: ...` entry per lab (`embedded: true` for a lab on this machine)',
    });
    return { problems };
  }

  const baseDir = dirname(path);
  const labs: LabTarget[] = [];
  const seen = new Map<string, number>();
  rawLabs.forEach((raw, index) => {
    const name = isMapping(raw) && typeof raw.name === 'string' ? raw.name : undefined;
    const first = name === undefined ? undefined : seen.get(name.toLowerCase());
    if (name !== undefined && first !== undefined) {
      problems.push({
        lab: name,
        field: 'name',
        problem: `the same name as labs[${first}] (names are compared ignoring case)`,
        fix: 'give every lab its own name: it names its Playwright project and its row in the summary',
      });
      return;
    }
    if (name !== undefined) seen.set(name.toLowerCase(), index);
    const lab = parseLab(raw, index, { baseDir, env, problems });
    if (lab !== undefined) labs.push(lab);
  });
  const targets: TargetsFile = { path, labs };
  if (concurrency !== undefined) targets.concurrency = concurrency;
  return { targets, problems };
}

interface LabContext {
  baseDir: string;
  env: NodeJS.ProcessEnv;
  problems: TargetProblem[];
}

function parseLab(raw: unknown, index: number, ctx: LabContext): LabTarget | undefined {
  const { problems } = ctx;
  if (!isMapping(raw)) {
    problems.push({
      lab: `labs[${index}]`,
      field: '(entry)',
      problem: 'not a mapping',
      fix: 'write each lab as `- name: ...` with its fields indented below',
    });
    return undefined;
  }
  const rawName = raw.name;
  const nameOk = typeof rawName === 'string' && NAME.test(rawName);
  const lab = nameOk ? rawName : `labs[${index}]`;
  const push = (field: string, problem: string, fix: string) => problems.push({ lab, field, problem, fix });
  const before = problems.length;
  if (!nameOk) {
    push(
      'name',
      rawName === undefined ? 'missing' : `${JSON.stringify(rawName)} is not a usable name`,
      'use 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit (e.g. room-01)',
    );
  }
  let embedded = false;
  if (raw.embedded !== undefined) {
    if (typeof raw.embedded === 'boolean') embedded = raw.embedded;
    else push('embedded', `${JSON.stringify(raw.embedded)} is not true or false`, 'write `embedded: true`');
  }

  const values = new Map<FieldSpec, unknown>();
  collect(raw, '', values, push);

  const settings: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [field, value] of values) {
    if (embedded && !field.embedded) {
      push(
        field.path,
        'set on an embedded lab, which makes its own cluster, Central and channels',
        'remove it, or set `embedded: false` to describe a real cluster',
      );
      continue;
    }
    const v = fieldValue(field, value, ctx, push);
    if (v === undefined) continue;
    settings[field.variable] = v;
    if (field.secret) secrets.push(v);
  }

  const profile = settings.LAB_PROFILE;
  if (profile !== undefined && profile !== 'default' && profile !== 'as-written') {
    push('profile', `"${profile}" is not a profile`, 'use `profile: default` or `profile: as-written`');
  }
  if (!embedded) requireClusterFields(values, push);

  const target: LabTarget = { name: lab, embedded, settings, secrets };
  if (embedded) target.profile = (profile as LabProfile | undefined) ?? 'default';
  // What src/config.ts would say about these settings, said in the file's terms.
  if (!embedded) {
    const reported = new Set(problems.slice(before).map((p) => p.field));
    crossCheck(target, ctx.env, (field, problem, fix) => {
      if (!reported.has(field)) push(field, problem, fix);
    });
  }
  return problems.length === before ? target : undefined;
}

type Push = (field: string, problem: string, fix: string) => void;

function collect(obj: Raw, prefix: string, out: Map<FieldSpec, unknown>, push: Push): void {
  for (const [key, value] of Object.entries(obj)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (prefix === '' && (key === 'name' || key === 'embedded')) continue;
    if (GROUPS.has(path)) {
      if (isMapping(value)) collect(value, path, out, push);
      else if (value !== null && value !== undefined)
        push(path, 'not a mapping', `indent its fields below \`${key}:\``);
      continue;
    }
    const field = LAB_FIELDS.find((f) => f.path === path);
    if (field === undefined) {
      const candidates = [
        ...LAB_FIELDS.map((f) => f.path),
        ...GROUPS,
        ...(prefix === '' ? ['name', 'embedded'] : []),
      ];
      push(path, 'unknown field', `remove it${suggest(path, candidates)}`);
      continue;
    }
    if (value !== null && value !== undefined) out.set(field, value);
  }
}

function fieldValue(field: FieldSpec, value: unknown, ctx: LabContext, push: Push): string | undefined {
  let text: string;
  if (typeof value === 'string') {
    const exp = expandEnvRefs(value, ctx.env);
    if (exp.malformed.length > 0) {
      push(
        field.path,
        `malformed reference ${exp.malformed.join(', ')}`,
        `write references as ${ref('NAME')} (letters, digits, underscores), and $$ for a literal $`,
      );
      return undefined;
    }
    if (exp.missing.length > 0) {
      const names = exp.missing.join(', ');
      push(
        field.path,
        `refers to ${names}, which ${exp.missing.length === 1 ? 'is' : 'are'} not set in the environment`,
        `export ${exp.missing.map((n) => `${n}=...`).join(' ')} before the run (in CI: from the secret store)`,
      );
      return undefined;
    }
    text = exp.value.trim();
  } else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else {
    push(field.path, 'not a single value', `set it to ${field.hint}`);
    return undefined;
  }
  const shown = field.secret ? 'the value' : JSON.stringify(text);
  if (text === '') {
    push(field.path, 'empty', `set it to ${field.hint}, or remove it`);
    return undefined;
  }
  switch (field.kind) {
    case 'boolean':
      if (text === 'true' || text === 'false') return text;
      push(field.path, `${shown} is not true or false`, `set it to ${field.hint}`);
      return undefined;
    case 'integer':
      if (/^\d+$/.test(text)) return text;
      push(field.path, `${shown} is not a whole number`, `set it to ${field.hint}`);
      return undefined;
    case 'url': {
      let ok = false;
      try {
        const u = new URL(text);
        ok = u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        ok = false;
      }
      if (ok) return text;
      push(field.path, `${shown} is not an http(s) URL`, `set it to ${field.hint}`);
      return undefined;
    }
    case 'path': {
      const abs = resolve(ctx.baseDir, text);
      if (existsSync(abs)) return abs;
      push(
        field.path,
        `file not found: ${abs}`,
        `set it to ${field.hint}; relative paths are read from the targets file's directory`,
      );
      return undefined;
    }
    default:
      return text;
  }
}

function requireClusterFields(values: Map<FieldSpec, unknown>, push: Push): void {
  const has = (path: string) => [...values.keys()].some((f) => f.path === path);
  if (!has('kubeconfig') && !has('context')) {
    push(
      'kubeconfig',
      'missing: a real cluster needs a kubeconfig or a context',
      'set `kubeconfig: <path>` (as written by `oc login`) or `context: <name>` of $KUBECONFIG; or `embedded: true`',
    );
  }
  if (!has('central.endpoint')) {
    push(
      'central.endpoint',
      'missing',
      "set it to Central's host:port, e.g. central-stackrox.apps.example.com:443",
    );
  }
  if (!has('central.token') && !has('central.tokenFile') && !has('central.adminPassword')) {
    push(
      'central.token',
      'no Central credentials (none of central.token, central.tokenFile, central.adminPassword)',
      `set \`token: ${ref('ROOM_TOKEN')}\` (an Admin API token, kept in the environment), \`tokenFile:\` or \`adminPassword:\``,
    );
  }
}

function crossCheck(lab: LabTarget, env: NodeJS.ProcessEnv, push: Push): void {
  try {
    loadConfig(labEnvironment(lab, env), {});
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    const found = (e.details?.problems ?? []) as { variable: string; cause: string; fix: string }[];
    for (const p of found) {
      const field = fieldForVariable(p.variable);
      // Run-wide settings (and the kubeconfig a context-only lab borrows) come from the environment.
      const fromEnv =
        field === undefined ||
        (lab.settings[p.variable] === undefined && (field.inherits === true || p.variable === 'KUBECONFIG'));
      push(fromEnv ? `${p.variable} (environment)` : field.path, redact(p.cause, lab.secrets), p.fix);
    }
  }
}

/** ", or did you mean `x`?" for a near miss (edit distance <= 2, or a case-only difference). */
function suggest(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : `, or did you mean \`${best}\`?`;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
