// The module as one typed model: which text is verified (a guide at its path, the module as written,
// or the built-in corrected copy), the integrations it creates, its policy and CR, the pod and the
// shell command, and the guide's steps with what checks each (or why nothing does). Verify, check
// and solve read the module's names from here and nowhere else.

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { HarnessError } from '../errors.ts';
import { cite, extractModule, type GuideModule, type IntegrationType } from './guide/extract.ts';
import { topSection } from './guide/integrations.ts';
import { parseGuide } from './guide/parse.ts';
import type { Guide } from './guide/types.ts';

export type { IntegrationType } from './guide/extract.ts';

export const BUILT_IN_CR_FILE = 'module/no-bash-allowed.yaml';
export const AS_WRITTEN_CR_FILE = 'module/no-bash-allowed.as-written.yaml';
/** The field manager of every object the harness applies: how its own objects are told apart. */
export const FIELD_MANAGER = 'rhacs-notifications-harness';

export type ModuleText =
  | { kind: 'guide'; path: string }
  | { kind: 'as-written'; crFile: string }
  | { kind: 'built-in'; crFile: string };

export interface ModuleIntegration {
  type: IntegrationType;
  name: string;
  /** The guide says the integration may be skipped. */
  optional: boolean;
  /** `file:line` of the Integration Name field, for a guide. */
  at?: string;
  /** `file:line` of the sentence that makes it optional. */
  optionalAt?: string;
  /** The guide's section that creates it. */
  section?: GuideSection;
}

/** A top-level section of the guide: its title and `file:line`. */
export interface GuideSection {
  title: string;
  at: string;
}

export interface ModuleStep {
  text: string;
  at: string;
  /** What verifies the step. */
  checks: 'integration' | 'policy' | 'cr' | 'exec' | 'alert';
  subject?: string;
}

export interface UncheckedStep {
  text: string;
  at: string;
  why: string;
}

export interface ModuleModel {
  text: ModuleText;
  /** One line naming the text that was verified: the summary's headline says it. */
  headline: string;
  integrations: ModuleIntegration[];
  policy: { name: string; at?: string; section?: GuideSection };
  /** The SecurityPolicy CR exactly as the text has it (its YAML parsed). */
  cr: {
    name: string;
    /** `-n` of the apply command or metadata.namespace; absent when the text names none. */
    namespace?: string;
    object: Record<string, unknown>;
    /** Where it comes from: `file:line` of the heredoc, or the YAML file. */
    at: string;
    applyCommand: string;
    /** The YAML text, and the file and line its first line is at (to cite a field's line). */
    yaml: string;
    yamlFile: string;
    yamlLine: number;
  };
  pod: { namespace: string; selector: string; at?: string };
  exec: { containerCommand: string[]; at?: string; section?: GuideSection };
  sampleOutput?: { text: string; at: string };
  steps: ModuleStep[];
  unchecked: UncheckedStep[];
  /** A guide's `role=execute` blocks the harness runs verbatim: the CR's, and the pod lookup with the exec. */
  blocks: { cr?: ExecuteBlock; exec?: ExecuteBlock };
}

export interface ExecuteBlock {
  /** What Showroom pastes into the terminal (the pod lookup and the exec together when they are two blocks). */
  body: string;
  at: string;
}

/** Where the pod is when the text does not say (POD_NAMESPACE, POD_SELECTOR). */
export interface ModuleDefaults {
  pod: { namespace: string; selector: string };
}

export interface ModuleSource {
  /** MODULE_GUIDE / --guide: the guide's AsciiDoc. */
  guide?: string;
  /** The built-in copy's CR file (MODULE_CR_FILE, or the profile's). */
  crFile: string;
  profile: 'default' | 'as-written';
}

const BUILT_IN_NAMES = {
  policy: 'No bash allowed',
  integrations: [
    { type: 'slack', name: 'slack-alerts', optional: false },
    { type: 'teams', name: 'teams-alerts', optional: false },
  ] satisfies ModuleIntegration[],
  containerCommand: ['/bin/bash'],
};

export function loadModule(source: ModuleSource, defaults: ModuleDefaults): ModuleModel {
  return source.guide === undefined
    ? builtInModule(source, defaults)
    : moduleFromGuide(source.guide, defaults);
}

