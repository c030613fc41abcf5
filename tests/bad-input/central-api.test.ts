// Bad input against Central: the harness's own client (src/central, node:http/https) sends real
// requests; msw answers them in-process. One row per case, each with the exact message a person sees.
//
// msw cannot fail a request with a coded network error (a resolver's exception becomes a 500 answer,
// and HttpResponse.error() gives a code-less "Network error"). So the two network rows let msw see the
// request and pass it through to the real socket layer: ECONNREFUSED comes from a closed loopback port;
// for ENOTFOUND, dns.lookup answers as getaddrinfo does for an unknown name, so no DNS query leaves.
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { createServer } from 'node:net';
import { describe, it, type TestContext } from 'node:test';
import { HttpResponse, http, passthrough, type RequestHandler } from 'msw';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import type { CentralSettings } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { mswFixture } from './msw-server.ts';

const msw = mswFixture();

const CENTRAL = 'https://central.bad-input.test';
const TOKEN = 'rox-token-under-test';
const ENDPOINT_FIX =
  "check ROX_ENDPOINT: it must be Central's route or service address as host:port (e.g. `oc -n stackrox get route central -o jsonpath='{.spec.host}'`:443), reachable from this machine";
const NEW_TOKEN_FIX =
  'create a new API token (Platform Configuration -> Integrations -> API Token, role Admin) and put it in ROX_API_TOKEN; Central needs a valid API token or admin password';

/** A loopback port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
const REFUSED = `http://127.0.0.1:${await closedPort()}`;
const UNKNOWN_HOST = 'https://central.nowhere.test';

function centralError(status: number, grpcCode: number, message: string) {
  return HttpResponse.json({ code: grpcCode, message, details: [], error: message }, { status });
}

/** A Central that answers connectCentral's three calls; a row's handlers take precedence. */
function healthyCentral(base = CENTRAL): RequestHandler[] {
  return [
    http.get(`${base}/v1/ping`, () => HttpResponse.json({ status: 'ok' })),
    http.get(`${base}/v1/auth/status`, () =>
      HttpResponse.json({ userId: 'api-token', expires: null, authProvider: { type: 'api-token' } }),
    ),
    http.get(`${base}/v1/metadata`, () => HttpResponse.json({ version: '4.11.0', buildFlavor: 'release' })),
  ];
}

interface Row {
  name: string;
  settings: Partial<CentralSettings>;
  handlers: RequestHandler[];
  /** Extra per-test setup (mocks restored after the test). */
  setup?: (t: TestContext) => void;
  /** What the harness does; default: connect. */
  act?: (central: CentralClient) => Promise<unknown>;
  code: string;
  message: string;
  /** Requests msw must have seen (method + path), in order. */
  seen: string[];
}

