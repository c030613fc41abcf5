import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUILT_IN_CR_FILE, loadModule } from '../../src/module/model.ts';
import { moduleGoals, moduleSteps, stepOf } from '../../src/module/steps.ts';

const guide = (name: string) => fileURLToPath(new URL(`./guides/${name}`, import.meta.url));
const defaults = { pod: { namespace: 'payments', selector: 'app=visa-processor' } };
const fromGuide = (name: string) =>
  loadModule({ guide: guide(name), crFile: BUILT_IN_CR_FILE, profile: 'default' }, defaults);

test('the built-in copy: Slack, Teams, the policy, then the runtime alert, titled as the module is', () => {
  const steps = moduleSteps(loadModule({ crFile: BUILT_IN_CR_FILE, profile: 'default' }, defaults));
  assert.deepEqual(
    steps.map((s) => [s.id, s.title]),
    [
      ['slack-integration', 'Integrating Slack with RHACS'],
      ['teams-integration', 'Integrating Microsoft Teams with RHACS'],
      ['policy', 'Configure Notifications'],
      ['runtime-alert', 'Configure Notifications: the exec and the alert'],
    ],
  );
  assert.deepEqual(
    steps.map((s) => s.goals),
    [
      ['slack-notifier'],
      ['teams-notifier'],
      ['policy', 'policy-notifiers'],
      ['alert', 'slack-delivery', 'teams-delivery'],
    ],
  );
  assert.deepEqual(
    stepOf(loadModule({ crFile: BUILT_IN_CR_FILE, profile: 'default' }, defaults), 'policy')?.findings,
    ['F1', 'F2', 'F9'],
  );
});

test("a guide's steps come in its own order, with its section titles and lines, and its optional integrations", () => {
  const model = fromGuide('generic-first.adoc');
  const steps = moduleSteps(model);
  const file = guide('generic-first.adoc');
  assert.deepEqual(
    steps.map((s) => [s.id, s.title, s.at]),
    [
      ['generic-integration', 'Integrating a Generic Webhook with RHACS', `${file}:38`],
      ['slack-integration', 'Integrating Slack with RHACS (optional)', `${file}:54`],
      ['teams-integration', 'Integrating Microsoft Teams with RHACS', `${file}:116`],
      ['policy', 'Configure Notifications', `${file}:170`],
      ['runtime-alert', 'Configure Notifications: the exec and the alert', `${file}:170`],
    ],
  );
  assert.deepEqual(
    steps.flatMap((s) => (s.integration ? [[s.integration.name, s.integration.optional]] : [])),
    [
      ['webhook-alerts', false],
      ['slack-alerts', true],
      ['teams-alerts', true],
    ],
  );
  assert.deepEqual(moduleGoals(model), [
    'generic-notifier',
    'slack-notifier',
    'teams-notifier',
    'policy',
    'policy-notifiers',
    'alert',
    'generic-delivery',
    'slack-delivery',
    'teams-delivery',
  ]);
});

test('a guide with only a Generic Webhook has no Slack or Teams step or goal', () => {
  const model = fromGuide('generic-only.adoc');
  assert.deepEqual(
    moduleSteps(model).map((s) => s.id),
    ['generic-integration', 'policy', 'runtime-alert'],
  );
  assert.deepEqual(moduleGoals(model), [
    'generic-notifier',
    'policy',
    'policy-notifiers',
    'alert',
    'generic-delivery',
  ]);
  assert.equal(stepOf(model, 'slack-integration'), undefined);
});
