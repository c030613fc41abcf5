// Serves msw request handlers with node:http: IncomingMessage -> Fetch Request -> getResponse -> streamed
// back. Unhandled requests get a 404.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

export interface ServedHandlers {
  server: Server;
  url: string;
  close(): Promise<void>;
}

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct))
    for (const v of values ?? []) headers.append(name, v);
  const chunks: Buffer[] = [];
  if (req.method !== 'GET' && req.method !== 'HEAD')
    for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(url, { method: req.method ?? 'GET', headers, body, signal });
}

export function serveHandlers(
  handlers: RequestHandler[],
  host = '127.0.0.1',
  port = 0,
): Promise<ServedHandlers> {
  const server = createServer(async (req, res) => {
    const aborted = new AbortController();
    res.on('close', () => aborted.abort());
    try {
      const response = await getResponse(handlers, await toRequest(req, aborted.signal));
      if (!response) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
        return;
      }
      const headers: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        headers[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
      });
      res.writeHead(response.status, response.statusText || undefined, headers);
      res.flushHeaders();
      if (!response.body) {
        res.end();
        return;
      }
      const reader = response.body.getReader();
      aborted.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
      res.end();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(aborted.signal.aborted ? undefined : `adapter error: ${String(error)}`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${host}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
