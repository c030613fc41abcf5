// A tiny API server for exec tests: every upgrade goes to acceptExec with a session built from the
// query (as the lab's REST server would), plus a raw `ws` client that records every frame.
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import WebSocket from 'ws';
import type { ExecSession, ExecutedBinary } from '../../mocks/contract.ts';
import { acceptExec } from '../../mocks/kube/exec-socket.ts';

export const HOSTNAME = 'visa-processor-9bfcf46f7-cwtjb';
export const PROMPT = `tomcat@${HOSTNAME}:/usr/local/tomcat$ `;

export function makeSession(overrides: Partial<ExecSession> = {}): {
  session: ExecSession;
  events: ExecutedBinary[];
} {
  const events: ExecutedBinary[] = [];
  const session: ExecSession = {
    podName: HOSTNAME,
    namespace: 'payments',
    containerName: 'visa-processor',
    hostname: HOSTNAME,
    user: { name: 'tomcat', uid: 1000, gid: 1000, home: '/home/tomcat' },
    workingDir: '/usr/local/tomcat',
    env: { CATALINA_HOME: '/usr/local/tomcat' },
    command: ['/bin/bash'],
    stdin: true,
    stdout: true,
    stderr: true,
    tty: false,
    onExec: (binary) => events.push(binary),
    ...overrides,
  };
  return { session, events };
}

export interface ExecServer {
  port: number;
  /** onExec calls of every session, in order. */
  events: ExecutedBinary[];
  /** The upgrade requests received. */
  requests: { url: string; authorization: string | undefined; protocols: string | undefined }[];
  close(): Promise<void>;
}

export async function startExecServer(overrides: Partial<ExecSession> = {}): Promise<ExecServer> {
  const events: ExecutedBinary[] = [];
  const requests: ExecServer['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    requests.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      protocols: req.headers['sec-websocket-protocol'],
    });
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const flag = (name: string) => query.get(name) === 'true' || query.get(name) === '1';
    const { session } = makeSession({
      command: query.getAll('command'),
      stdin: flag('stdin'),
      stdout: flag('stdout'),
      stderr: flag('stderr'),
      tty: flag('tty'),
      onExec: (binary) => events.push(binary),
      ...overrides,
    });
    acceptExec(req, socket, head, session);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    events,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export function execPath(command: string[], opts: { tty?: boolean; stdin?: boolean } = {}): string {
  const query = new URLSearchParams();
  for (const arg of command) query.append('command', arg);
  query.set('container', 'visa-processor');
  query.set('stdin', String(opts.stdin ?? true));
  query.set('stdout', 'true');
  query.set('stderr', 'true');
  query.set('tty', String(opts.tty ?? false));
  return `/api/v1/namespaces/payments/pods/${HOSTNAME}/exec?${query}`;
}

export interface Frame {
  channel: number;
  data: Buffer;
}

export class RawExecClient {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  private listeners: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.frames.push({ channel: data[0]!, data: data.subarray(1) });
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code) => {
        this.closeCode = code;
        this.notify();
        resolve(code);
      });
    });
  }

  static open(port: number, path: string, protocols: string[]): Promise<RawExecClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols);
      const client = new RawExecClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  get protocol(): string {
    return this.ws.protocol;
  }

  /** Everything received on a channel so far, as text. */
  text(channel: number): string {
    return Buffer.concat(this.frames.filter((f) => f.channel === channel).map((f) => f.data)).toString(
      'utf8',
    );
  }

  send(channel: number, data: string | Buffer): void {
    const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.ws.send(Buffer.concat([Buffer.from([channel]), payload]));
  }

  /** Resolves when the condition holds; rejects with what was received after a timeout. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return false;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(this.describe())}`));
      }, timeoutMs);
      if (!check()) this.listeners.push(check);
    });
  }

  /** The status on channel 3 (parsed) once the server closed the socket. */
  async status(): Promise<Record<string, unknown>> {
    await this.closed;
    return JSON.parse(this.text(3));
  }

  describe(): { channel: number; text: string }[] {
    return this.frames.map((f) => ({ channel: f.channel, text: f.data.toString('utf8') }));
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
