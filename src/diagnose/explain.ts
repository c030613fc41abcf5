// Turns a failed step's error plus the evidence collected before cleanup into an explanation a lab
// author can act on: what failed, what Central and the receivers recorded, which module finding it is.

import type {
  AdministrationEvent,
  ListAlert,
  Notifier,
  Policy,
  SecurityPolicyStatus,
} from '../../types/rhacs.ts';
import type { ChannelMessage, FlowRun } from '../channels/types.ts';
import { describeError, HarnessError } from '../errors.ts';
import { detectStrictDecoding } from './detect-policy.ts';
import type { Finding } from './finding.ts';
import { finding } from './finding.ts';
import { redactEventMessage } from './notifier-events.ts';
import { webhookRefusal } from './webhook-refusal.ts';

export interface FailureEvidence {
  notifiers?: Notifier[];
  adminEvents?: AdministrationEvent[];
  messages?: ChannelMessage[];
  runs?: FlowRun[];
  policy?: Policy | null;
  crStatus?: SecurityPolicyStatus | null;
  alerts?: ListAlert[];
}

export interface Explanation {
  /** One paragraph per line: the error, then what the evidence adds. */
  text: string;
  findings: Finding[];
}

function notifierEvents(
  events: AdministrationEvent[],
  notifier: Notifier | undefined,
): AdministrationEvent[] {
  return events.filter(
    (e) =>
      e.level === 'ADMINISTRATION_EVENT_LEVEL_ERROR' &&
      e.resource.type === 'Notifier' &&
      (notifier === undefined || e.resource.id === notifier.id || e.resource.name === notifier.name),
  );
}

function describeEvent(e: AdministrationEvent): string {
  const times =
    Number(e.numOccurrences) > 1
      ? ` (${e.numOccurrences} times, last at ${e.lastOccurredAt})`
      : ` at ${e.lastOccurredAt}`;
  // A transport error quotes the webhook URL: masked before it is shortened.
  const shown = redactEventMessage(e.message, []).replace(/\s+/g, ' ').slice(0, 300);
  const line = `Central recorded for notifier "${e.resource.name}"${times}: ${shown}`;
  const refusal = webhookRefusal(e.message);
  return refusal
    ? `${line}\nThe webhook answered ${refusal.code}: ${refusal.meaning}. Fix: ${refusal.fix}`
    : line;
}

/** The channel a wait was for: from the error's details, or from its text once serialized (reports). */
function channelOf(error: unknown): 'slack' | 'teams' | undefined {
  if (error instanceof HarnessError) {
    const c = error.details?.channel;
    if (c === 'slack' || c === 'teams') return c;
  }
  const text = error instanceof Error ? error.message : String(error ?? '');
  const m = /Waiting for (Slack|Teams)\b/.exec(text);
  return m ? (m[1]?.toLowerCase() as 'slack' | 'teams') : undefined;
}

export function explainFailure(error: unknown, evidence: FailureEvidence = {}): Explanation {
  const lines = [describeError(error)];
  const findings: Finding[] = [];

  const f1 = detectStrictDecoding(error);
  if (f1) findings.push(f1);

  const channel = channelOf(error);
  const notifiers = evidence.notifiers ?? [];
  const events = evidence.adminEvents ?? [];
  if (channel) {
    const notifier = notifiers.find((n) => n.type === channel);
    if (!notifier) {
      lines.push(
        `Central has no ${channel} notifier at all: create it first (scenario 0${channel === 'slack' ? 1 : 2}).`,
      );
    } else if (evidence.policy && !evidence.policy.notifiers.includes(notifier.id)) {
      lines.push(
        `Central's policy "${evidence.policy.name}" does not list notifier "${notifier.name}" (it lists ${
          evidence.policy.notifiers.length === 0 ? 'none' : evidence.policy.notifiers.join(', ')
        }): no alert is sent there.${evidence.policy.source === 'DECLARATIVE' ? ' The policy is CR-managed: add it to spec.notifiers.' : ''}`,
      );
    }
    const recorded = notifierEvents(events, notifier);
    for (const e of recorded.slice(0, 3)) lines.push(describeEvent(e));
    if (notifier && recorded.length === 0)
      lines.push(`Central recorded no delivery error for "${notifier.name}".`);
  } else {
    for (const e of notifierEvents(events, undefined).slice(0, 3)) lines.push(describeEvent(e));
  }

  const failedRuns = (evidence.runs ?? []).filter((r) => r.status === 'Failed');
  if (failedRuns.length > 0 && (channel === 'teams' || channel === undefined)) {
    const run = failedRuns[failedRuns.length - 1];
    if (run) {
      lines.push(`Teams flow run ${run.id} failed: ${run.error ?? 'no error text'}`);
      findings.push(
        finding(
          'F5',
          `The Teams webhook accepted the post (202) and flow run ${run.id} then failed: ${run.error ?? 'no error text'}`,
        ),
      );
    }
  }

  const failed = evidence.crStatus?.conditions?.find((c) => c.status === 'False');
  if (failed) lines.push(`The SecurityPolicy CR reports ${failed.type}=False: ${failed.message}`);
  if (failed?.message.includes('does not exist')) {
    lines.push(
      'Create the notifiers before applying a CR that names them (scenarios 01 and 02), then re-apply.',
    );
  }

  for (const f of findings) lines.push(`Module finding ${f.id}: ${f.title}. Fix: ${f.fix}`);
  return { text: lines.join('\n'), findings };
}
