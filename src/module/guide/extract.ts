// extractModule: what a guide asks the student to build, read from its parsed text: the integrations
// and their types, the policy, the SecurityPolicy CR, the pod and exec commands, the sample output.
// Every step is either checked (with what checks it) or listed as unchecked with its line and why;
// nothing the reader sees is dropped. The step-to-check mapping is the reader's own heuristic (a guess,
// documented per rule below), not a StackRox behaviour.

import { HarnessError } from '../../errors.ts';
import { type GuideCr, readCrs } from './cr.ts';
import { type GuideIntegration, readIntegrations, topSection } from './integrations.ts';
import { flagValue, kubeCommandWords } from './shell-words.ts';
import type { Guide, Step } from './types.ts';

export type { GuideCr } from './cr.ts';
export type { GuideIntegration, IntegrationType } from './integrations.ts';

export interface GuidePolicy {
  /** spec.policyName of the CR: the name the console shows and the notifiers are attached to. */
  name: string;
  line: number;
  /** Lines of the steps that name the policy. */
  mentions: number[];
}

export interface GuidePodCommand {
  command: string;
  namespace?: string;
  selector: string;
  line: number;
}

export interface GuideExecCommand {
  command: string;
  namespace?: string;
  /** The words after `--`: what runs in the container. */
  containerCommand: string[];
  line: number;
}

export interface GuideSampleOutput {
  text: string;
  /** The first line of the output in the guide. */
  line: number;
}

export type CheckKind = 'integration' | 'policy' | 'cr' | 'exec' | 'alert';

export interface CheckedStep {
  line: number;
  number: number;
  text: string;
  checks: CheckKind;
  /** The integration name or policy name the step is checked through. */
  subject?: string;
}

export interface UncheckedItem {
  line: number;
  text: string;
  why: string;
}

export interface GuideModule {
  file: string;
  title: string;
  integrations: GuideIntegration[];
  policy: GuidePolicy;
  cr: GuideCr;
  podCommand: GuidePodCommand;
  execCommand: GuideExecCommand;
  sampleOutput?: GuideSampleOutput;
  checked: CheckedStep[];
  unchecked: UncheckedItem[];
}

/** `file:line`, the form every step and finding cites. */
export function cite(file: string, line: number): string {
  return `${file}:${line}`;
}

const CHANNEL_APPS = { slack: 'Slack', teams: 'Microsoft Teams', generic: 'the receiving endpoint' } as const;
// The hand-over from the channel's own app to RHACS: from this step on, an integration section's
// steps are what the harness verifies through the integration (guess: the module's wording).
const RHACS_SIDE = /\bRHACS\b|platform configurations?|\bintegrations?\b/i;
const POLICY_STEP = /\bpolic(?:y|ies)\b|\bnotifiers?\b/i;
const ALERT_REVIEW =
  /\breview\b.*\b(?:channel|alert)s?\b|\balert\b.*\b(?:slack|teams|channel|webhook)\b|\bwebhook\.site\b.*\balert\b/i;

