// acceptExec behind a tiny node:http server, driven by raw `ws` clients: negotiation, refusal,
// framing, statuses, stdin EOF, resize and the process events an exec produces.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { type ExecServer, execPath, PROMPT, RawExecClient, startExecServer } from './exec-fixture.ts';

const V5 = 'v5.channel.k8s.io';
const V4 = 'v4.channel.k8s.io';
const CLIENT_NODE_PROTOCOLS = [V5, V4, 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

let server: ExecServer;
const clients: RawExecClient[] = [];

async function open(command: string[], protocols: string[], opts: { tty?: boolean; stdin?: boolean } = {}) {
  const client = await RawExecClient.open(server.port, execPath(command, opts), protocols);
  clients.push(client);
  return client;
}

/** Waits for a prompt to appear (count times in total) on stdout. */
function prompts(client: RawExecClient, count: number): Promise<void> {
  return client.waitFor(() => client.text(1).split(PROMPT).length - 1 >= count, `${count} prompt(s)`);
}

before(async () => {
  server = await startExecServer();
});

after(async () => {
  // The server never sends a channel the client does not know: no 255 (client-node throws
  // "Unknown stream: 255"), nothing above 3, no stdin/resize echo.
  const channels = new Set(clients.flatMap((c) => c.frames.map((f) => f.channel)));
  for (const channel of channels) assert.ok([1, 2, 3].includes(channel), `server sent channel ${channel}`);
  assert.ok(
    channels.has(1) && channels.has(2) && channels.has(3),
    'the tests exercised stdout, stderr, status',
  );
  for (const client of clients) client.ws.terminate();
  await server.close();
});

describe('negotiation', () => {
  test("v5 and v4 in the client's order; the first frame is an empty [1]", async () => {
    const five = await open(['/bin/bash', '-c', 'true'], CLIENT_NODE_PROTOCOLS);
    assert.equal(five.protocol, V5);
    const four = await open(['/bin/bash', '-c', 'true'], [V4, V5]);
    assert.equal(four.protocol, V4);
    for (const client of [five, four]) {
      await client.closed;
      assert.equal(client.frames[0]?.channel, 1);
      assert.equal(client.frames[0]?.data.length, 0);
      assert.equal(client.closeCode, 1000);
    }
  });

  test('refuses before upgrading when no offered protocol is supported', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}${execPath(['/bin/bash'])}`, [
        'v6.channel.k8s.io',
      ]);
      ws.on('unexpected-response', (req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      });
      ws.on('open', () => reject(new Error('upgraded without a supported protocol')));
      ws.on('error', () => {});
    });
    assert.equal(status, 403);
    const parsed = JSON.parse(body);
    assert.equal(parsed.kind, 'Status');
    assert.equal(parsed.code, 403);
    assert.match(parsed.message, /requested protocol\(s\) are not supported: \[v6\.channel\.k8s\.io\]/);
  });

  test('a client offering no protocol gets channel.k8s.io semantics: no status on success', async () => {
    const client = await open(['/bin/bash', '-c', 'whoami'], []);
    assert.equal(client.protocol, '');
    assert.equal(await client.closed, 1000);
    assert.equal(client.text(1), 'tomcat\n');
    assert.equal(client.frames.filter((f) => f.channel === 3).length, 0);
  });
});

describe('exec sessions', () => {
  test('tty: prompt, typing exit -> Success and close 1000', async () => {
    const client = await open(['/bin/bash'], CLIENT_NODE_PROTOCOLS, { tty: true });
    await prompts(client, 1);
    client.send(0, 'exit\r');
    assert.deepEqual(await client.status(), { metadata: {}, status: 'Success' });
    assert.equal(client.closeCode, 1000);
    assert.equal(client.text(1), `${PROMPT}exit\r\nexit\r\n`);
  });

  test('bash -c \'exit 3\' -> NonZeroExitCode with exit code "3" (v5 and v4 wording)', async () => {
    const five = await open(['/bin/bash', '-c', 'exit 3'], [V5]);
    const status5 = await five.status();
    assert.equal(status5.status, 'Failure');
    assert.equal(status5.reason, 'NonZeroExitCode');
    assert.deepEqual(status5.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
    assert.equal(
      status5.message,
      'command terminated with non-zero exit code: command terminated with exit code 3',
    );

    const four = await open(['/bin/bash', '-c', 'exit 3'], [V4]);
    const status4 = await four.status();
    assert.equal(
      status4.message,
      'command terminated with non-zero exit code: error executing command [/bin/bash -c exit 3], exit code 3',
    );
    assert.deepEqual(status4.details, { causes: [{ reason: 'ExitCode', message: '3' }] });
  });

  test('non-tty script on stdin, ended by the v5 CLOSE frame [255,0]', async () => {
    const client = await open(['/bin/bash'], [V5]);
    client.send(0, 'whoami\n');
    client.send(0, 'echo done; false');
    client.send(255, Buffer.from([0]));
    const status = await client.status();
    assert.equal(client.text(1), 'tomcat\ndone\n');
    assert.equal(status.reason, 'NonZeroExitCode');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '1' }] });
  });

  test('on v4 a 255 frame is not a CLOSE: the session goes on', async () => {
    const client = await open(['/bin/bash'], [V4]);
    client.send(255, Buffer.from([0]));
    client.send(0, 'echo still here\n');
    await client.waitFor(() => client.text(1) === 'still here\n', 'echo output');
    assert.equal(client.closeCode, undefined);
    client.send(0, 'exit 5\n');
    const status = await client.status();
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '5' }] });
  });

  test('command not found: 127, text on stderr (channel 2); with a tty on stdout', async () => {
    const plain = await open(['/bin/bash', '-c', 'nope'], [V5]);
    const status = await plain.status();
    assert.equal(plain.text(2), '/bin/bash: line 1: nope: command not found\n');
    assert.equal(plain.text(1), '');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '127' }] });

    const tty = await open(['/bin/bash'], [V5], { tty: true });
    await prompts(tty, 1);
    tty.send(0, 'nope\r');
    await prompts(tty, 2);
    assert.ok(tty.text(1).includes('nope\r\nbash: nope: command not found\r\n'), tty.text(1));
    assert.equal(tty.text(2), '');
    tty.send(0, 'exit\r');
    assert.deepEqual((await tty.status()).details, { causes: [{ reason: 'ExitCode', message: '127' }] });
  });

  test('a binary missing from the container -> InternalError 500 after the initial frame', async () => {
    const client = await open(['/bin/nope'], [V5]);
    const status = await client.status();
    assert.equal(client.frames[0]?.channel, 1);
    assert.equal(status.reason, 'InternalError');
    assert.equal(status.code, 500);
    assert.match(
      String(status.message),
      /^Internal error occurred: Internal error occurred: error executing command in container: .*exec: "\/bin\/nope": stat \/bin\/nope: no such file or directory: unknown$/,
    );
  });

  test('resize frames are accepted (upper- and lowercase keys); bad ones are ignored', async () => {
    const client = await open(['/bin/bash'], [V5], { tty: true });
    await prompts(client, 1);
    client.send(4, '{"Width":100,"Height":30}');
    client.send(0, 'stty size\r');
    await prompts(client, 2);
    assert.ok(client.text(1).includes('stty size\r\n30 100\r\n'), client.text(1));
    client.send(4, '{"width":132,"height":43}');
    client.send(4, '{"width":');
    client.send(4, Buffer.alloc(0));
    client.send(0, 'stty size\r');
    await prompts(client, 3);
    assert.ok(client.text(1).includes('stty size\r\n43 132\r\n'), client.text(1));
    client.send(0, 'exit\r');
    assert.equal((await client.status()).status, 'Success');
  });

  test('a client that hangs up mid-session ends it quietly; the server keeps serving', async () => {
    const client = await open(['/bin/bash'], [V5], { tty: true });
    await prompts(client, 1);
    client.ws.close();
    await client.closed;
    const next = await open(['/bin/bash', '-c', 'hostname'], [V5]);
    assert.equal((await next.status()).status, 'Success');
  });
});

describe('process events (onExec)', () => {
  test("bash -c 'whoami; pwd' -> bash, then whoami with bash as parent", async () => {
    const before = server.events.length;
    const client = await open(['/bin/bash', '-c', 'whoami; pwd'], [V5]);
    await client.status();
    assert.equal(client.text(1), 'tomcat\n/usr/local/tomcat\n');
    assert.deepEqual(server.events.slice(before), [
      { execFilePath: '/bin/bash', args: '-c whoami; pwd', uid: 1000, gid: 1000, parentExecFilePath: '' },
      { execFilePath: '/usr/bin/whoami', args: '', uid: 1000, gid: 1000, parentExecFilePath: '/bin/bash' },
    ]);
  });

  test('interactive: typing ls then exit -> bash, ls', async () => {
    const before = server.events.length;
    const client = await open(['/bin/bash'], CLIENT_NODE_PROTOCOLS, { tty: true });
    await prompts(client, 1);
    client.send(0, 'ls\r');
    await prompts(client, 2);
    assert.ok(client.text(1).includes('ls\r\nBUILDING.txt  '), client.text(1));
    client.send(0, 'exit\r');
    await client.status();
    assert.deepEqual(server.events.slice(before), [
      { execFilePath: '/bin/bash', args: '', uid: 1000, gid: 1000, parentExecFilePath: '' },
      { execFilePath: '/bin/ls', args: '', uid: 1000, gid: 1000, parentExecFilePath: '/bin/bash' },
    ]);
  });
});

describe('base64 protocols', () => {
  test('v4.base64: text frames with a channel digit and base64 payload', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${execPath(['/bin/bash'])}`, [
      'v4.base64.channel.k8s.io',
    ]);
    const frames: string[] = [];
    ws.on('message', (data: Buffer) => frames.push(data.toString('utf8')));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(`0${Buffer.from('whoami\nexit 2\n').toString('base64')}`);
    await new Promise((resolve) => ws.once('close', resolve));
    assert.equal(ws.protocol, 'v4.base64.channel.k8s.io');
    assert.equal(frames[0], '1');
    assert.equal(frames[1], `1${Buffer.from('tomcat\n').toString('base64')}`);
    const status = JSON.parse(Buffer.from(frames.at(-1)!.slice(1), 'base64').toString('utf8'));
    assert.equal(frames.at(-1)![0], '3');
    assert.deepEqual(status.details, { causes: [{ reason: 'ExitCode', message: '2' }] });
  });
});
