// SPDY/3 framing (what kubectl's "SPDY/3.1" upgrade speaks: moby/spdystream writes version-3 frames),
// server side only. Sources: draft-mbelshe-httpbis-spdy-00 (SPDY/3) section 2.2 frame layout, 2.6 control
// frames; moby/spdystream spdy/read.go and write.go (header names lowercased, one zlib context per
// direction for the whole connection, flushed with Z_SYNC_FLUSH after each header block).
import zlib from 'node:zlib';
import { SPDY3_DICTIONARY } from './spdy-dictionary.ts';

export const SPDY_VERSION = 3;
export const FLAG_FIN = 0x01;

export const FrameType = {
  SYN_STREAM: 1,
  SYN_REPLY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  HEADERS: 8,
  WINDOW_UPDATE: 9,
} as const;

/** RST_STREAM status codes used here (SPDY/3 section 2.6.3). */
export const RstStatus = { PROTOCOL_ERROR: 1, INVALID_STREAM: 2, CANCEL: 5 } as const;

export type Headers = Record<string, string>;

export type Frame =
  | { kind: 'data'; streamId: number; fin: boolean; payload: Buffer }
  | { kind: 'control'; type: number; flags: number; body: Buffer };

/** Splits a byte stream into SPDY frames; keeps a partial frame until the rest arrives. */
export class FrameSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    while (this.buffer.length >= 8) {
      const length = this.buffer.readUIntBE(5, 3);
      if (this.buffer.length < 8 + length) break;
      const flags = this.buffer[4] ?? 0;
      const body = this.buffer.subarray(8, 8 + length);
      const first = this.buffer.readUInt32BE(0);
      if ((first & 0x80000000) !== 0) {
        frames.push({ kind: 'control', type: first & 0xffff, flags, body });
      } else {
        frames.push({
          kind: 'data',
          streamId: first & 0x7fffffff,
          fin: (flags & FLAG_FIN) !== 0,
          payload: body,
        });
      }
      this.buffer = this.buffer.subarray(8 + length);
    }
    return frames;
  }
}

function header(first: number, flags: number, length: number): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(first >>> 0, 0);
  head[4] = flags;
  head.writeUIntBE(length, 5, 3);
  return head;
}

export function controlFrame(type: number, flags: number, body: Buffer): Buffer {
  return Buffer.concat([header((0x8000 | SPDY_VERSION) * 0x10000 + type, flags, body.length), body]);
}

export function dataFrame(streamId: number, payload: Buffer, fin: boolean): Buffer {
  return Buffer.concat([header(streamId & 0x7fffffff, fin ? FLAG_FIN : 0, payload.length), payload]);
}

function words(...values: number[]): Buffer {
  const body = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) body.writeUInt32BE(v >>> 0, i * 4);
  return body;
}

export const rstStreamFrame = (streamId: number, status: number) =>
  controlFrame(FrameType.RST_STREAM, 0, words(streamId & 0x7fffffff, status));
export const pingFrame = (id: number) => controlFrame(FrameType.PING, 0, words(id));
/** Status 0 is OK (SPDY/3 section 2.6.6). */
export const goAwayFrame = (lastGoodStreamId: number) =>
  controlFrame(FrameType.GOAWAY, 0, words(lastGoodStreamId & 0x7fffffff, 0));

/** The uncompressed SPDY/3 name/value block: a 32-bit count, then 32-bit-length-prefixed names and values. */
export function encodeHeaderBlock(headers: Headers): Buffer {
  const parts: Buffer[] = [words(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase(), 'utf8');
    const v = Buffer.from(value, 'utf8');
    parts.push(words(n.length), n, words(v.length), v);
  }
  return Buffer.concat(parts);
}

/** Parses a name/value block; repeated values (NUL-separated) are kept joined with ','. */
export function decodeHeaderBlock(block: Buffer): Headers {
  const headers: Headers = {};
  let offset = 0;
  const read = (): string => {
    if (offset + 4 > block.length) throw new Error('SPDY header block truncated');
    const length = block.readUInt32BE(offset);
    offset += 4;
    if (offset + length > block.length) throw new Error('SPDY header block truncated');
    const value = block.subarray(offset, offset + length).toString('utf8');
    offset += length;
    return value;
  };
  const count = block.length >= 4 ? block.readUInt32BE(0) : 0;
  offset = 4;
  for (let i = 0; i < count; i++) {
    const name = read().toLowerCase();
    headers[name] = read().split('\0').join(',');
  }
  return headers;
}

/**
 * One direction's zlib context: SPDY compresses every header block of a connection in one stream,
 * so the state must survive between blocks (a fresh inflate per block fails on the second one).
 */
export class HeaderCodec {
  private pending: Buffer[] = [];
  private readonly stream: zlib.Deflate | zlib.Inflate;

  constructor(direction: 'compress' | 'decompress') {
    const options = { dictionary: SPDY3_DICTIONARY };
    this.stream = direction === 'compress' ? zlib.createDeflate(options) : zlib.createInflate(options);
    this.stream.on('data', (chunk: Buffer) => this.pending.push(chunk));
  }

  /** Callers must not overlap calls: SpdyConnection runs them one at a time. */
  run(data: Buffer): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.stream.once('error', onError);
      this.stream.write(data);
      this.stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        this.stream.off('error', onError);
        const out = Buffer.concat(this.pending);
        this.pending = [];
        resolve(out);
      });
    });
  }

  close(): void {
    this.stream.destroy();
  }
}
