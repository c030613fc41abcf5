// The SecurityPolicy CR the guide applies with a heredoc (`cat <<EOF | oc apply -n stackrox -f -`).
// Heredoc rules: POSIX Shell Command Language 2.7.4 (the body ends at a line holding only the
// delimiter; `<<-` also strips leading tabs). The CR's shape: config.stackrox.io/v1alpha1
// SecurityPolicy (stackrox/config-controller/api/v1alpha1/securitypolicy_types.go).

import { isMap, isScalar, parseDocument } from 'yaml';
import { HarnessError } from '../../errors.ts';
import { flagValue, kubeCommandWords } from './shell-words.ts';
import type { SourceBlock } from './types.ts';

export interface GuideCr {
  /** The heredoc body verbatim: what `oc apply` receives. */
  yaml: string;
  /** The line of the apply command that opens the heredoc. */
  line: number;
  /** The first line of the YAML in the guide; YAML line k is guide line yamlLine + k - 1. */
  yamlLine: number;
  applyCommand: string;
  /** From `-n`/`--namespace`, else the CR's metadata.namespace; absent when neither names one. */
  namespace?: string;
  metadataName: string;
  policyName: string;
  /** The guide line of `policyName:`. */
  policyNameLine: number;
  /** Index of the block in `Guide.blocks`. */
  block: number;
}

interface Heredoc {
  command: string;
  commandLine: number;
  delimiter: string;
  body: string[];
  bodyLine: number;
  terminated: boolean;
}

const HEREDOC = /<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/;

/** The heredocs of an execute block that feed `oc apply`/`kubectl apply`/`create`. */
function appliedHeredocs(block: SourceBlock): Heredoc[] {
  const lines = block.body.split('\n');
  const found: Heredoc[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = HEREDOC.exec(line);
    if (!heredoc || !/\b(?:oc|kubectl)\s+(?:apply|create)\b/.test(line)) continue;
    const [, stripTabs, , delimiter = ''] = heredoc;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const candidate = stripTabs ? lines[j]!.replace(/^\t+/, '') : lines[j]!;
      if (candidate === delimiter) break;
      body.push(candidate);
    }
    found.push({
      command: line,
      commandLine: block.firstLine + i,
      delimiter,
      body,
      bodyLine: block.firstLine + i + 1,
      terminated: j < lines.length,
    });
    i = j;
  }
  return found;
}

/** Reads every SecurityPolicy the guide's execute blocks apply; a heredoc of another kind is left out. */
export function readCrs(file: string, blocks: SourceBlock[]): GuideCr[] {
  const crs: GuideCr[] = [];
  blocks.forEach((block, index) => {
    if (!block.execute) return;
    for (const heredoc of appliedHeredocs(block)) {
      const cr = readCr(file, heredoc, index);
      if (cr) crs.push(cr);
    }
  });
  return crs;
}

function readCr(file: string, heredoc: Heredoc, block: number): GuideCr | undefined {
  const at = (line: number) => `${file}:${line}`;
  const what = `Reading the SecurityPolicy applied at ${at(heredoc.commandLine)}`;
  if (!heredoc.terminated) {
    throw new HarnessError({
      code: 'GUIDE_CR_UNTERMINATED',
      what,
      cause: `${at(heredoc.commandLine)}: the heredoc is never closed by a line holding only ${heredoc.delimiter}`,
      fix: `End the YAML with a line holding exactly ${heredoc.delimiter}, before the block's closing ----`,
    });
  }
  const yaml = heredoc.body.join('\n');
  const document = parseDocument(yaml);
  const lineOf = (offset: number) => heredoc.bodyLine + yaml.slice(0, offset).split('\n').length - 1;
  const [error] = document.errors;
  if (error) {
    const line = heredoc.bodyLine + (error.linePos?.[0].line ?? 1) - 1;
    throw new HarnessError({
      code: 'GUIDE_CR_INVALID',
      what,
      cause: `${at(line)}: the YAML does not parse: ${error.message.split('\n')[0]}`,
      fix: `Correct the YAML at ${at(line)} (indentation and quotes as in the CRD example); check it with \`oc apply --dry-run=client -f -\``,
    });
  }
  const root = document.toJS() as unknown;
  if (!isRecord(root) || root.kind !== 'SecurityPolicy') return undefined;
  const policyName = document.getIn(['spec', 'policyName'], true);
  const metadataName = document.getIn(['metadata', 'name']);
  if (!isScalar(policyName) || typeof policyName.value !== 'string' || typeof metadataName !== 'string') {
    throw new HarnessError({
      code: 'GUIDE_CR_INVALID',
      what,
      cause: `${at(heredoc.bodyLine)}: the SecurityPolicy has no ${typeof metadataName === 'string' ? 'spec.policyName' : 'metadata.name'}`,
      fix: 'Give the CR a metadata.name and a spec.policyName (the name the console shows), as the CRD requires',
    });
  }
  const words = kubeCommandWords(heredoc.command) ?? [];
  const metadata = document.get('metadata');
  const namespace =
    flagValue(words, '-n', '--namespace') ??
    (isMap(metadata) && typeof metadata.get('namespace') === 'string'
      ? (metadata.get('namespace') as string)
      : undefined);
  return {
    yaml,
    line: heredoc.commandLine,
    yamlLine: heredoc.bodyLine,
    applyCommand: heredoc.command,
    ...(namespace === undefined ? {} : { namespace }),
    metadataName,
    policyName: policyName.value,
    policyNameLine: lineOf(policyName.range?.[0] ?? 0),
    block,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
