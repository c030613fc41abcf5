export {
  detectNoChannelField,
  detectSlackWorkflowTrigger,
  detectTeamsCardWithoutViolation,
  detectTeamsFlowFailure,
  slackHookKind,
} from './detect-channels.ts';
export {
  detectConsoleOnlyNotifiers,
  detectIgnoredNamespace,
  detectStrictDecoding,
  resolveNotifierRefs,
} from './detect-policy.ts';
export {
  detectActiveAlertReuse,
  detectNoTty,
  detectSampleLabel,
  detectSilentDrop,
  MAX_ALERT_PROCESSES,
  SAMPLE_SELECTOR,
  SENSOR_IDENTICAL_EXEC_BUDGET,
} from './detect-runtime.ts';
export { type Explanation, explainFailure, type FailureEvidence } from './explain.ts';
export { FINDING_TEXT, type Finding, type FindingId, finding } from './finding.ts';
export { type WebhookRefusal, webhookRefusal } from './webhook-refusal.ts';
