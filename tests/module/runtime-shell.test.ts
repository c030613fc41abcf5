// "oc exec $POD -n payments -i --tty -- /bin/bash": the harness's own exec through the API when no
// guide block is run verbatim (src/module/runtime/shell.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExecInteractiveOptions, InteractiveResult } from '../../src/kube/exec.ts';
import { planShell } from '../../src/module/runtime/shell.ts';
import { guidePrompt } from '../../src/module/shell-prompt.ts';
import { rejection } from '../support/rejection.ts';
import { deps, TARGET } from './runtime-fixtures.ts';

function shell(result: Partial<InteractiveResult>) {
  const opened: ExecInteractiveOptions[] = [];
  const d = deps({
    mode: 'check',
    kube: {
      execInteractive: async (_ns: string, _pod: string, opts: ExecInteractiveOptions) => {
        opened.push(opts);
        return {
          prompt: `${guidePrompt(TARGET.pod)} `,
          exitCode: 0,
          transcript: '',
          protocol: 'v5',
          ...result,
        };
      },
    },
  });
  return { d, opened, plan: planShell(d, TARGET.namespace) };
}

const NO_TTY = process.stdin.isTTY ? [] : ['F10'];

test("the guide's prompt and exit 0: the shell ran, nothing to note", async () => {
  const { d, opened, plan } = shell({});
  assert.equal(plan.title, 'oc exec $POD -n payments -i --tty -- /bin/bash');
  await plan.run(d, TARGET, Date.now());
  assert.deepEqual(
    opened.map((o) => [o.command, o.input]),
    [[['/bin/bash'], 'exit\n']],
  );
  assert.deepEqual(d.sink.notes, []);
  assert.deepEqual(
    d.sink.hops.map(([n]) => n),
    ['exec'],
  );
  assert.deepEqual(
    d.sink.findings.map((f) => f.id),
    NO_TTY,
    'F10 exactly when stdin is no terminal',
  );
});

test('another prompt is a note, not a failure', async () => {
  const { d, plan } = shell({ prompt: `I have no name!@${TARGET.pod}:/usr/local/tomcat$ ` });
  await plan.run(d, TARGET, Date.now());
  assert.equal(d.sink.notes.length, 1);
  assert.match(d.sink.notes[0] ?? '', /I have no name!/);
});

test('a shell that exits non-zero after `exit` is SHELL_EXIT', async () => {
  const { d, plan } = shell({ exitCode: 126 });
  const err = await rejection(plan.run(d, TARGET, Date.now()));
  assert.equal(err.code, 'SHELL_EXIT');
  assert.equal(err.cause, 'the shell exited with status 126 after `exit`');
});
