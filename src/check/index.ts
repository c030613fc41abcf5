export { type AlertRejection, qualifyingAlerts, RECENTLY_RESOLVED_MS } from './alert-select.ts';
export {
  type AuthorGoalVerdict,
  type AuthorVerdict,
  type AuthorVerdictInput,
  judgeAuthorRun,
} from './author-verdict.ts';
export { type CollectOptions, collectState } from './collect.ts';
export { evaluateGoals } from './evaluate.ts';
export { type CheckReport, checkReport, formatJson, formatText } from './format.ts';
export {
  exitCodeFor,
  GOAL_ORDER,
  GOAL_TITLES,
  type GoalId,
  type GoalResult,
  type GoalStatus,
} from './goal.ts';
export { type CheckRun, namesFromConfig, type RunCheckOptions, runCheck } from './run-check.ts';
export type { ChannelEvidence, CheckState, CrEvidence, ModuleNames } from './state.ts';
export { MODULE_NAMES, namesOf } from './state.ts';
export { classifySlackWebhook, classifyTeamsWebhook } from './webhook-kind.ts';
