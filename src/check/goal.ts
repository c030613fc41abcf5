// One line of the student's checklist.

import type { GoalId } from '../module/steps.ts';
import { MODULE_NAMES, type ModuleNames } from './state.ts';

export type { GoalId } from '../module/steps.ts';

/**
 * ok: done. fail: not done (the hint says what to do). unverified: could not be proven either way.
 * skipped: the text makes the step optional and it was not done.
 */
export type GoalStatus = 'ok' | 'fail' | 'unverified' | 'skipped';

export interface GoalResult {
  id: GoalId;
  /** The goal in the student's words; stable whatever the outcome. */
  title: string;
  status: GoalStatus;
  /** What was found, one short sentence. */
  detail: string;
  /** For a miss: what to do, in plain language. For a pass: an optional caution. */
  hint?: string;
  /** The module finding (module-findings.md) the miss or caution is about, e.g. 'F3'. */
  finding?: string;
  /**
   * What the verdict rests on, when it is less than proof: 'webhook-host' is a URL on a host that is
   * not the vendor's, which check cannot tell from a relay set up on purpose.
   */
  basis?: 'webhook-host';
  /**
   * Goals provided by an earlier module: on a lab that starts after module 3 they pass before this
   * module's steps are done, so the author-test proves them failing on a fresh lab instead.
   */
  prerequisite?: boolean;
}

/** Each goal's title, in the module's own names (the guide's, or the built-in copy's). */
export function goalTitles(names: ModuleNames): Record<GoalId, string> {
  return {
    'slack-notifier': `Slack integration ${names.slackNotifier} with an incoming webhook`,
    'teams-notifier': `Microsoft Teams integration ${names.teamsNotifier} with a Workflows webhook`,
    policy: `Policy "${names.policyName}": enabled, runtime, deployment events, namespace ${names.namespace}`,
    'policy-notifiers': `Policy "${names.policyName}" notifies ${names.integrations
      .map((i) => i.name)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1')}`,
    alert: `Alert for ${names.deployment} from your bash exec`,
    'slack-delivery': 'The alert reached Slack',
    'teams-delivery': 'The alert reached Teams',
    'generic-notifier': `Generic Webhook integration ${names.genericNotifier ?? ''} with an endpoint`,
    'generic-delivery': 'The alert reached the Generic Webhook endpoint',
  };
}

export const GOAL_TITLES: Record<GoalId, string> = goalTitles(MODULE_NAMES);

export const GOAL_ORDER: GoalId[] = [
  'slack-notifier',
  'teams-notifier',
  'generic-notifier',
  'policy',
  'policy-notifiers',
  'alert',
  'slack-delivery',
  'teams-delivery',
  'generic-delivery',
];

export function goal(
  id: GoalId,
  status: GoalStatus,
  detail: string,
  extra: { hint?: string; finding?: string; basis?: GoalResult['basis'] } = {},
): GoalResult {
  const r: GoalResult = { id, title: GOAL_TITLES[id], status, detail };
  if (extra.hint !== undefined) r.hint = extra.hint;
  if (extra.finding !== undefined) r.finding = extra.finding;
  if (extra.basis !== undefined) r.basis = extra.basis;
  if (id === 'policy') r.prerequisite = true;
  return r;
}

/** 0 when every goal is ok or skipped as optional; 1 otherwise (an unverified goal is not a pass: nothing proved it). */
export function exitCodeFor(results: GoalResult[]): 0 | 1 {
  return results.every((r) => r.status === 'ok' || r.status === 'skipped') ? 0 : 1;
}
