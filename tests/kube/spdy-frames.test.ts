// SPDY/3 framing pieces: the header dictionary, header blocks through a shared zlib context, frame
// splitting across chunk boundaries, and a connection answering SYN_STREAM and PING as spdystream expects.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Duplex } from 'node:stream';
import { test } from 'node:test';
import { SpdyConnection, type SpdyStream } from '../../mocks/kube/spdy-connection.ts';
import { SPDY3_DICTIONARY } from '../../mocks/kube/spdy-dictionary.ts';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  type Frame,
  FrameSplitter,
  FrameType,
  HeaderCodec,
  pingFrame,
} from '../../mocks/kube/spdy-frames.ts';

test('the SPDY/3 dictionary is the 1423 bytes of the spec', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.equal(
    createHash('sha1').update(SPDY3_DICTIONARY).digest('hex'),
    'd68ca9b208de9c3754703445a22cf668a5abebb3',
  );
});

test('header blocks survive one compression context used for several blocks', async () => {
  const deflate = new HeaderCodec('compress');
  const inflate = new HeaderCodec('decompress');
  const blocks: Record<string, string>[] = [
    { streamtype: 'error' },
    { streamtype: 'stdout' },
    { StreamType: 'stdin', port: '0' },
  ];
  for (const headers of blocks) {
    const back = decodeHeaderBlock(await inflate.run(await deflate.run(encodeHeaderBlock(headers))));
    assert.deepEqual(back, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])));
  }
  deflate.close();
  inflate.close();
});

test('frames split across chunks come out whole, control and data told apart', () => {
  const bytes = Buffer.concat([pingFrame(1), dataFrame(3, Buffer.from('hello'), true)]);
  const splitter = new FrameSplitter();
  const frames = [
    ...splitter.push(bytes.subarray(0, 5)),
    ...splitter.push(bytes.subarray(5, 15)),
    ...splitter.push(bytes.subarray(15)),
  ];
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0], {
    kind: 'control',
    type: FrameType.PING,
    flags: 0,
    body: Buffer.from([0, 0, 0, 1]),
  });
  assert.deepEqual(frames[1], { kind: 'data', streamId: 3, fin: true, payload: Buffer.from('hello') });
});

/** The server's socket as the client sees it: what the test pushes, the server reads; what it writes is kept. */
function fakeSocket() {
  const received: Frame[] = [];
  const splitter = new FrameSplitter();
  const duplex = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      received.push(...splitter.push(chunk));
      callback();
    },
  });
  return { duplex, clientWrite: (bytes: Buffer) => duplex.push(bytes), received };
}

test('a connection replies to a SYN_STREAM, delivers its data and FIN, and echoes client PINGs', async () => {
  const { duplex, clientWrite, received } = fakeSocket();
  const connection = new SpdyConnection(duplex);
  const opened: SpdyStream[] = [];
  const data: string[] = [];
  let ended = false;
  connection.onStream((s) => {
    opened.push(s);
    s.onData((d) => data.push(d.toString()));
    s.onEnd(() => {
      ended = true;
    });
  });
  const deflate = new HeaderCodec('compress');
  const block = await deflate.run(encodeHeaderBlock({ streamtype: 'stdin' }));
  const ids = Buffer.alloc(10);
  ids.writeUInt32BE(1, 0);
  clientWrite(controlFrame(FrameType.SYN_STREAM, 0, Buffer.concat([ids, block])));
  clientWrite(dataFrame(1, Buffer.from('ls\n'), false));
  clientWrite(dataFrame(1, Buffer.alloc(0), true));
  clientWrite(pingFrame(7));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(opened[0]?.headers.streamtype, 'stdin');
  assert.deepEqual(data, ['ls\n']);
  assert.equal(ended, true);
  const controls = received.filter((f) => f.kind === 'control');
  assert.deepEqual(
    controls.map((f) => f.type),
    [FrameType.SYN_REPLY, FrameType.PING],
  );
  opened[0]?.write('out');
  opened[0]?.end();
  connection.close();
  await new Promise((r) => setTimeout(r, 50));
  const tail = received.slice(2);
  assert.deepEqual(
    tail.map((f) => (f.kind === 'data' ? `data:${f.payload}:${f.fin}` : `control:${f.type}`)),
    ['data:out:false', 'data::true', `control:${FrameType.GOAWAY}`],
  );
  deflate.close();
});
