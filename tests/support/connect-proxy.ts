// A real forward proxy for the proxy tests: CONNECT tunnels (https, wss) and absolute-form requests
// (plain http), as squid or a corporate proxy serves them. Host names under `.lab.test` exist only
// here (they resolve to 127.0.0.1 inside the proxy), so a request that reached such a host went
// through the proxy. Every CONNECT target and forwarded URL is recorded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';

export interface TestProxy {
  url: string;
  port: number;
  /** host:port of every CONNECT, in order. */
  tunnels: string[];
  /** Absolute URLs of every forwarded plain-http request. */
  forwarded: string[];
  /** When set, every request must carry this Proxy-Authorization, else 407. */
  requireAuth?: string;
  close(): Promise<void>;
}

const LAB_SUFFIX = '.lab.test';

function resolveHost(host: string): string | undefined {
  if (host.endsWith(LAB_SUFFIX) || host === '127.0.0.1' || host === 'localhost') return '127.0.0.1';
  return undefined;
}

export async function startTestProxy(): Promise<TestProxy> {
  const sockets = new Set<net.Socket>();
  const state: TestProxy = {
    url: '',
    port: 0,
    tunnels: [],
    forwarded: [],
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const authorized = (req: http.IncomingMessage) =>
    state.requireAuth === undefined || req.headers['proxy-authorization'] === state.requireAuth;

  const server = http.createServer((req, res) => {
    if (!authorized(req)) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test"' }).end();
      return;
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form request expected');
      return;
    }
    state.forwarded.push(target.href);
    const address = resolveHost(target.hostname);
    if (address === undefined) {
      res.writeHead(502).end(`unknown host ${target.hostname}`);
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = http.request(
      {
        host: address,
        port: target.port || 80,
        path: target.pathname + target.search,
        method: req.method,
        headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end('upstream failed'));
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    state.tunnels.push(target);
    if (!authorized(req)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      );
      return;
    }
    const m = /^(.*):(\d+)$/.exec(target);
    const address = m ? resolveHost(m[1]?.replace(/^\[|\]$/g, '') ?? '') : undefined;
    if (!m || address === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(m[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

/** A port on loopback that nothing listens on. */
export async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