export function moduleFromGuide(path: string, defaults: ModuleDefaults): ModuleModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new HarnessError({
      code: 'GUIDE_UNREADABLE',
      what: `Reading the module guide ${path}`,
      cause: err instanceof Error ? err.message : String(err),
      fix: 'Point MODULE_GUIDE (or --guide) at the module AsciiDoc, e.g. content/modules/ROOT/pages/07-acs-notifications.adoc',
    });
  }
  const parsed = parseGuide(text, path);
  const guide = extractModule(parsed);
  const at = (line: number) => cite(path, line);
  const sectionOf = (index: number | undefined): { section?: GuideSection } => {
    const top = parsed.sections[topSection(parsed, index) ?? -1];
    return top ? { section: { title: top.title, at: at(top.line) } } : {};
  };
  const blockSection = (line: number) =>
    sectionOf(parsed.blocks.find((b) => b.firstLine <= line && line <= b.lastLine)?.section);
  const object = yamlObject(guide.cr.yaml, at(guide.cr.yamlLine));
  const podNamespace = guide.podCommand.namespace ?? guide.execCommand.namespace ?? defaults.pod.namespace;
  const unchecked = guide.unchecked.map((u) => ({ text: u.text, at: at(u.line), why: u.why }));
  if (guide.podCommand.namespace === undefined && guide.execCommand.namespace === undefined) {
    unchecked.push({
      text: guide.podCommand.command,
      at: at(guide.podCommand.line),
      why: `the command names no namespace (it runs in the terminal's current project); the harness looks in ${defaults.pod.namespace} (POD_NAMESPACE)`,
    });
  }
  return {
    text: { kind: 'guide', path },
    headline: `the guide ${path}`,
    integrations: guide.integrations.map((i) => ({
      type: i.type,
      name: i.name,
      optional: i.optional,
      at: at(i.line),
      ...(i.optionalLine === undefined ? {} : { optionalAt: at(i.optionalLine) }),
      ...sectionOf(i.section),
    })),
    policy: { name: guide.policy.name, at: at(guide.policy.line), ...blockSection(guide.cr.yamlLine) },
    cr: {
      name: guide.cr.metadataName,
      ...(guide.cr.namespace === undefined ? {} : { namespace: guide.cr.namespace }),
      object,
      at: at(guide.cr.line),
      applyCommand: guide.cr.applyCommand,
      yaml: guide.cr.yaml,
      yamlFile: path,
      yamlLine: guide.cr.yamlLine,
    },
    pod: { namespace: podNamespace, selector: guide.podCommand.selector, at: at(guide.podCommand.line) },
    exec: {
      containerCommand: guide.execCommand.containerCommand,
      at: at(guide.execCommand.line),
      ...blockSection(guide.execCommand.line),
    },
    ...(guide.sampleOutput
      ? { sampleOutput: { text: guide.sampleOutput.text, at: at(guide.sampleOutput.line) } }
      : {}),
    steps: guide.checked.map((s) => ({
      text: s.text,
      at: at(s.line),
      checks: s.checks,
      ...(s.subject === undefined ? {} : { subject: s.subject }),
    })),
    unchecked: unchecked.sort((a, b) => lineOf(a.at) - lineOf(b.at)),
    blocks: guideBlocks(parsed, guide, at),
  };
}

function guideBlocks(parsed: Guide, guide: GuideModule, at: (line: number) => string): ModuleModel['blocks'] {
  const holding = (line: number) => parsed.blocks.find((b) => b.firstLine <= line && line <= b.lastLine);
  const crBlock = parsed.blocks[guide.cr.block];
  const podBlock = holding(guide.podCommand.line);
  const execBlock = holding(guide.execCommand.line);
  const blocks: ModuleModel['blocks'] = {};
  if (crBlock) blocks.cr = { body: crBlock.body, at: at(crBlock.firstLine) };
  if (execBlock) {
    const body = podBlock && podBlock !== execBlock ? `${podBlock.body}\n${execBlock.body}` : execBlock.body;
    blocks.exec = { body, at: at((podBlock ?? execBlock).firstLine) };
  }
  return blocks;
}

