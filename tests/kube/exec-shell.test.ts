// The emulated shell on its own: prompts and tty echo, builtins vs binaries (process events),
// error wording of bash and dash, exit statuses, stdin scripts and EOF.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ExecSession, ExecutedBinary } from '../../mocks/contract.ts';
import { EmulatedShell } from '../../mocks/kube/shell.ts';
import { startFailure } from '../../mocks/kube/shell-binaries.ts';
import { HOSTNAME, makeSession, PROMPT } from './exec-fixture.ts';

interface Run {
  out: string;
  err: string;
  code: number | undefined;
  events: ExecutedBinary[];
  shell: EmulatedShell;
}

/** Starts a shell, feeds each input after letting the shell run, optionally closes stdin. */
async function run(overrides: Partial<ExecSession>, inputs: string[] = [], eof = false): Promise<Run> {
  const { session, events } = makeSession(overrides);
  const result: Run = {
    out: '',
    err: '',
    code: undefined,
    events,
    shell: undefined as unknown as EmulatedShell,
  };
  const shell = new EmulatedShell(session, {
    write: (d) => {
      result.out += d;
    },
    writeErr: (d) => {
      result.err += d;
    },
  });
  result.shell = shell;
  shell.onExit((code) => {
    result.code = code;
  });
  shell.start();
  for (const input of inputs) {
    await settle();
    shell.input(input);
  }
  await settle();
  if (eof) shell.endInput();
  await settle();
  return result;
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ev = (execFilePath: string, args: string, parentExecFilePath: string): ExecutedBinary => ({
  execFilePath,
  args,
  uid: 1000,
  gid: 1000,
  parentExecFilePath,
});

describe('interactive bash with a tty', () => {
  test('prints the workshop prompt, echoes typing with CRLF and runs the line on Enter', async () => {
    const r = await run({ tty: true }, ['whoami\r']);
    assert.equal(r.out, `${PROMPT}whoami\r\ntomcat\r\n${PROMPT}`);
    assert.equal(r.err, '', 'with a tty stderr goes to the terminal (write), never writeErr');
    assert.equal(r.code, undefined, 'still running');
    assert.deepEqual(r.events, [ev('/bin/bash', '', ''), ev('/usr/bin/whoami', '', '/bin/bash')]);
  });

  test('backspace erases the last typed character', async () => {
    const r = await run({ tty: true }, ['idx\x7f\r']);
    assert.ok(r.out.includes('idx\b \b\r\nuid=1000(tomcat) gid=1000(tomcat) groups=1000(tomcat)\r\n'), r.out);
    assert.deepEqual(r.events.at(-1), ev('/usr/bin/id', '', '/bin/bash'));
  });

  test('root gets root@host:/# ', async () => {
    const r = await run({
      tty: true,
      user: { name: 'root', uid: 0, gid: 0, home: '/root' },
      workingDir: '/',
    });
    assert.equal(r.out, `root@${HOSTNAME}:/# `);
  });

  test('exit prints "exit" and ends with the given status; builtins are no process events', async () => {
    const r = await run({ tty: true }, ['echo hi; pwd; cd /tmp; true; false\r', 'exit 7\r']);
    assert.ok(r.out.includes('hi\r\n/usr/local/tomcat\r\n'), r.out);
    assert.ok(r.out.includes(`tomcat@${HOSTNAME}:/tmp$ exit 7\r\nexit\r\n`), r.out);
    assert.equal(r.code, 7);
    assert.deepEqual(r.events, [ev('/bin/bash', '', '')]);
  });

  test('a nested bash is an event; its exit returns to the outer shell', async () => {
    const r = await run({ tty: true }, ['bash\r', 'ls\r', 'exit 4\r', 'echo $?\r', 'exit\r']);
    assert.deepEqual(r.events, [
      ev('/bin/bash', '', ''),
      ev('/bin/bash', '', '/bin/bash'),
      ev('/bin/ls', '', '/bin/bash'),
    ]);
    assert.ok(r.out.includes('exit 4\r\nexit\r\n'), r.out);
    assert.ok(r.out.includes('echo $?\r\n4\r\n'), r.out);
    assert.equal(r.code, 0);
  });

  test('Ctrl-C discards the line with status 130, Ctrl-D exits', async () => {
    const r = await run({ tty: true }, ['whoami\x03', 'echo $?\r', '\x04']);
    assert.ok(r.out.includes('whoami^C\r\n'), r.out);
    assert.ok(r.out.includes('130\r\n'), r.out);
    assert.ok(r.out.endsWith('exit\r\n'), r.out);
    assert.equal(r.code, 0);
    assert.equal(r.events.length, 1, 'the interrupted whoami never ran');
  });

  test('command not found: 127, bash wording, no event', async () => {
    const r = await run({ tty: true }, ['nope --x\r', 'echo $?\r']);
    assert.ok(r.out.includes('nope --x\r\nbash: nope: command not found\r\n'), r.out);
    assert.ok(r.out.includes('echo $?\r\n127\r\n'), r.out);
    assert.equal(r.events.length, 1);
  });

  test('resize is remembered and stty size reports it', async () => {
    const r = await run({ tty: true });
    r.shell.resize(120, 40);
    r.shell.input('stty size\r');
    await settle();
    assert.ok(r.out.includes('stty size\r\n40 120\r\n'), r.out);
    assert.deepEqual(r.events.at(-1), ev('/bin/stty', 'size', '/bin/bash'));
  });
});

describe('bash -c and binaries', () => {
  test("bash -c 'whoami; pwd' reports bash then whoami (pwd is a builtin)", async () => {
    const r = await run({ command: ['/bin/bash', '-c', 'whoami; pwd'] });
    assert.equal(r.out, 'tomcat\n/usr/local/tomcat\n');
    assert.equal(r.code, 0);
    assert.deepEqual(r.events, [
      ev('/bin/bash', '-c whoami; pwd', ''),
      ev('/usr/bin/whoami', '', '/bin/bash'),
    ]);
  });

  test('exit N, $?, &&, ||, quotes and variables', async () => {
    const script = `false || echo "a $HOSTNAME"; true && echo 'b $HOME' $HOME; false; echo -n $?; exit 3`;
    const r = await run({ command: ['bash', '-c', script] });
    assert.equal(r.out, `a ${HOSTNAME}\nb $HOME /home/tomcat\n1`);
    assert.equal(r.code, 3);
  });

  test('exit status wraps at 256 and rejects non-numbers', async () => {
    assert.equal((await run({ command: ['bash', '-c', 'exit 259'] })).code, 3);
    const bad = await run({ command: ['bash', '-c', 'exit abc'] });
    assert.equal(bad.code, 2);
    assert.equal(bad.err, 'bash: line 1: exit: abc: numeric argument required\n');
  });

  test('command not found in a script names $0 and the line', async () => {
    const r = await run({ command: ['/bin/bash', '-c', 'echo ok\nnope'] });
    assert.equal(r.out, 'ok\n');
    assert.equal(r.err, '/bin/bash: line 2: nope: command not found\n');
    assert.equal(r.code, 127);
  });

  test('dash says "sh: 1: X: not found"', async () => {
    const r = await run({ command: ['sh', '-c', 'nope'] });
    assert.equal(r.err, 'sh: 1: nope: not found\n');
    assert.equal(r.code, 127);
    assert.deepEqual(r.events, [ev('/bin/sh', '-c nope', '')]);
  });

  test('a binary run directly: args joined by spaces, no shell', async () => {
    const r = await run({ command: ['/bin/ls', '-la'] });
    assert.ok(r.out.startsWith('total '), r.out);
    assert.ok(r.out.includes(' webapps\n'), r.out);
    assert.equal(r.code, 0);
    assert.deepEqual(r.events, [ev('/bin/ls', '-la', '')]);

    const env = await run({ command: ['env'] });
    assert.ok(env.out.includes(`HOSTNAME=${HOSTNAME}\n`) && env.out.includes('HOME=/home/tomcat\n'), env.out);
    assert.deepEqual(env.events, [ev('/usr/bin/env', '', '')]);
  });

  test('/bin/echo typed in bash is the binary, echo is the builtin', async () => {
    const r = await run({ command: ['bash', '-c', 'echo a; /bin/echo b'] });
    assert.equal(r.out, 'a\nb\n');
    assert.deepEqual(
      r.events.map((e) => e.execFilePath),
      ['/bin/bash', '/bin/echo'],
    );
  });

  test('the runtime refuses binaries that do not exist', () => {
    assert.match(
      startFailure(['/bin/nope']) ?? '',
      /^error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "\/bin\/nope": stat \/bin\/nope: no such file or directory: unknown$/,
    );
    assert.match(startFailure(['nope']) ?? '', /exec: "nope": executable file not found in \$PATH: unknown$/);
    assert.equal(startFailure(['/bin/bash']), undefined);
    assert.equal(startFailure(['whoami']), undefined);
  });
});

describe('bash reading stdin without a tty', () => {
  test('runs each line, no prompt, no echo, exits at EOF with the last status', async () => {
    const r = await run({ tty: false }, ['whoami\nec', 'ho done\nfalse\n'], true);
    assert.equal(r.out, 'tomcat\ndone\n');
    assert.equal(r.err, '');
    assert.equal(r.code, 1);
  });

  test('errors carry the line number; a last line without newline still runs', async () => {
    const r = await run({ tty: false }, ['true\nnope\nhostname'], true);
    assert.equal(r.err, '/bin/bash: line 2: nope: command not found\n');
    assert.equal(r.out, `${HOSTNAME}\n`);
    assert.equal(r.code, 0);
  });

  test('without stdin the shell sees EOF at once', async () => {
    const r = await run({ tty: false, stdin: false });
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  });

  test('dispose stops the shell without reporting an exit', async () => {
    const r = await run({ tty: true });
    r.shell.dispose();
    r.shell.input('exit 1\r');
    await settle();
    assert.equal(r.code, undefined);
  });
});

describe('constructs the lab shell does not run say so, as bash would word an error', () => {
  const NOT_SUPPORTED = "is not supported by the embedded lab's shell (a real bash would run it)";

  test("bash -c 'echo $((6*7))': an error naming arithmetic expansion, status 2, nothing run", async () => {
    const r = await run({ command: ['/bin/bash', '-c', 'echo $((6*7))'] });
    assert.equal(r.out, '');
    assert.equal(r.err, `/bin/bash: -c: line 1: arithmetic expansion $((...)) ${NOT_SUPPORTED}\n`);
    assert.equal(r.code, 2);
    assert.deepEqual(r.events, [ev('/bin/bash', '-c echo $((6*7))', '')]);
  });

  for (const [script, construct] of [
    ['echo "$(whoami)"', 'command substitution $(...)'],
    ['echo `whoami`', 'command substitution `...`'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell script and its construct, not templates
    ['echo ${HOME:-/}', 'parameter expansion ${...}'],
    ['ls > /tmp/out', 'redirection >'],
    ['cat <<EOF', 'redirection <<'],
    ['(cd /tmp)', 'subshell ( ... )'],
    ['if true; then echo y; fi', "compound command 'if'"],
    ['for f in a b; do echo $f; done', "compound command 'for'"],
    ['ls *.jar', 'pathname expansion *'],
    ['sleep 1 &', 'background job &'],
  ] as const) {
    test(`${script}: ${construct}`, async () => {
      const r = await run({ command: ['/bin/bash', '-c', script] });
      assert.equal(r.err, `/bin/bash: -c: line 1: ${construct} ${NOT_SUPPORTED}\n`);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
    });
  }

  test('quoted, the same characters are plain text', async () => {
    const r = await run({ command: ['/bin/bash', '-c', "echo '$((6*7))' 'a > b' \"*\" '(x)'"] });
    assert.equal(r.out, '$((6*7)) a > b * (x)\n');
    assert.equal(r.code, 0);
  });

  test('interactively the line is refused and the shell goes on: $? is 2', async () => {
    const r = await run({ tty: true }, ['echo $((1+1))\r', 'echo $?\r', 'exit\r']);
    assert.match(
      r.out,
      /bash: arithmetic expansion \$\(\(\.\.\.\)\) is not supported by the embedded lab's shell/,
    );
    assert.match(r.out, /\r\n2\r\n/);
    assert.equal(r.code, 0);
  });
});

describe('a uid the image does not know (OpenShift arbitrary UID)', () => {
  const nobody = { name: '', uid: 1000680000, gid: 0, home: '/' };

  test('bash prompts "I have no name!", whoami cannot find the name, id shows the bare uid', async () => {
    const r = await run({ tty: true, user: nobody }, ['whoami\r', 'id\r', 'exit\r']);
    assert.ok(r.out.startsWith(`I have no name!@${HOSTNAME}:/usr/local/tomcat$ `), r.out);
    assert.match(r.out, /whoami: cannot find name for user ID 1000680000/);
    assert.match(r.out, /uid=1000680000 gid=0\(root\) groups=0\(root\),1000680000/);
  });
});
