import { evaluateAlert } from './alert-goals.ts';
import { evaluateDelivery } from './delivery-goals.ts';
import { evaluateGenericDelivery, evaluateGenericNotifier } from './generic-goals.ts';
import { type GoalResult, goalTitles } from './goal.ts';
import { evaluateSlackNotifier, evaluateTeamsNotifier } from './notifier-goals.ts';
import { evaluatePolicy, evaluatePolicyNotifiers } from './policy-goals.ts';
import type { CheckState } from './state.ts';

/** Every module goal judged against one snapshot, in the module's order. Pure. */
export function evaluateGoals(state: CheckState): GoalResult[] {
  const titles = goalTitles(state.names);
  const generic = state.names.genericNotifier !== undefined;
  const results = [
    evaluateSlackNotifier(state),
    evaluateTeamsNotifier(state),
    ...(generic ? [evaluateGenericNotifier(state)] : []),
    evaluatePolicy(state),
    evaluatePolicyNotifiers(state),
    evaluateAlert(state),
    evaluateDelivery(state, 'slack'),
    evaluateDelivery(state, 'teams'),
    ...(generic ? [evaluateGenericDelivery(state)] : []),
  ];
  return results.map((r) => ({ ...r, title: titles[r.id] }));
}
