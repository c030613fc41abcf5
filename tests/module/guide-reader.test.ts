import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { HarnessError } from '../../src/errors.ts';
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
    '----',
    '',
    '[source,sh,role=execute]',
    '----',
    'echo {ns}',
    '----',
  ].join('\n');
  const guide = parseGuide(text, 'g.adoc', { attributes: { ns: 'ignored', user: 'u1' } });
  assert.equal(guide.steps[0]!.text, 'Open {console_url} and the payments project.');
  assert.deepEqual(guide.unresolvedAttributes, [{ name: 'console_url', line: 6 }]);
  assert.equal(guide.blocks[0]!.body, 'oc get pods -n payments');
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
