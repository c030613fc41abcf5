import type { ModuleIntegration } from '../module/model.ts';
import { deliveryGoal, notifierGoal } from '../module/steps.ts';
import { evaluateAlert } from './alert-goals.ts';
import { evaluateDelivery } from './delivery-goals.ts';
import { evaluateGenericDelivery, evaluateGenericNotifier } from './generic-goals.ts';
import { type GoalId, type GoalResult, goal, goalTitles } from './goal.ts';
import { evaluateSlackNotifier, evaluateTeamsNotifier } from './notifier-goals.ts';
import { evaluatePolicy, evaluatePolicyNotifiers } from './policy-goals.ts';
import { type CheckState, skippedOptional } from './state.ts';

const EVALUATORS: Record<GoalId, (state: CheckState) => GoalResult> = {
  'slack-notifier': evaluateSlackNotifier,
  'teams-notifier': evaluateTeamsNotifier,
  'generic-notifier': evaluateGenericNotifier,
  policy: evaluatePolicy,
  'policy-notifiers': evaluatePolicyNotifiers,
  alert: evaluateAlert,
  'slack-delivery': (state) => evaluateDelivery(state, 'slack'),
  'teams-delivery': (state) => evaluateDelivery(state, 'teams'),
  'generic-delivery': evaluateGenericDelivery,
};

/** The module's goals (its steps' goals, in order) judged against one snapshot. Pure. */
export function evaluateGoals(state: CheckState, only?: readonly GoalId[]): GoalResult[] {
  const left = skippedOptional(state);
  // The policy need not notify an optional integration nobody created, and its goal says so.
  const titles = goalTitles({
    ...state.names,
    integrations: state.names.integrations.filter((i) => !left.includes(i)),
  });
  const skipped = new Map<GoalId, ModuleIntegration>();
  for (const i of left) {
    skipped.set(notifierGoal(i.type), i);
    skipped.set(deliveryGoal(i.type), i);
  }
  return state.names.goals
    .filter((id) => only === undefined || only.includes(id))
    .map((id) => {
      const optional = skipped.get(id);
      const result = optional
        ? goal(id, 'skipped', `${optional.name} was not created; the text makes it optional.`, {
            hint: `Optional${optional.optionalAt ? ` (${optional.optionalAt})` : ''}: create ${optional.name} to have alerts sent there too.`,
          })
        : EVALUATORS[id](state);
      return { ...result, title: titles[id] };
    });
}