export function builtInModule(source: ModuleSource, defaults: ModuleDefaults): ModuleModel {
  const yaml = readText(projectPath(source.crFile));
  const object = yamlObject(yaml, source.crFile);
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const asWritten = source.profile === 'as-written';
  return {
    text: asWritten
      ? { kind: 'as-written', crFile: source.crFile }
      : { kind: 'built-in', crFile: source.crFile },
    headline: asWritten
      ? `the module as written (built-in copy, CR ${source.crFile})`
      : `the built-in corrected copy (CR ${source.crFile}), not the module as written`,
    integrations: BUILT_IN_NAMES.integrations,
    policy: { name: typeof spec.policyName === 'string' ? spec.policyName : BUILT_IN_NAMES.policy },
    cr: {
      name: typeof metadata.name === 'string' ? metadata.name : 'no-bash-allowed',
      // The module applies its CR with `oc apply -n stackrox` (notifications.txt).
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : 'stackrox',
      object,
      at: source.crFile,
      applyCommand: `oc apply -n stackrox -f ${source.crFile}`,
      yaml,
      yamlFile: source.crFile,
      yamlLine: 1,
    },
    pod: defaults.pod,
    exec: { containerCommand: BUILT_IN_NAMES.containerCommand },
    steps: [],
    unchecked: [],
    blocks: {},
  };
}

/** `file:line` of a CR field such as `spec.SORTName` (its key's first line in the YAML), when found. */
export function crFieldAt(model: Pick<ModuleModel, 'cr'>, field: string): string | undefined {
  const key = field
    .replace(/\[\d+\]/g, '')
    .split('.')
    .at(-1);
  if (!key) return undefined;
  const keyLine = new RegExp(`^\\s*(?:- )?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`);
  const index = model.cr.yaml.split('\n').findIndex((line) => keyLine.test(line));
  return index === -1 ? undefined : cite(model.cr.yamlFile, model.cr.yamlLine + index);
}

/** The module's integration of a type, if the text creates one. */
export function integrationOf(model: ModuleModel, type: IntegrationType): ModuleIntegration | undefined {
  return model.integrations.find((i) => i.type === type);
}

/**
 * The integrations the policy must notify: the text's, less the optional ones nobody created (the
 * guide lets the student skip them, so neither the CR nor the policy can name them).
 */
export function wantedIntegrations(
  model: Pick<ModuleModel, 'integrations'>,
  existing: readonly { name: string; type: string }[],
): ModuleIntegration[] {
  return model.integrations.filter(
    (i) => !i.optional || existing.some((n) => n.name === i.name && n.type === i.type),
  );
}

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A relative CR file is looked up in the working directory, then in the project (check and solve run from anywhere). */
function projectPath(path: string): string {
  if (isAbsolute(path) || existsSync(path)) return path;
  const inProject = resolve(PROJECT_ROOT, path);
  return existsSync(inProject) ? inProject : path;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new HarnessError({
      code: 'CR_FILE_UNREADABLE',
      what: `Reading the SecurityPolicy file ${path}`,
      cause: err instanceof Error ? err.message : String(err),
      fix: 'Set MODULE_CR_FILE to the YAML file of the module (module/no-bash-allowed.as-written.yaml is the module verbatim)',
    });
  }
}

function yamlObject(text: string, where: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new HarnessError({
      code: 'CR_FILE_INVALID',
      what: `Reading the SecurityPolicy at ${where}`,
      cause: err instanceof Error ? err.message.split('\n')[0]! : String(err),
      fix: 'Fix the YAML (indentation is the usual culprit): oc apply would refuse it the same way',
    });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new HarnessError({
      code: 'CR_FILE_INVALID',
      what: `Reading the SecurityPolicy at ${where}`,
      cause: 'it does not hold one YAML object',
      fix: 'Put exactly one SecurityPolicy document there',
    });
  }
  return doc as Record<string, unknown>;
}

function lineOf(at: string): number {
  return Number(at.slice(at.lastIndexOf(':') + 1)) || 0;
}

/** The model a run verifies, from its settings: the guide when MODULE_GUIDE is set, else the built-in copy. */
export function moduleOfConfig(config: {
  moduleGuide?: string;
  moduleCrFile: string;
  profile: 'default' | 'as-written';
  pod: { namespace: string; selector: string };
}): ModuleModel {
  return loadModule(
    {
      ...(config.moduleGuide === undefined ? {} : { guide: config.moduleGuide }),
      crFile: config.moduleCrFile,
      profile: config.profile,
    },
    { pod: config.pod },
  );
}
