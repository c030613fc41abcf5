import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../../src/errors.ts';
import {
  AS_WRITTEN_CR_FILE,
  BUILT_IN_CR_FILE,
  crFieldAt,
  integrationOf,
  loadModule,
  moduleOfConfig,
} from '../../src/module/model.ts';

const guide = (name: string) => fileURLToPath(new URL(`./guides/${name}`, import.meta.url));
const defaults = { pod: { namespace: 'payments', selector: 'app=visa-processor' } };

test('the built-in corrected copy: its names, its CR, and a headline that says it is not the module as written', () => {
  const model = loadModule({ crFile: BUILT_IN_CR_FILE, profile: 'default' }, defaults);
  assert.deepEqual(model.text, { kind: 'built-in', crFile: BUILT_IN_CR_FILE });
  assert.match(model.headline, /built-in corrected copy.*not the module as written/);
  assert.deepEqual(
    model.integrations.map((i) => i.name),
    ['slack-alerts', 'teams-alerts'],
  );
  assert.equal(model.policy.name, 'No bash allowed');
  assert.equal(model.cr.name, 'no-bash-allowed');
  assert.deepEqual((model.cr.object.spec as { notifiers: string[] }).notifiers, [
    'slack-alerts',
    'teams-alerts',
  ]);
  assert.deepEqual(model.pod, defaults.pod);
});

test('the module as written is named so, and its CR is the verbatim one', () => {
  const model = loadModule({ crFile: AS_WRITTEN_CR_FILE, profile: 'as-written' }, defaults);
  assert.equal(model.text.kind, 'as-written');
  assert.match(model.headline, /^the module as written/);
  assert.equal((model.cr.object.spec as Record<string, unknown>).SORTName, '');
});

test('a guide gives the names, CR, pod and shell command, each at its file:line', () => {
  const path = guide('07-acs-notifications.adoc');
  const model = moduleOfConfig({
    moduleGuide: path,
    moduleCrFile: BUILT_IN_CR_FILE,
    profile: 'default',
    ...defaults,
  });
  assert.deepEqual(model.text, { kind: 'guide', path });
  assert.equal(model.headline, `the guide ${path}`);
  assert.deepEqual(
    model.integrations.map((i) => [i.type, i.name, i.optional]),
    [
      ['slack', 'slack-alerts', false],
      ['teams', 'teams-alerts', false],
    ],
  );
  for (const i of model.integrations) assert.match(i.at ?? '', new RegExp(`^${path}:\\d+$`));
  assert.equal(model.policy.name, 'No bash allowed');
  assert.match(model.cr.at, /07-acs-notifications\.adoc:\d+$/);
  assert.match(model.cr.applyCommand, /oc apply -n stackrox -f -/);
  // The guide's own CR, defects and all: the harness verifies the text, not a copy.
  assert.equal((model.cr.object.spec as Record<string, unknown>).SORTName, '');
  assert.equal(model.pod.selector, 'app=visa-processor');
  assert.deepEqual(model.exec.containerCommand, ['/bin/bash']);
  assert.ok(model.steps.length > 0 && model.steps.every((s) => s.at.startsWith(`${path}:`)));
  assert.ok(model.unchecked.every((u) => u.at.startsWith(`${path}:`) && u.why !== ''));
});

test('renaming an integration in the guide renames what is verified, with no code change', () => {
  const model = loadModule(
    { guide: guide('renamed-integration.adoc'), crFile: BUILT_IN_CR_FILE, profile: 'default' },
    defaults,
  );
  assert.equal(integrationOf(model, 'slack')?.name, 'security-slack');
  assert.deepEqual(
    model.integrations.map((i) => i.name),
    ['security-slack', 'teams-alerts'],
  );
});

test('a guide with a Generic Webhook first: the policy must notify it too, and Slack and Teams are optional', () => {
  const model = loadModule(
    { guide: guide('generic-first.adoc'), crFile: BUILT_IN_CR_FILE, profile: 'default' },
    defaults,
  );
  assert.equal(integrationOf(model, 'generic')?.name, 'webhook-alerts');
  assert.deepEqual(
    model.integrations.map((i) => i.name),
    ['webhook-alerts', 'slack-alerts', 'teams-alerts'],
  );
  assert.ok(!model.unchecked.some((u) => u.text.includes('webhook-alerts (generic)')));
  assert.equal(integrationOf(model, 'slack')?.optional, true);
});

test('a guide that cannot be read names MODULE_GUIDE', () => {
  assert.throws(
    () =>
      loadModule(
        { guide: '/nonexistent/guide.adoc', crFile: BUILT_IN_CR_FILE, profile: 'default' },
        defaults,
      ),
    (err: unknown) =>
      err instanceof HarnessError && err.code === 'GUIDE_UNREADABLE' && /MODULE_GUIDE/.test(err.fix),
  );
});

test('a CR field is cited at its line in the guide, and in the built-in file', () => {
  const fromGuide = loadModule(
    { guide: guide('07-acs-notifications.adoc'), crFile: BUILT_IN_CR_FILE, profile: 'default' },
    defaults,
  );
  const at = crFieldAt(fromGuide, 'spec.SORTName') ?? '';
  const line = Number(at.split(':').at(-1));
  const text = readFileSync(guide('07-acs-notifications.adoc'), 'utf8').split('\n')[line - 1];
  assert.match(text ?? '', /^\s+SORTName: ''$/);
  assert.equal(crFieldAt(fromGuide, 'spec.nothingLikeThis'), undefined);
  const builtIn = loadModule({ crFile: AS_WRITTEN_CR_FILE, profile: 'as-written' }, defaults);
  const inFile = crFieldAt(builtIn, 'spec.policyVersion') ?? '';
  assert.match(inFile, /^module\/no-bash-allowed\.as-written\.yaml:\d+$/);
  const fileLine = readFileSync(AS_WRITTEN_CR_FILE, 'utf8').split('\n')[Number(inFile.split(':').at(-1)) - 1];
  assert.match(fileLine ?? '', /policyVersion:/);
});
