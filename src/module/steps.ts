// The module as the list of its steps, built from the model (the guide, or the built-in copy): the
// text's own title for each step, the scenario that does it in verify, the goals `check` judges for it
// and the findings it can show. Verify does a step and then its goals must hold (fixtures/goals.ts),
// check judges every step's goals (src/check/evaluate.ts), solve does every step's action in this
// order (src/solve/run-solve.ts).

import type { FindingId } from '../diagnose/finding.ts';
import type { IntegrationType } from './guide/integrations.ts';
import type { ModuleIntegration, ModuleModel } from './model.ts';

export type GoalId =
  | 'slack-notifier'
  | 'teams-notifier'
  | 'generic-notifier'
  | 'policy'
  | 'policy-notifiers'
  | 'alert'
  | 'slack-delivery'
  | 'teams-delivery'
  | 'generic-delivery';

export type StepId = `${IntegrationType}-integration` | 'policy' | 'runtime-alert';
/** What a step does: create an integration, apply the policy, or run the exec and follow the alert. */
export type StepKind = 'integration' | 'policy' | 'runtime';

export interface ModuleStep {
  id: StepId;
  kind: StepKind;
  /** The text's title: the guide's section, or the built-in copy's (the module as written). */
  title: string;
  /** `file:line` of the guide's section title. */
  at?: string;
  /** The verify scenario that does the step. */
  scenario: string;
  goals: GoalId[];
  findings: FindingId[];
  /** For an integration step: the integration it creates. */
  integration?: ModuleIntegration;
}

/** The module as written titles its sections so (shared/module/notifications.txt). */
const BUILT_IN_TITLES: Record<StepId, string> = {
  'generic-integration': 'Integrating a Generic Webhook with RHACS',
  'slack-integration': 'Integrating Slack with RHACS',
  'teams-integration': 'Integrating Microsoft Teams with RHACS',
  policy: 'Configure Notifications',
  'runtime-alert': 'Configure Notifications',
};

const SCENARIO: Record<StepId, string> = {
  'generic-integration': 'scenarios/00-generic-webhook.spec.ts',
  'slack-integration': 'scenarios/01-slack-integration.spec.ts',
  'teams-integration': 'scenarios/02-teams-integration.spec.ts',
  policy: 'scenarios/03-configure-notifications.spec.ts',
  'runtime-alert': 'scenarios/04-runtime-alert.spec.ts',
};

// Which module finding (shared/reference/module-findings.md) shows up at which step.
const INTEGRATION_FINDINGS: Record<IntegrationType, FindingId[]> = {
  slack: ['F3', 'F4'],
  teams: ['F5'],
  generic: [],
};
const POLICY_FINDINGS: FindingId[] = ['F1', 'F2', 'F9'];
const RUNTIME_FINDINGS: FindingId[] = ['F3', 'F5', 'F6', 'F7', 'F8', 'F10'];

export const notifierGoal = (type: IntegrationType): GoalId => `${type}-notifier`;
export const deliveryGoal = (type: IntegrationType): GoalId => `${type}-delivery`;

export function moduleSteps(model: ModuleModel): ModuleStep[] {
  const { integrations } = model;
  const step = (id: StepId, kind: StepKind, section: { title: string; at: string } | undefined) => ({
    id,
    kind,
    title: section?.title ?? BUILT_IN_TITLES[id],
    ...(section ? { at: section.at } : {}),
    scenario: SCENARIO[id],
  });
  // The module as written runs the exec in the policy's section; the title says which part it is.
  const runtime = step('runtime-alert', 'runtime', model.exec.section ?? model.policy.section);
  return [
    ...integrations.map((integration) => ({
      ...step(`${integration.type}-integration`, 'integration', integration.section),
      goals: [notifierGoal(integration.type)],
      findings: INTEGRATION_FINDINGS[integration.type],
      integration,
    })),
    {
      ...step('policy', 'policy', model.policy.section),
      goals: ['policy', 'policy-notifiers'],
      findings: POLICY_FINDINGS,
    },
    {
      ...runtime,
      title: `${runtime.title}: the exec and the alert`,
      goals: ['alert', ...integrations.map((i) => deliveryGoal(i.type))],
      findings: RUNTIME_FINDINGS,
    },
  ];
}

/** The step of an id, when the text has it (an integration the text does not create has none). */
export function stepOf(model: ModuleModel, id: StepId): ModuleStep | undefined {
  return moduleSteps(model).find((s) => s.id === id);
}

/** Every goal of the module, in step order: what check judges. */
export function moduleGoals(model: ModuleModel): GoalId[] {
  return moduleSteps(model).flatMap((s) => s.goals);
}
