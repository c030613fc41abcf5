// A loopback HTTP server scripted per test: it records every request (with its arrival time) and
// answers through the test's handler.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  at: number;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** Form fields (Slack's Web API) when the body is urlencoded. */
  form: URLSearchParams;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
  close(): Promise<void>;
}

export async function startStub(
  handle: (req: StubRequest, index: number) => StubReply | Promise<StubReply>,
): Promise<Stub> {
  const requests: StubRequest[] = [];
  let base = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const isForm = String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      const record: StubRequest = {
        at: Date.now(),
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', base),
        headers: req.headers,
        body,
        form: new URLSearchParams(isForm ? body : ''),
      };
      requests.push(record);
      Promise.resolve(handle(record, requests.length - 1)).then(
        (reply) => {
          const headers: Record<string, string> = { ...reply.headers };
          let payload = reply.text ?? '';
          if (reply.json !== undefined) {
            payload = JSON.stringify(reply.json);
            headers['content-type'] ??= 'application/json; charset=utf-8';
          }
          res.writeHead(reply.status ?? 200, headers);
          res.end(payload);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
