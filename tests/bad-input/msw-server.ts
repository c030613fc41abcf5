// One msw server per test file: it patches node:http/https and global fetch in this process, so the
// real clients (the harness's Central transport, @slack/web-api's WebClient, the Graph SDK) send their
// requests as usual and msw answers them. Any request no row expects fails the test.
import { after, afterEach, before } from 'node:test';
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';

export interface InterceptedRequest {
  method: string;
  url: string;
  headers: Headers;
}

export interface MswFixture {
  /** Installs the row's handlers (reset after each test). */
  use(...handlers: RequestHandler[]): void;
  /** Every request msw saw in the current test, in order. */
  readonly requests: InterceptedRequest[];
}

/** Starts msw before the file's tests and stops it after; call at the top level of a test file. */
export function mswFixture(): MswFixture {
  const server = setupServer();
  const requests: InterceptedRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
  });
  before(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  after(() => server.close());
  return { use: (...handlers) => server.use(...handlers), requests };
}