export function extractModule(guide: Guide): GuideModule {
  const { file } = guide;
  const unchecked: UncheckedItem[] = [];
  const { typed, untyped } = readIntegrations(guide);
  for (const integration of untyped) {
    unchecked.push({
      line: integration.line,
      text: `Integration Name: ${integration.name}`,
      why: integration.seen
        ? `"${integration.seen}" (${cite(file, integration.seenLine!)}) is not an integration type the harness verifies (Slack, Microsoft Teams, Generic Webhook)`
        : 'no tile or section names its type (Slack, Microsoft Teams, Generic Webhook)',
    });
  }
  const integrations = uniqueIntegrations(file, typed);
  const cr = theCr(guide);
  const mentions = guide.steps.filter((step) => step.text.includes(cr.policyName)).map((step) => step.line);
  const policy: GuidePolicy = { name: cr.policyName, line: cr.policyNameLine, mentions };
  const commands = readCommands(guide);
  const sampleOutput = pickSampleOutput(guide, commands.execBlock, unchecked);

  const checked: CheckedStep[] = [];
  guide.steps.forEach((step, index) => {
    const check = checkFor(guide, step, index, { integrations, cr, execBlock: commands.execBlock });
    if (check) checked.push({ line: step.line, number: step.number, text: step.text, ...check });
    else unchecked.push({ line: step.line, text: step.text, why: whyUnchecked(guide, step, integrations) });
  });
  guide.blocks.forEach((block, index) => {
    if (block.execute && index !== cr.block && index !== commands.execBlock) {
      unchecked.push({
        line: block.line,
        text: firstLine(block.body),
        why: 'an execute block the harness does not recognise: it can run it verbatim but has nothing to compare its result with',
      });
    }
  });
  for (const include of guide.includes) {
    unchecked.push({
      line: include.line,
      text: `include::${include.target}[]`,
      why: 'the reader does not follow include:: (Antora resolves it); what it brings in is not verified',
    });
  }
  for (const attribute of guide.unresolvedAttributes) {
    unchecked.push({
      line: attribute.line,
      text: `{${attribute.name}}`,
      why: `the attribute ${attribute.name} is not defined (Antora's antora.yml defines site attributes); the text keeps it as written`,
    });
  }
  unchecked.sort((a, b) => a.line - b.line);
  return {
    file,
    title: guide.title,
    integrations,
    policy,
    cr,
    podCommand: commands.pod,
    execCommand: commands.exec,
    ...(sampleOutput ? { sampleOutput } : {}),
    checked,
    unchecked,
  };
}

function uniqueIntegrations(file: string, integrations: GuideIntegration[]): GuideIntegration[] {
  if (integrations.length === 0) {
    throw new HarnessError({
      code: 'GUIDE_NO_INTEGRATION',
      what: `Reading the integrations of ${file}`,
      cause:
        'no step fills in an "Integration Name" under a Slack, Microsoft Teams or Generic Webhook tile or section',
      fix: 'Name each integration in a step or item such as `* **Integration Name:** Enter: **slack-alerts**`',
    });
  }
  const seen = new Map<string, GuideIntegration>();
  for (const integration of integrations) {
    const first = seen.get(integration.name);
    if (first) {
      throw new HarnessError({
        code: 'GUIDE_INTEGRATION_DUPLICATE',
        what: `Reading the integrations of ${file}`,
        cause: `${cite(file, integration.line)} names the integration ${integration.name} that ${cite(file, first.line)} already creates (Central requires unique notifier names)`,
        fix: 'Give each integration its own name',
      });
    }
    seen.set(integration.name, integration);
  }
  return integrations;
}

function theCr(guide: Guide): GuideCr {
  const crs = readCrs(guide.file, guide.blocks);
  const [cr, second] = crs;
  if (!cr) {
    throw new HarnessError({
      code: 'GUIDE_CR_MISSING',
      what: `Reading the SecurityPolicy of ${guide.file}`,
      cause: 'no [source,sh,role=execute] block applies a SecurityPolicy with a heredoc',
      fix: 'Add the policy as `cat <<EOF | oc apply -n stackrox -f -` ... `EOF` in a [source,sh,role=execute] block',
    });
  }
  if (second) {
    throw new HarnessError({
      code: 'GUIDE_CR_DUPLICATE',
      what: `Reading the SecurityPolicy of ${guide.file}`,
      cause: `two SecurityPolicy CRs are applied, at ${cite(guide.file, cr.line)} and ${cite(guide.file, second.line)}; the harness verifies one policy`,
      fix: 'Keep one SecurityPolicy block (the module attaches its notifiers to one policy)',
    });
  }
  return cr;
}

interface Commands {
  pod: GuidePodCommand;
  exec: GuideExecCommand;
  execBlock: number;
}

