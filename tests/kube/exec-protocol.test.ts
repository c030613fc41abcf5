// The channel protocol's pure parts: negotiation order, status wording per protocol, resize parsing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  decodeFrame,
  encodeFrame,
  negotiate,
  offeredProtocols,
  parseResize,
  SUPPORTED_PROTOCOLS,
  statusMessage,
} from '../../mocks/kube/exec-protocol.ts';

const v5 = SUPPORTED_PROTOCOLS[0]!;
const v4 = SUPPORTED_PROTOCOLS[1]!;
const v1 = SUPPORTED_PROTOCOLS.find((p) => p.name === 'channel.k8s.io')!;

describe('negotiation', () => {
  test("the first protocol in the client's order wins", () => {
    assert.equal(negotiate(['v4.channel.k8s.io', 'v5.channel.k8s.io'])?.name, 'v4.channel.k8s.io');
    assert.equal(
      negotiate(['x.k8s.io', 'v3.channel.k8s.io', 'v5.channel.k8s.io'])?.name,
      'v3.channel.k8s.io',
    );
    assert.equal(negotiate(offeredProtocols('v5.channel.k8s.io, v4.channel.k8s.io'))?.version, 5);
  });

  test('nothing supported -> refuse; nothing offered -> v1 without a header', () => {
    assert.equal(negotiate(['v6.channel.k8s.io', 'SPDY/3.1']), undefined);
    assert.deepEqual(negotiate([]), { name: '', version: 1, base64: false });
  });
});

describe('status on channel 3', () => {
  const cmd = ['/bin/bash', '-c', 'exit 3'];

  test('success is the bare Status on v4 and v5, nothing before v4', () => {
    assert.equal(statusMessage(v5, cmd, { kind: 'exited', code: 0 }), '{"metadata":{},"status":"Success"}');
    assert.equal(statusMessage(v4, cmd, { kind: 'exited', code: 0 }), '{"metadata":{},"status":"Success"}');
    assert.equal(statusMessage(v1, cmd, { kind: 'exited', code: 0 }), undefined);
  });

  test('non-zero exit: kubelet wording on v4, translator wording on v5, code as a string', () => {
    assert.equal(
      statusMessage(v4, cmd, { kind: 'exited', code: 3 }),
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: error executing command [/bin/bash -c exit 3], exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
    assert.equal(
      statusMessage(v5, cmd, { kind: 'exited', code: 3 }),
      '{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 3","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"3"}]}}',
    );
    assert.equal(
      statusMessage(v1, cmd, { kind: 'exited', code: 3 }),
      'command terminated with non-zero exit code: error executing command [/bin/bash -c exit 3], exit code 3',
    );
  });

  test('cannot start: InternalError 500 (wrapped twice through the v5 translator)', () => {
    const outcome = { kind: 'startFailed', error: 'E' } as const;
    assert.equal(
      statusMessage(v4, ['/bin/nope'], outcome),
      '{"metadata":{},"status":"Failure","message":"Internal error occurred: E","reason":"InternalError","details":{"causes":[{"message":"E"}]},"code":500}',
    );
    const fromV5 = JSON.parse(statusMessage(v5, ['/bin/nope'], outcome) ?? '');
    assert.equal(fromV5.message, 'Internal error occurred: Internal error occurred: E');
    assert.equal(fromV5.code, 500);
    assert.equal(fromV5.reason, 'InternalError');
  });
});

describe('frames', () => {
  test('resize keys are case-insensitive; anything else is ignored', () => {
    assert.deepEqual(parseResize(Buffer.from('{"Width":80,"Height":24}')), { cols: 80, rows: 24 });
    assert.deepEqual(parseResize(Buffer.from('{"width":100,"height":30}')), { cols: 100, rows: 30 });
    assert.equal(parseResize(Buffer.from('{"Width":80')), undefined);
    assert.equal(parseResize(Buffer.from('{"Width":"80","Height":24}')), undefined);
    assert.equal(parseResize(Buffer.from('[80,24]')), undefined);
  });

  test('binary and base64 framing', () => {
    assert.deepEqual(encodeFrame(v5, 1, 'hi'), Buffer.from([1, 0x68, 0x69]));
    const b64 = SUPPORTED_PROTOCOLS.find((p) => p.base64)!;
    assert.equal(encodeFrame(b64, 1, 'hi'), '1aGk=');
    assert.deepEqual(decodeFrame(b64, Buffer.from('0aGk='), false), {
      channel: 0,
      payload: Buffer.from('hi'),
    });
    assert.deepEqual(decodeFrame(v4, Buffer.from([4, 0x7b]), true), {
      channel: 4,
      payload: Buffer.from('{'),
    });
    assert.equal(decodeFrame(v4, Buffer.alloc(0), true), undefined);
  });
});
