// The exec step's prompt rule: any shell prompt opens the step; only a different one is reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASH_EXECUTED, promptDifference, SHELL_PROMPT } from '../../src/module/shell-prompt.ts';

const POD = 'visa-processor-6886b94448-5x8rb';

test('the guide prompt is no note; any "$ " or "# " line opens the shell', () => {
  assert.equal(promptDifference(`tomcat@${POD}:/usr/local/tomcat$`, POD), undefined);
  for (const p of [`tomcat@${POD}:/usr/local/tomcat$ `, 'bash-5.1$ ', `root@${POD}:/# `])
    assert.match(`banner\r\n${p}`, SHELL_PROMPT);
  assert.doesNotMatch('Defaulted container "visa-processor"\r\n', SHELL_PROMPT);
});

test('each difference is named', () => {
  assert.match(
    promptDifference(`I have no name!@${POD}:/usr/local/tomcat$`, POD) ?? '',
    /the uid has no name in the image, as with the arbitrary UID/,
  );
  const other = promptDifference(`root@${POD}:/#`, POD) ?? '';
  assert.match(other, /user root, not tomcat; directory \/, not \/usr\/local\/tomcat/);
  assert.match(promptDifference('bash-5.1$', POD) ?? '', /it is not user@host:dir/);
  assert.match(promptDifference('bash-5.1$', POD) ?? '', /The alert checks go on/);
});

test("Central's bash message counts for /bin/bash and /usr/bin/bash, not for sh", () => {
  assert.match("Binary '/bin/bash' executed without arguments", BASH_EXECUTED);
  assert.match("Binary '/usr/bin/bash' executed without arguments", BASH_EXECUTED);
  assert.doesNotMatch("Binary '/bin/sh' executed without arguments", BASH_EXECUTED);
});