/** The first execute block with `oc exec`, and the `oc get pod` that finds its pod (same block or earlier). */
function readCommands(guide: Guide): Commands {
  let pod: GuidePodCommand | undefined;
  for (const [index, block] of guide.blocks.entries()) {
    if (!block.execute) continue;
    for (const [offset, line] of block.body.split('\n').entries()) {
      const words = kubeCommandWords(line);
      if (!words) continue;
      const lineNumber = block.firstLine + offset;
      if (words[1] === 'get' && /^pods?$/.test(words[2] ?? '')) {
        const selector = flagValue(words, '-l', '--selector');
        if (selector !== undefined)
          pod = { command: line, ...namespaceOf(words), selector, line: lineNumber };
      } else if (words[1] === 'exec') {
        if (!pod) {
          throw new HarnessError({
            code: 'GUIDE_POD_COMMAND_MISSING',
            what: `Reading the shell step of ${guide.file}`,
            cause: `${cite(guide.file, lineNumber)} runs oc exec, but no execute block before it finds the pod with \`oc get pod -l <label>\``,
            fix: 'Find the pod first, e.g. POD=$(oc get pod -n payments -l app=visa-processor -o jsonpath="{.items[0].metadata.name}")',
          });
        }
        const dashes = words.indexOf('--');
        const exec: GuideExecCommand = {
          command: line,
          ...namespaceOf(words),
          containerCommand: dashes === -1 ? [] : words.slice(dashes + 1),
          line: lineNumber,
        };
        return { pod, exec, execBlock: index };
      }
    }
  }
  throw new HarnessError({
    code: 'GUIDE_EXEC_MISSING',
    what: `Reading the shell step of ${guide.file}`,
    cause: 'no [source,sh,role=execute] block runs `oc exec` into the workload',
    fix: 'Add the step that opens a shell in the pod: `oc exec $POD -n payments -i --tty -- /bin/bash`',
  });
}

function namespaceOf(words: string[]): { namespace?: string } {
  const namespace = flagValue(words, '-n', '--namespace');
  return namespace === undefined ? {} : { namespace };
}

function pickSampleOutput(
  guide: Guide,
  execBlock: number,
  unchecked: UncheckedItem[],
): GuideSampleOutput | undefined {
  const chosen = guide.sampleOutputs.find((output) => output.after === execBlock) ?? guide.sampleOutputs[0];
  for (const output of guide.sampleOutputs) {
    if (output === chosen) continue;
    unchecked.push({
      line: output.line,
      text: firstLine(output.text),
      why: 'sample output of another command: the harness compares only the shell step’s output',
    });
  }
  return chosen && { text: chosen.text, line: chosen.firstLine };
}

interface Known {
  integrations: GuideIntegration[];
  cr: GuideCr;
  execBlock: number;
}

function checkFor(
  guide: Guide,
  step: Step,
  index: number,
  known: Known,
): Pick<CheckedStep, 'checks' | 'subject'> | undefined {
  const top = topSection(guide, step.section);
  const integration = known.integrations.find((i) => i.section === top);
  if (integration && handedOverToRhacs(guide, index, top)) {
    return { checks: 'integration', subject: integration.name };
  }
  if (integration) return undefined;
  // Policy steps are those of the section that applies the CR (guess: the module keeps them together).
  const policySection = topSection(guide, guide.blocks[known.cr.block]!.section);
  if (top === policySection && POLICY_STEP.test(step.text) && !ALERT_REVIEW.test(step.text)) {
    return { checks: 'policy', subject: known.cr.policyName };
  }
  const block = guide.blocks.findIndex((b) => b.step === index && b.execute);
  if (block !== -1 && block === known.cr.block) return { checks: 'cr', subject: known.cr.metadataName };
  if (block !== -1 && block === known.execBlock) return { checks: 'exec' };
  if (ALERT_REVIEW.test(step.text)) return { checks: 'alert' };
  return undefined;
}

/** True from the first step of the integration's section that turns to RHACS. */
function handedOverToRhacs(guide: Guide, index: number, top: number | undefined): boolean {
  for (let i = index; i >= 0; i--) {
    const earlier = guide.steps[i]!;
    if (topSection(guide, earlier.section) !== top) return false;
    if (RHACS_SIDE.test(earlier.text)) return true;
  }
  return false;
}

function whyUnchecked(guide: Guide, step: Step, integrations: GuideIntegration[]): string {
  const top = topSection(guide, step.section);
  const integration = integrations.find((i) => i.section === top);
  if (integration) {
    return `done outside RHACS (in ${CHANNEL_APPS[integration.type]}) before the integration is created; the harness checks the ${integration.name} integration it leads to, not this step`;
  }
  return 'no check in the harness matches this step';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
