// The pods/exec WebSocket: the API server hands over the upgrade once auth, pod and container checks
// passed; this negotiates the channel protocol and connects the client to an emulated shell.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { ExecSession } from '../contract.ts';
import {
  type ChannelProtocol,
  CLOSE,
  decodeFrame,
  ERROR,
  type ExecOutcome,
  encodeFrame,
  negotiate,
  offeredProtocols,
  parseResize,
  RESIZE,
  refusalBody,
  STDERR,
  STDIN,
  STDOUT,
  statusMessage,
} from './exec-protocol.ts';
import { EmulatedShell } from './shell.ts';
import { startFailure } from './shell-binaries.ts';

const upgrader = new WebSocketServer({
  noServer: true,
  clientTracking: false,
  perMessageDeflate: false,
  handleProtocols: (protocols) => negotiate([...protocols])?.name || false,
});

export function acceptExec(req: IncomingMessage, socket: Duplex, head: Buffer, session: ExecSession): void {
  // A client that resets the connection mid-handshake must not crash the lab.
  socket.on('error', () => {});
  const offered = offeredProtocols(req.headers['sec-websocket-protocol']);
  const protocol = negotiate(offered);
  if (protocol === undefined) {
    refuse(socket, offered);
    return;
  }
  upgrader.handleUpgrade(req, socket, head, (ws) => runSession(ws, protocol, session));
}

function refuse(socket: Duplex, offered: string[]): void {
  const body = refusalBody(offered);
  socket.end(
    'HTTP/1.1 403 Forbidden\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function runSession(ws: WebSocket, protocol: ChannelProtocol, session: ExecSession): void {
  let done = false;
  const send = (channel: number, payload: string) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(protocol, channel, payload));
  };
  const finish = (outcome: ExecOutcome) => {
    if (done) return;
    done = true;
    const message = statusMessage(protocol, session.command, outcome);
    if (message !== undefined) send(ERROR, message);
    if (ws.readyState === ws.OPEN) ws.close(1000);
  };
  ws.on('error', () => {});

  // Tells the client the streams are ready: an empty frame on the lowest channel it can read.
  send(session.stdout ? STDOUT : session.stderr && !session.tty ? STDERR : ERROR, '');

  const failure = startFailure(session.command);
  if (failure !== undefined) {
    finish({ kind: 'startFailed', error: failure });
    return;
  }
  const shell = new EmulatedShell(session, {
    write: (data) => {
      if (session.stdout) send(STDOUT, data);
    },
    writeErr: (data) => {
      if (session.stderr) send(STDERR, data);
    },
  });
  const decoder = new StringDecoder('utf8');
  ws.on('message', (data, isBinary) => {
    try {
      const frame = decodeFrame(protocol, toBuffer(data), isBinary);
      if (frame === undefined || done) return;
      if (frame.channel === STDIN) {
        if (session.stdin) shell.input(decoder.write(frame.payload));
      } else if (frame.channel === RESIZE) {
        const size = parseResize(frame.payload);
        if (size !== undefined) shell.resize(size.cols, size.rows);
      } else if (frame.channel === CLOSE && protocol.version === 5 && frame.payload[0] === STDIN) {
        const rest = decoder.end();
        if (rest !== '') shell.input(rest);
        shell.endInput();
      }
    } catch {
      // Malformed input from a client is ignored, never fatal.
    }
  });
  ws.on('close', () => {
    done = true;
    shell.dispose();
  });
  shell.onExit((code) => finish({ kind: 'exited', code }));
  shell.start();
}
