// check's verdict on one step's goals, as verify takes it after doing the step (fixtures/goals.ts).

import type { ChannelName } from '../channels/types.ts';
import { HarnessError } from '../errors.ts';
import { deliveryGoal, notifierGoal } from '../module/steps.ts';
import type { ChannelRoute } from '../receivers/channel-selection.ts';
import { evaluateGoals } from './evaluate.ts';
import type { GoalId, GoalResult } from './goal.ts';
import type { CheckState } from './state.ts';

/** Channels the run stands in for with its own receivers: check cannot judge a webhook it never saw. */
function substituted(routes: Record<ChannelName, ChannelRoute>): ChannelName[] {
  return (['slack', 'teams'] as const).filter((c) => {
    const via = routes[c].via;
    return via === 'in-cluster' || via === 'public';
  });
}

export interface StepJudgement {
  /** The goals that must hold and do not: the step fails on them. */
  missed: GoalResult[];
  /** The goals not judged (unverified, skipped, or a stand-in channel's), each as a note. */
  notes: string[];
}

/**
 * The notifier the goal judges posts to the webhook this run was given (SLACK_WEBHOOK_URL,
 * TEAMS_WEBHOOK_URL): a host check does not know is then the operator's choice, not a wrong paste.
 */
function postsToConfiguredWebhook(
  state: CheckState,
  goal: GoalId,
  routes: Record<ChannelName, ChannelRoute>,
): boolean {
  const channel = (['slack', 'teams'] as const).find((c) => notifierGoal(c) === goal);
  if (channel === undefined) return false;
  const route = routes[channel];
  const configured = 'webhookUrl' in route ? route.webhookUrl : undefined;
  const name = channel === 'slack' ? state.names.slackNotifier : state.names.teamsNotifier;
  const notifier = state.notifiers.find((n) => n.name === name && n.type === channel);
  return configured !== undefined && notifier?.labelDefault === configured;
}

/** check's verdict on one step's goals, as verify takes it. Pure: the state is collected beforehand. */
export function judgeStepGoals(
  state: CheckState,
  goals: readonly GoalId[],
  routes: Record<ChannelName, ChannelRoute>,
): StepJudgement {
  const standIns = new Set(substituted(routes).flatMap((c) => [notifierGoal(c), deliveryGoal(c)]));
  const missed: GoalResult[] = [];
  const notes: string[] = [];
  for (const r of evaluateGoals(state, goals)) {
    if (r.status === 'ok') continue;
    const configured = r.basis === 'webhook-host' && postsToConfiguredWebhook(state, r.id, routes);
    if (r.status === 'fail' && !standIns.has(r.id) && !configured) {
      missed.push(r);
      continue;
    }
    const why = standIns.has(r.id)
      ? "the harness's own receiver stands in for the channel"
      : configured
        ? 'the webhook is the one configured for this run, on a host check does not know; check fails it for a student'
        : r.status;
    notes.push(`check's goal "${r.title}" not judged (${why}): ${r.detail}`);
  }
  return { missed, notes };
}

/** The step's failure when check's goals for it are missed: check's detail is the cause, its hint the fix. */
export function goalNotMet(stepTitle: string, missed: readonly GoalResult[]): HarnessError {
  return new HarnessError({
    code: 'GOAL_NOT_MET',
    what: `Judging "${stepTitle}" as check does`,
    cause: missed.map((r) => `${r.title}: ${r.detail}`).join(' '),
    fix: missed.map((r) => r.hint ?? 'see the goal').join(' '),
    details: missed[0]?.finding === undefined ? {} : { finding: missed[0].finding },
  });
}
