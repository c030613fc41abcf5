// A server-side SPDY/3 session over an upgraded socket: the streams the client opens, their data, and
// the frames the server answers with. Semantics from moby/spdystream connection.go (each SYN_STREAM is
// answered with a SYN_REPLY; PINGs the client starts, odd ids, are echoed; GOAWAY then close ends it) and
// k8s.io/apimachinery pkg/util/httpstream/spdy/connection.go (the server replies to every new stream).
// Flow control is not enforced: spdystream sends no WINDOW_UPDATE for what it receives and ignores the
// ones it gets (a guess from its source; exec traffic stays far below the 64 KiB window in the lab's use).
import type { Duplex } from 'node:stream';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  type Frame,
  FrameSplitter,
  FrameType,
  goAwayFrame,
  HeaderCodec,
  type Headers,
  pingFrame,
  RstStatus,
  rstStreamFrame,
} from './spdy-frames.ts';

export interface SpdyStream {
  id: number;
  headers: Headers;
  /** Data the client sent on this stream. */
  onData(cb: (data: Buffer) => void): void;
  /** The client finished its side (FIN or RST_STREAM). */
  onEnd(cb: () => void): void;
  write(data: string | Buffer): void;
  /** Half-closes the server side: an empty DATA frame with FIN. */
  end(): void;
}

interface StreamState extends SpdyStream {
  dataListeners: ((data: Buffer) => void)[];
  endListeners: (() => void)[];
  remoteEnded: boolean;
  localEnded: boolean;
}

export class SpdyConnection {
  private readonly splitter = new FrameSplitter();
  private readonly inflater = new HeaderCodec('decompress');
  private readonly deflater = new HeaderCodec('compress');
  private readonly streams = new Map<number, StreamState>();
  private incoming: Promise<void> = Promise.resolve();
  private outgoing: Promise<void> = Promise.resolve();
  private lastStreamId = 0;
  private closed = false;
  private readonly streamListeners: ((stream: SpdyStream) => void)[] = [];
  private readonly closeListeners: (() => void)[] = [];

  constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.shutdown());
    socket.on('error', () => this.shutdown());
  }

  /** Bytes that arrived together with the upgrade request. */
  receive(chunk: Buffer): void {
    if (chunk.length === 0 || this.closed) return;
    for (const frame of this.splitter.push(chunk)) {
      // Frames are handled strictly in order, since header inflation is asynchronous.
      this.incoming = this.incoming.then(() => this.handle(frame)).catch(() => this.close());
    }
  }

  onStream(cb: (stream: SpdyStream) => void): void {
    this.streamListeners.push(cb);
  }

  onClose(cb: () => void): void {
    this.closeListeners.push(cb);
  }

  /** GOAWAY, then the socket is closed once everything queued before it is written. */
  close(): void {
    if (this.closed) return;
    this.send(async () => goAwayFrame(this.lastStreamId));
    this.outgoing = this.outgoing.then(() => {
      this.socket.end();
    });
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const stream of this.streams.values()) this.remoteEnd(stream);
    this.inflater.close();
    // The deflater may still be compressing a queued reply: close it after the queue.
    this.outgoing = this.outgoing.then(() => this.deflater.close());
    for (const cb of this.closeListeners) cb();
  }

  private send(frame: () => Promise<Buffer>): void {
    this.outgoing = this.outgoing
      .then(async () => {
        const bytes = await frame();
        if (this.socket.writable) this.socket.write(bytes);
      })
      .catch(() => {});
  }

  private async handle(frame: Frame): Promise<void> {
    if (frame.kind === 'data') {
      const stream = this.streams.get(frame.streamId);
      if (stream === undefined) {
        this.send(async () => rstStreamFrame(frame.streamId, RstStatus.INVALID_STREAM));
        return;
      }
      if (frame.payload.length > 0) for (const cb of stream.dataListeners) cb(frame.payload);
      if (frame.fin) this.remoteEnd(stream);
      return;
    }
    const body = frame.body;
    switch (frame.type) {
      case FrameType.SYN_STREAM: {
        const id = body.readUInt32BE(0) & 0x7fffffff;
        // Stream id, associated id, priority and slot come before the compressed headers.
        const headers = decodeHeaderBlock(await this.inflater.run(body.subarray(10)));
        this.openStream(id, headers, (frame.flags & FLAG_FIN) !== 0);
        return;
      }
      case FrameType.HEADERS:
        // Header blocks share the zlib context, so they must be inflated even when unused.
        await this.inflater.run(body.subarray(4));
        return;
      case FrameType.RST_STREAM: {
        const stream = this.streams.get(body.readUInt32BE(0) & 0x7fffffff);
        if (stream !== undefined) this.remoteEnd(stream);
        return;
      }
      case FrameType.PING: {
        const id = body.readUInt32BE(0);
        if (id % 2 === 1) this.send(async () => pingFrame(id));
        return;
      }
      case FrameType.GOAWAY:
        this.close();
        return;
      default:
        // SETTINGS and WINDOW_UPDATE carry nothing the lab acts on.
        return;
    }
  }

  private openStream(id: number, headers: Headers, fin: boolean): void {
    this.lastStreamId = Math.max(this.lastStreamId, id);
    const stream: StreamState = {
      id,
      headers,
      dataListeners: [],
      endListeners: [],
      remoteEnded: false,
      localEnded: false,
      onData: (cb) => stream.dataListeners.push(cb),
      onEnd: (cb) => {
        if (stream.remoteEnded) cb();
        else stream.endListeners.push(cb);
      },
      write: (data) => {
        if (stream.localEnded || this.closed) return;
        const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        if (payload.length > 0) this.send(async () => dataFrame(id, payload, false));
      },
      end: () => {
        if (stream.localEnded || this.closed) return;
        stream.localEnded = true;
        this.send(async () => dataFrame(id, Buffer.alloc(0), true));
      },
    };
    this.streams.set(id, stream);
    this.send(async () => {
      const block = await this.deflater.run(encodeHeaderBlock({}));
      const idWord = Buffer.alloc(4);
      idWord.writeUInt32BE(id);
      return controlFrame(FrameType.SYN_REPLY, 0, Buffer.concat([idWord, block]));
    });
    for (const cb of this.streamListeners) cb(stream);
    if (fin) this.remoteEnd(stream);
  }

  private remoteEnd(stream: StreamState): void {
    if (stream.remoteEnded) return;
    stream.remoteEnded = true;
    for (const cb of stream.endListeners.splice(0)) cb();
  }
}
