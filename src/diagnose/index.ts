export {
  detectNoChannelField,
  detectSlackWorkflowTrigger,
  detectTeamsCardWithoutViolation,
  detectTeamsFlowFailure,
  slackHookKind,
} from './detect-channels.ts';
export {
  detectConsoleOnlyNotifiers,
  detectGuideNamespace,
  detectIgnoredNamespace,
  detectStrictDecoding,
  resolveNotifierRefs,
  strictDecodingFields,
} from './detect-policy.ts';
export {
  budgetText,
  detectActiveAlertReuse,
  detectNoTty,
  detectSampleLabel,
  detectSilentDrop,
  MAX_ALERT_PROCESSES,
  SAMPLE_SELECTOR,
} from './detect-runtime.ts';
export { type ExecBudget, execBudget, readExecBudget, SENSOR_NAMESPACE } from './exec-budget.ts';
export { type Explanation, explainFailure, type FailureEvidence } from './explain.ts';
export { FINDING_TEXT, type Finding, type FindingId, finding } from './finding.ts';
export {
  CENTRAL_EVENTS_FLUSH_MS,
  type EventsReader,
  type NotifierEvents,
  recentNotifierEvents,
  redactEventMessage,
  waitForNotifierEvents,
} from './notifier-events.ts';
export { eventFields, type WebhookRefusal, webhookRefusal } from './webhook-refusal.ts';
