// A server may close an idle keep-alive connection just as the next request goes out on it; the
// request then fails with ECONNRESET before the server read it. The Central transport retries an
// idempotent request once on a fresh socket, and never a POST.
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { centralTransport } from '../../src/central/http.ts';

const OK =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\n{}';

describe('Central transport on a reset keep-alive socket', () => {
  const sockets: Socket[] = [];
  let requestsPerSocket: number[] = [];
  let port = 0;
  // Each connection answers its first request, then resets on the second (a closed idle socket).
  const server = createServer((socket) => {
    sockets.push(socket);
    const index = requestsPerSocket.push(0) - 1;
    socket.on('data', () => {
      requestsPerSocket[index] = (requestsPerSocket[index] ?? 0) + 1;
      if (requestsPerSocket[index] === 1) socket.write(OK);
      else socket.resetAndDestroy();
    });
    socket.on('error', () => {});
  });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const transport = () =>
    centralTransport(
      {
        endpoint: `http://127.0.0.1:${port}`,
        token: 't',
        insecureSkipTlsVerify: false,
        namespace: 'stackrox',
      },
      5_000,
    );

  it('retries a GET once on a new connection', async () => {
    requestsPerSocket = [];
    const t = transport();
    assert.equal((await t.request('GET', '/v1/ping')).status, 200);
    assert.equal((await t.request('GET', '/v1/ping')).status, 200);
    t.close();
    assert.deepEqual(requestsPerSocket, [2, 1], 'the second GET was reset, then sent on a new socket');
  });

  it('does not resend a POST: the reset is reported', async () => {
    requestsPerSocket = [];
    const t = transport();
    assert.equal((await t.request('GET', '/v1/ping')).status, 200);
    await assert.rejects(t.request('POST', '/v1/notifiers', {}), /the connection to .* was reset/);
    t.close();
    assert.deepEqual(requestsPerSocket, [2]);
  });
});
