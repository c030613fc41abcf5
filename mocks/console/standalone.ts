// The console on its own loopback server, for tests and for browser scenarios run before the console
// is mounted on Central: console routes first, everything else reverse-proxied to `centralUrl`
// (or answered with Central's 404 JSON when there is none), so the browser sees one origin.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ApiError, Code, sendApiError } from './http.ts';
import { type ConsoleRoutesOptions, createConsoleRoutes } from './routes.ts';

export interface ConsoleServerOptions extends ConsoleRoutesOptions {
  /** Central's base URL; without it, non-console paths answer 404 like an empty Central. */
  centralUrl?: string;
  /** Skip TLS verification towards an https Central (explicit opt-in). */
  insecureSkipTlsVerify?: boolean;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host']);

function proxy(req: IncomingMessage, res: ServerResponse, central: URL, insecure: boolean): void {
  const target = new URL(req.url ?? '/', central);
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  }
  const isHttps = target.protocol === 'https:';
  const upstream = (isHttps ? https : http).request(
    target,
    { method: req.method, headers, ...(isHttps ? { rejectUnauthorized: !insecure } : {}) },
    (answer) => {
      const out: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) sendApiError(res, new ApiError(14, `upstream Central unreachable: ${err.message}`));
    else res.destroy();
  });
  req.pipe(upstream);
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const routes = createConsoleRoutes(options);
  // Ready to serve the page at once: a browser test's first load may have a short timeout.
  await routes.warm();
  const central = options.centralUrl ? new URL(options.centralUrl) : undefined;
  const server = http.createServer((req, res) => {
    if (routes(req, res)) return;
    if (central) proxy(req, res, central, options.insecureSkipTlsVerify === true);
    else {
      req.resume();
      sendApiError(res, new ApiError(Code.NotFound, 'Not Found'));
    }
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
