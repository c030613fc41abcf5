import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HarnessError } from '../../src/errors.ts';
import { cite, extractModule } from '../../src/module/guide/extract.ts';
import { parseGuide } from '../../src/module/guide/parse.ts';

const GUIDES = new URL('./guides/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, GUIDES), 'utf8');
const MODULE = '07-acs-notifications.adoc';

test('parseGuide reads the title, the header attributes and the sections with their lines', () => {
  const guide = parseGuide(read(MODULE), MODULE);
  assert.equal(guide.title, 'Notifications');
  assert.equal(guide.titleLine, 1);
  assert.equal(guide.attributes.sectnums, '');
  assert.equal(guide.attributes.icons, 'font');
  const slack = guide.sections.find((s) => s.title === 'Steps for Setting Up the Slack Integration');
  assert.deepEqual(slack && { level: slack.level, line: slack.line }, { level: 2, line: 46 });
  assert.equal(guide.sections[slack!.parent!]!.title, 'Integrating Slack with RHACS');
  assert.deepEqual(
    guide.sections.filter((s) => s.level === 1).map((s) => `${s.line} ${s.title}`),
    [
      '6 Module Goals',
      '12 How Do Notifications and Alerts Work in RHACS',
      '38 Integrating Slack with RHACS',
      '100 Integrating Microsoft Teams with RHACS',
      '152 Configure Notifications',
      '250 Summary',
    ],
  );
});

test('parseGuide numbers steps as Asciidoctor does: [start=N] honoured, a block restarts the list', () => {
  const guide = parseGuide(read(MODULE), MODULE);
  const at = (line: number) => guide.steps.find((s) => s.line === line);
  assert.equal(at(50)?.number, 1);
  assert.equal(at(56)?.number, 3);
  assert.equal(at(62)?.number, 5);
  assert.equal(at(91)?.number, 17);
  assert.equal(at(143)?.number, 15);
  // No [start=] before it and the CR block ends the previous list: the upstream guide shows a 1 here.
  assert.equal(at(227)?.number, 1);
  assert.equal(at(246)?.number, 7);
  assert.equal(guide.steps.length, 17 + 15 + 7);
});

test('parseGuide keeps bold labels and nested items of a step', () => {
  const guide = parseGuide(read(MODULE), MODULE);
  const newIntegration = guide.steps.find((s) => s.line === 86)!;
  assert.equal(newIntegration.text, 'Click the New integration button to start the configuration:');
  assert.deepEqual(newIntegration.labels, ['New integration']);
  assert.deepEqual(
    newIntegration.items.map((i) => [i.line, i.labels]),
    [
      [87, ['Integration Name', 'slack-alerts']],
      [88, ['Webhook URL', 'Webhook URL']],
      [89, ['Default Channel']],
    ],
  );
  const policy = guide.steps.find((s) => s.line === 165)!;
  assert.deepEqual(policy.labels, ['No bash allowed', 'Policy']);
  assert.equal(guide.steps.find((s) => s.line === 84)!.labels[0], 'Platform Configurations -> Integrations');
});

test('parseGuide reads images, admonitions and the execute blocks with their body lines', () => {
  const guide = parseGuide(read(MODULE), MODULE);
  assert.deepEqual(guide.images.slice(0, 2), [
    { target: '07-slack-00.png', line: 53, section: 10 },
    { target: '07-slack-01.png', line: 58, section: 10 },
  ]);
  assert.deepEqual(
    guide.admonitions.map((a) => [a.kind, a.line]),
    [
      ['TIP', 73],
      ['IMPORTANT', 178],
      ['NOTE', 243],
    ],
  );
  const [cr, pod, output] = guide.blocks;
  assert.equal(guide.blocks.length, 3);
  assert.deepEqual(
    { language: cr!.language, roles: cr!.roles, execute: cr!.execute, line: cr!.line },
    { language: 'sh', roles: ['execute'], execute: true, line: 180 },
  );
  assert.deepEqual([cr!.firstLine, cr!.lastLine], [182, 224]);
  assert.ok(
    cr!.body.startsWith('cat <<EOF | oc apply -n stackrox -f -\napiVersion: config.stackrox.io/v1alpha1\n'),
  );
  assert.ok(cr!.body.endsWith('  isDefault: false\nEOF'));
  assert.equal(guide.steps[cr!.step!]!.line, 176);
  assert.deepEqual([pod!.line, pod!.firstLine, pod!.lastLine, pod!.execute], [229, 231, 232, true]);
  // Verbatim: `{.items[0].metadata.name}` is not an attribute reference and stays as written.
  assert.match(pod!.body, /jsonpath="\{\.items\[0\]\.metadata\.name\}"/);
  assert.equal(guide.steps[pod!.step!]!.line, 227);
  assert.deepEqual(output!.roles, ['console-output']);
  assert.equal(output!.execute, false);
  assert.equal(guide.sampleOutputs.length, 1);
  const sample = guide.sampleOutputs[0]!;
  assert.deepEqual(
    {
      block: sample.block,
      line: sample.line,
      firstLine: sample.firstLine,
      lastLine: sample.lastLine,
      after: sample.after,
    },
    { block: 2, line: 235, firstLine: 238, lastLine: 240, after: 1 },
  );
  assert.equal(sample.because, 'follows-execute');
  assert.ok(sample.text.endsWith('tomcat@visa-processor-9bfcf46f7-cwtjb:/usr/local/tomcat$'));
});

test('parseGuide substitutes attributes in text, reports unknown ones, and in blocks only when subs asks', () => {
  const text = [
    '= Guide',
    ':ns: payments',
    '',
    '== Run',
    '',
    '. Open {console_url} and the {ns} project.',
    '',
    '[source,sh,role=execute,subs="attributes+"]',
    '----',
    'oc get pods -n {ns}',
    'oc get pods -n {team}',
    '----',
    '',
    '[source,sh,role=execute]',
    '----',
    'echo {ns}',
    '----',
  ].join('\n');
  const guide = parseGuide(text, 'g.adoc', { attributes: { ns: 'ignored', user: 'u1' } });
  assert.equal(guide.steps[0]!.text, 'Open {console_url} and the payments project.');
  assert.deepEqual(guide.unresolvedAttributes, [
    { name: 'console_url', line: 6 },
    { name: 'team', line: 11 },
  ]);
  assert.equal(guide.blocks[0]!.body, 'oc get pods -n payments\noc get pods -n {team}');
  assert.equal(guide.blocks[1]!.body, 'echo {ns}');
  assert.equal(guide.attributes.user, 'u1');
});

test('parseGuide finds output introduced by the text before it, and keeps a continuation block in its step', () => {
  const text = [
    '= Guide',
    '== Run',
    '. Check the pods:',
    '+',
    '[source,sh,role=execute]',
    '----',
    'oc get pods',
    '----',
    '. Carry on.',
    '',
    'You should see:',
    '',
    '....',
    'NAME   READY',
    '....',
  ].join('\n');
  const guide = parseGuide(text, 'g.adoc');
  assert.deepEqual(
    guide.steps.map((s) => [s.number, s.line]),
    [
      [1, 3],
      [2, 9],
    ],
  );
  assert.equal(guide.blocks[0]!.step, 0);
  assert.deepEqual(
    guide.sampleOutputs.map((o) => [o.because, o.firstLine, o.text]),
    [['introduced-as-output', 14, 'NAME   READY']],
  );
});

test('parseGuide stops at a block that is never closed, citing the line that opened it', () => {
  const text = ['= Guide', '', '[source,sh,role=execute]', '----', 'oc get pods'].join('\n');
  assert.throws(
    () => parseGuide(text, 'guides/broken.adoc'),
    (e: unknown) =>
      e instanceof HarnessError &&
      e.code === 'GUIDE_BLOCK_UNTERMINATED' &&
      e.message.includes('guides/broken.adoc:4') &&
      e.fix.includes('----'),
  );
});

const extract = (name: string) => extractModule(parseGuide(read(name), name));
const lines = (items: { line: number }[]) => items.map((i) => i.line);

test('extractModule reads the module guide: integrations, policy, CR, pod and exec commands, sample output', () => {
  const module = extract(MODULE);
  assert.equal(module.title, 'Notifications');
  assert.deepEqual(module.integrations, [
    { type: 'slack', name: 'slack-alerts', line: 87, typeLine: 85, optional: false, section: 8 },
    { type: 'teams', name: 'teams-alerts', line: 139, typeLine: 136, optional: false, section: 12 },
  ]);
  assert.deepEqual(module.policy, { name: 'No bash allowed', line: 191, mentions: [165, 170] });
  const { yaml, ...cr } = module.cr;
  assert.deepEqual(cr, {
    line: 182,
    yamlLine: 183,
    applyCommand: 'cat <<EOF | oc apply -n stackrox -f -',
    namespace: 'stackrox',
    metadataName: 'no-bash-allowed',
    policyName: 'No bash allowed',
    policyNameLine: 191,
    block: 0,
  });
  assert.ok(yaml.startsWith('apiVersion: config.stackrox.io/v1alpha1\nkind: SecurityPolicy\n'));
  assert.ok(yaml.endsWith('  isDefault: false'));
  assert.deepEqual(module.podCommand, {
    command: 'POD=$(oc get pod -n payments -l app=visa-processor -o jsonpath="{.items[0].metadata.name}")',
    namespace: 'payments',
    selector: 'app=visa-processor',
    line: 231,
  });
  assert.deepEqual(module.execCommand, {
    command: 'oc exec $POD -n payments -i --tty -- /bin/bash',
    namespace: 'payments',
    containerCommand: ['/bin/bash'],
    line: 232,
  });
  assert.equal(module.sampleOutput?.line, 238);
  assert.match(module.sampleOutput?.text ?? '', /^\[demo-user@bastion ~\]\$ POD=/);
});

test('extractModule lists every step: checked ones with what checks them, the others as unchecked with why', () => {
  const module = extract(MODULE);
  const checkedAs = (kind: string) => lines(module.checked.filter((c) => c.checks === kind));
  assert.deepEqual(
    checkedAs('integration'),
    [83, 84, 85, 86, 90, 91, 133, 134, 135, 136, 137, 138, 141, 142, 143],
  );
  assert.deepEqual(checkedAs('policy'), [160, 165, 170, 175, 176]);
  assert.deepEqual(checkedAs('exec'), [227]);
  assert.deepEqual(checkedAs('alert'), [246]);
  assert.equal(module.checked.find((c) => c.line === 90)?.subject, 'slack-alerts');
  assert.deepEqual(
    lines(module.unchecked),
    [50, 51, 56, 61, 62, 63, 68, 69, 76, 77, 82, 114, 115, 116, 121, 126, 128],
  );
  assert.equal(module.checked.length + module.unchecked.length, 39);
  assert.match(module.unchecked[0]!.why, /outside RHACS \(in Slack\).*slack-alerts/);
  assert.equal(cite(module.file, module.unchecked[0]!.line), '07-acs-notifications.adoc:50');
});

test('extractModule: generic webhook first, Slack and Teams optional as the guide says', () => {
  const module = extract('generic-first.adoc');
  assert.deepEqual(
    module.integrations.map((i) => [i.type, i.name, i.line, i.typeLine, i.optional, i.optionalLine]),
    [
      ['generic', 'webhook-alerts', 48, 46, false, undefined],
      ['slack', 'slack-alerts', 103, 101, true, 54],
      ['teams', 'teams-alerts', 157, 154, true, 118],
    ],
  );
  assert.deepEqual(lines(module.checked.filter((c) => c.subject === 'webhook-alerts')), [45, 46, 47, 51, 52]);
  const open = module.unchecked.find((u) => u.line === 44)!;
  assert.equal(open.text, 'Open https://webhook.site in a new tab and copy Your unique URL.');
  assert.match(open.why, /in the receiving endpoint/);
});

test('extractModule takes a renamed integration from the guide text', () => {
  const module = extract('renamed-integration.adoc');
  assert.deepEqual(
    module.integrations.map((i) => [i.name, i.line]),
    [
      ['security-slack', 87],
      ['teams-alerts', 139],
    ],
  );
  assert.deepEqual(module.policy.mentions, [165, 170]);
});

test('extractModule stops at a broken CR, citing the guide line of the YAML error', () => {
  assert.throws(
    () => extract('broken-cr.adoc'),
    (e: unknown) =>
      e instanceof HarnessError &&
      e.code === 'GUIDE_CR_INVALID' &&
      e.what === 'Reading the SecurityPolicy applied at broken-cr.adoc:182' &&
      e.cause.startsWith('broken-cr.adoc:193: the YAML does not parse') &&
      e.fix.includes('broken-cr.adoc:193'),
  );
});

test('extractModule lists what it cannot check: an extra step, an unknown execute block and integration type, an undefined attribute', () => {
  const module = extract('extra-step.adoc');
  const guide = parseGuide(read('extra-step.adoc'), 'extra-step.adoc');
  assert.deepEqual(
    guide.steps.filter((s) => s.line >= 246).map((s) => [s.line, s.number]),
    [
      [246, 7],
      [248, 8],
      [249, 9],
      [260, 1],
      [261, 2],
    ],
  );
  assert.deepEqual(
    module.unchecked.filter((u) => u.line >= 246),
    [
      {
        line: 248,
        text: 'Take a screenshot of the alert and share it with your instructor.',
        why: 'no check in the harness matches this step',
      },
      {
        line: 249,
        text: 'List the pods again to see that the workload is still running:',
        why: 'no check in the harness matches this step',
      },
      {
        line: 251,
        text: 'oc get pods -n payments',
        why: 'an execute block the harness does not recognise: it can run it verbatim but has nothing to compare its result with',
      },
      {
        line: 260,
        text: 'Open the {pagerduty_console} and create a service.',
        why: 'no check in the harness matches this step',
      },
      {
        line: 260,
        text: '{pagerduty_console}',
        why: "the attribute pagerduty_console is not defined (Antora's antora.yml defines site attributes); the text keeps it as written",
      },
      {
        line: 261,
        text: 'Under Notifier Integrations, select PagerDuty:',
        why: 'no check in the harness matches this step',
      },
      {
        line: 262,
        text: 'Integration Name: pagerduty-alerts',
        why: '"PagerDuty" (extra-step.adoc:261) is not an integration type the harness verifies (Slack, Microsoft Teams, Generic Webhook)',
      },
    ],
  );
  assert.deepEqual(
    module.integrations.map((i) => i.name),
    ['slack-alerts', 'teams-alerts'],
  );
});

const tiny = (...blocks: string[]) =>
  [
    '= Guide',
    '== Slack',
    '. Under **Notifier Integrations**, select **Slack**:',
    '* **Integration Name:** Enter: **slack-alerts**',
    '== Policy',
    ...blocks,
    '. Open a shell:',
    '[source,sh,role=execute]',
    '----',
    'POD=$(oc get pod -n payments -l app=visa-processor -o name)',
    'oc exec $POD -n payments -- /bin/bash',
    '----',
  ].join('\n');
const crBlock = (name: string, terminator = 'EOF') =>
  [
    '[source,sh,role=execute]',
    '----',
    'cat <<EOF | oc apply -n stackrox -f -',
    'apiVersion: config.stackrox.io/v1alpha1',
    'kind: SecurityPolicy',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  policyName: ${name}`,
    terminator,
    '----',
  ].join('\n');

test('extractModule refuses a guide with no CR, two CRs, or a heredoc left open, citing file:line', () => {
  const fails = (text: string, code: string, cause: RegExp) =>
    assert.throws(
      () => extractModule(parseGuide(text, 'g.adoc')),
      (e: unknown) => e instanceof HarnessError && e.code === code && cause.test(e.cause) && e.fix.length > 0,
    );
  fails(tiny(), 'GUIDE_CR_MISSING', /no \[source,sh,role=execute\] block applies a SecurityPolicy/);
  fails(tiny(crBlock('one'), crBlock('two')), 'GUIDE_CR_DUPLICATE', /at g\.adoc:8 and g\.adoc:19/);
  fails(tiny(crBlock('one', 'EOFX')), 'GUIDE_CR_UNTERMINATED', /^g\.adoc:8: the heredoc is never closed/);
  const module = extractModule(parseGuide(tiny(crBlock('one')), 'g.adoc'));
  assert.deepEqual([module.policy.name, module.policy.line, module.cr.namespace], ['one', 14, 'stackrox']);
  assert.deepEqual([module.podCommand.selector, module.execCommand.line], ['app=visa-processor', 21]);
  assert.equal(module.sampleOutput, undefined);
});

test('an include:: the reader does not follow is listed as unchecked, and a "Generic" tile is a generic webhook', () => {
  const text = tiny(
    'include::partial$acme-incident-context.adoc[]',
    crBlock('one'),
    '== Webhook',
    '. Under **Notifier Integrations**, select **Generic**:',
    '* **Integration Name:** e.g. `webhook-alerts`',
  );
  const guide = parseGuide(text, 'g.adoc');
  assert.deepEqual(guide.includes, [{ target: 'partial$acme-incident-context.adoc', line: 6, section: 1 }]);
  const module = extractModule(guide);
  assert.deepEqual(
    module.integrations.map((i) => [i.type, i.name, i.line]),
    [
      ['slack', 'slack-alerts', 4],
      ['generic', 'webhook-alerts', 20],
    ],
  );
  assert.deepEqual(module.unchecked[0], {
    line: 6,
    text: 'include::partial$acme-incident-context.adoc[]',
    why: 'the reader does not follow include:: (Antora resolves it); what it brings in is not verified',
  });
});

test('a goal that says Slack or Teams is optional makes those integrations optional, at that line; the generic one stays required', () => {
  const file = 'optional-in-goals.adoc';
  const { integrations } = extractModule(parseGuide(read(file), file));
  const byType = Object.fromEntries(integrations.map((i) => [i.type, i]));
  assert.equal(byType.generic?.optional, false);
  for (const type of ['slack', 'teams']) {
    assert.equal(byType[type]?.optional, true, `${type} is optional`);
    assert.equal(byType[type]?.optionalLine, 9, 'the goal "Optionally set up ... Teams or Slack" says so');
  }
});