const rows: Row[] = [
  {
    name: 'Central unreachable (ECONNREFUSED)',
    settings: { endpoint: REFUSED, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [http.all(`${REFUSED}/*`, () => passthrough())],
    code: 'CENTRAL_UNREACHABLE',
    message: `GET /v1/ping on Central (ROX_ENDPOINT=${REFUSED}): nothing is listening at ${REFUSED} (connection refused). Fix: ${ENDPOINT_FIX}`,
    seen: ['GET /v1/ping'],
  },
  {
    name: 'ROX_ENDPOINT host does not resolve (ENOTFOUND)',
    settings: { endpoint: UNKNOWN_HOST, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [http.all(`${UNKNOWN_HOST}/*`, () => passthrough())],
    setup: (t) => {
      t.mock.method(dns, 'lookup', (hostname: string, options: unknown, callback?: unknown) => {
        const cb = (typeof options === 'function' ? options : callback) as (e: Error) => void;
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
          code: 'ENOTFOUND',
          errno: -3008,
          syscall: 'getaddrinfo',
          hostname,
        });
        process.nextTick(() => cb(error));
      });
    },
    code: 'CENTRAL_UNREACHABLE',
    message: `GET /v1/ping on Central (ROX_ENDPOINT=${UNKNOWN_HOST}): the host of ${UNKNOWN_HOST} does not resolve (DNS lookup failed). Fix: ${ENDPOINT_FIX}`,
    seen: ['GET /v1/ping'],
  },
  {
    name: 'wrong API token (401)',
    settings: { endpoint: CENTRAL, token: 'not-a-token', tokenSource: 'ROX_API_TOKEN' },
    handlers: [
      http.get(`${CENTRAL}/v1/auth/status`, () =>
        centralError(401, 16, 'credentials not found: token validation failed'),
      ),
    ],
    code: 'CENTRAL_UNAUTHENTICATED',
    message: `Checking the Central credentials: Central rejected the API token from ROX_API_TOKEN (401 Unauthorized: "credentials not found: token validation failed"): the token is wrong, expired or revoked. Fix: ${NEW_TOKEN_FIX}`,
    seen: ['GET /v1/ping', 'GET /v1/auth/status'],
  },
  {
    name: 'expired API token (401, token expired)',
    settings: { endpoint: CENTRAL, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [
      http.get(`${CENTRAL}/v1/auth/status`, () =>
        centralError(401, 16, 'credentials not found: token expired'),
      ),
    ],
    code: 'CENTRAL_UNAUTHENTICATED',
    message: `Checking the Central credentials: Central rejected the API token from ROX_API_TOKEN (401 Unauthorized: "credentials not found: token expired"): the token has expired. Fix: ${NEW_TOKEN_FIX}`,
    seen: ['GET /v1/ping', 'GET /v1/auth/status'],
  },
  {
    name: 'wrong admin password (401)',
    settings: { endpoint: CENTRAL, adminPassword: 'not-the-password' },
    handlers: [
      http.get(`${CENTRAL}/v1/auth/status`, () =>
        centralError(401, 16, 'failed to authenticate: not authorized: invalid username and/or password'),
      ),
    ],
    code: 'CENTRAL_UNAUTHENTICATED',
    message:
      'Checking the Central credentials: Central rejected the admin password from ROX_ADMIN_PASSWORD (401 Unauthorized: "failed to authenticate: not authorized: invalid username and/or password"): the password is wrong. Fix: set ROX_ADMIN_PASSWORD from secret central-htpasswd in Central\'s namespace stackrox (oc -n stackrox get secret central-htpasswd -o jsonpath={.data.password} | base64 -d), or use ROX_API_TOKEN',
    seen: ['GET /v1/ping', 'GET /v1/auth/status'],
  },
  {
    name: "forbidden (403): the token's role lacks the permission",
    settings: { endpoint: CENTRAL, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [
      http.get(`${CENTRAL}/v1/notifiers`, () =>
        centralError(403, 7, 'access for this user is not authorized: Integration: READ_ACCESS'),
      ),
    ],
    act: (central) => central.listNotifiers(),
    code: 'CENTRAL_FORBIDDEN',
    message:
      'Listing notifiers: Central refused it (403: "access for this user is not authorized: Integration: READ_ACCESS"): the credentials are valid, but their role lacks this permission. Fix: set ROX_API_TOKEN to a token with the Admin role (Platform Configuration -> Integrations -> API Token), or use ROX_ADMIN_PASSWORD',
    seen: ['GET /v1/ping', 'GET /v1/auth/status', 'GET /v1/metadata', 'GET /v1/notifiers'],
  },
  {
    name: 'Central answers 500 with a body',
    settings: { endpoint: CENTRAL, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [
      http.get(`${CENTRAL}/v1/notifiers`, () =>
        centralError(500, 13, 'could not list notifiers: database is unavailable'),
      ),
    ],
    act: (central) => central.listNotifiers(),
    code: 'CENTRAL_ERROR',
    message:
      'Listing notifiers: Central answered 500: "could not list notifiers: database is unavailable". Fix: Central may be starting or overloaded: retry, then check `oc logs deploy/central` in Central\'s namespace (CENTRAL_NAMESPACE, default stackrox)',
    seen: ['GET /v1/ping', 'GET /v1/auth/status', 'GET /v1/metadata', 'GET /v1/notifiers'],
  },
  {
    name: 'malformed JSON from Central (a login page behind a proxy)',
    settings: { endpoint: CENTRAL, token: TOKEN, tokenSource: 'ROX_API_TOKEN' },
    handlers: [
      http.get(`${CENTRAL}/v1/metadata`, () =>
        HttpResponse.html('<html><body>Sign in to continue</body></html>'),
      ),
    ],
    code: 'CENTRAL_ERROR',
    message:
      "Reading Central's version: Central answered 200 with a body that is not JSON (<html><body>Sign in to continue</body></html>). Fix: check ROX_ENDPOINT points at Central itself, not a proxy or login page",
    seen: ['GET /v1/ping', 'GET /v1/auth/status', 'GET /v1/metadata'],
  },
  {
    name: 'no Central credential at all: nothing is sent',
    settings: { endpoint: CENTRAL },
    handlers: [],
    code: 'CONFIG_INVALID',
    message:
      'Connecting to Central: no credentials: neither ROX_API_TOKEN (or ROX_API_TOKEN_FILE) nor ROX_ADMIN_PASSWORD is set. Fix: set ROX_API_TOKEN to an Admin API token, or ROX_ADMIN_PASSWORD',
    seen: [],
  },
];

describe('bad input: Central (harness client over node:http/https, answered by msw)', () => {
  for (const row of rows) {
    it(row.name, async (t) => {
      msw.use(...row.handlers, ...healthyCentral());
      row.setup?.(t);
      const central: CentralSettings = {
        insecureSkipTlsVerify: false,
        namespace: 'stackrox',
        ...row.settings,
      };
      let client: CentralClient | undefined;
      let error: unknown;
      try {
        client = await connectCentral({ central }, { timeoutMs: 5000 });
        await row.act?.(client);
      } catch (e) {
        error = e;
      } finally {
        client?.close();
      }
      assert.ok(error instanceof HarnessError, `expected a HarnessError, got ${String(error)}`);
      assert.equal(error.code, row.code);
      assert.equal(error.message, row.message);
      assert.deepEqual(
        msw.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`),
        row.seen,
        'the requests msw intercepted',
      );
      const sent = msw.requests[0]?.headers.get('authorization');
      if (row.settings.token) assert.equal(sent, `Bearer ${row.settings.token}`);
      assert.ok(!error.message.includes(row.settings.token ?? '\0'), 'the token is not in the message');
    });
  }
});
