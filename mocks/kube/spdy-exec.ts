// pods/exec over SPDY/3.1 (kubectl 1.29 and older, `oc` of OpenShift 4.16 and older, and the fallback of
// newer kubectl): after the 101 the client opens one SPDY stream per channel, named by its `streamType`
// header, and the lab connects them to the same emulated shell the WebSocket exec uses.
// Sources: k8s.io/apimachinery pkg/util/httpstream/spdy/upgrade.go (the 101 answer),
// k8s.io/apiserver pkg/util/remotecommand and kubelet pkg/cri/streaming/remotecommand/httpstream.go
// (stream types error/stdin/stdout/stderr/resize; the server waits for the expected streams before it
// runs the command; v4 writes a metav1.Status JSON on the error stream, older versions the error text;
// resize carries JSON {"Width":..,"Height":..} values, one after another); client-go
// tools/remotecommand/v4.go (the client reads stdout/stderr and the error stream to EOF).
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecSession } from '../contract.ts';
import { type ChannelProtocol, type ExecOutcome, parseResize, statusMessage } from './exec-protocol.ts';
import { EmulatedShell } from './shell.ts';
import { startFailure } from './shell-binaries.ts';
import { SpdyConnection, type SpdyStream } from './spdy-connection.ts';

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';

/** The real server's streamCreationTimeout is 30 s and then fails; the lab runs with what it has. */
const STREAM_WAIT_MS = 2000;

/** The channel protocol whose wording the kubelet uses; v5 over SPDY acts as v4 (kubelet httpstream.go). */
function channelProtocol(negotiated: string): ChannelProtocol {
  const version = /^v([2-5])\./.exec(negotiated)?.[1];
  const v = version === undefined ? 1 : Math.min(Number(version), 4);
  return { name: negotiated, version: v as ChannelProtocol['version'], base64: false };
}

function expectedStreams(session: ExecSession, protocol: ChannelProtocol): StreamType[] {
  const types: StreamType[] = ['error'];
  if (session.stdin) types.push('stdin');
  if (session.stdout) types.push('stdout');
  if (session.stderr) types.push('stderr');
  if (session.tty && protocol.version >= 3) types.push('resize');
  return types;
}

export function acceptSpdyExec(socket: Duplex, head: Buffer, session: ExecSession, negotiated: string): void {
  socket.on('error', () => {});
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      (negotiated === '' ? '' : `X-Stream-Protocol-Version: ${negotiated}\r\n`) +
      '\r\n',
  );
  const connection = new SpdyConnection(socket);
  const protocol = channelProtocol(negotiated);
  const streams = new Map<StreamType, SpdyStream>();
  const expected = expectedStreams(session, protocol);
  let run: ExecRun | undefined;
  const start = () => {
    if (run !== undefined) return;
    clearTimeout(timer);
    run = new ExecRun(connection, streams, protocol, session);
  };
  const timer = setTimeout(start, STREAM_WAIT_MS);
  connection.onStream((stream) => {
    const type = stream.headers.streamtype as StreamType | undefined;
    if (type === undefined || streams.has(type)) return;
    streams.set(type, stream);
    if (run !== undefined) run.attachLate(type, stream);
    else if (expected.every((t) => streams.has(t))) start();
  });
  connection.onClose(() => {
    clearTimeout(timer);
    run?.dispose();
  });
  connection.receive(head);
}

class ExecRun {
  private done = false;
  private readonly shell: EmulatedShell;
  private readonly decoder = new StringDecoder('utf8');
  private resizeBuffer = '';

  constructor(
    private readonly connection: SpdyConnection,
    private readonly streams: Map<StreamType, SpdyStream>,
    private readonly protocol: ChannelProtocol,
    private readonly session: ExecSession,
  ) {
    this.shell = new EmulatedShell(session, {
      write: (data) => {
        if (session.stdout) streams.get('stdout')?.write(data);
      },
      writeErr: (data) => {
        if (session.stderr) streams.get('stderr')?.write(data);
      },
    });
    for (const [type, stream] of streams) this.attach(type, stream);
    const failure = startFailure(session.command);
    if (failure !== undefined) {
      this.finish({ kind: 'startFailed', error: failure });
      return;
    }
    this.shell.onExit((code) => this.finish({ kind: 'exited', code }));
    this.shell.start();
  }

  attachLate(type: StreamType, stream: SpdyStream): void {
    if (!this.done) this.attach(type, stream);
  }

  dispose(): void {
    this.done = true;
    this.shell.dispose();
  }

  private attach(type: StreamType, stream: SpdyStream): void {
    if (type === 'stdin' && this.session.stdin) {
      stream.onData((data) => {
        if (!this.done) this.shell.input(this.decoder.write(data));
      });
      stream.onEnd(() => {
        if (this.done) return;
        const rest = this.decoder.end();
        if (rest !== '') this.shell.input(rest);
        this.shell.endInput();
      });
    } else if (type === 'resize') {
      stream.onData((data) => this.resize(data));
    }
  }

  /** Go's json.Encoder writes one value per line. */
  private resize(data: Buffer): void {
    this.resizeBuffer += data.toString('utf8');
    const lines = this.resizeBuffer.split('\n');
    this.resizeBuffer = lines.pop() ?? '';
    for (const line of lines) {
      const size = parseResize(Buffer.from(line, 'utf8'));
      if (size !== undefined && !this.done) this.shell.resize(size.cols, size.rows);
    }
  }

  private finish(outcome: ExecOutcome): void {
    if (this.done) return;
    this.done = true;
    this.streams.get('stdout')?.end();
    this.streams.get('stderr')?.end();
    const error = this.streams.get('error');
    const message = statusMessage(this.protocol, this.session.command, outcome);
    if (message !== undefined) error?.write(message);
    error?.end();
    this.connection.close();
  }
}
