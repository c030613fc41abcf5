// Test helpers: a tiny webhook receiver, a started Central with a FakeCluster, and a REST client.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CentralInternals, type CentralOptions, startCentral } from '../../mocks/central/server.ts';
import { FakeCluster } from './fake-cluster.ts';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class Receiver {
  readonly requests: Received[] = [];
  /** path -> HTTP status to answer with (default 200 "ok"). */
  readonly statusFor = new Map<string, number>();
  private waiters: (() => void)[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '/';
        this.requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = this.statusFor.get(path) ?? 200;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status === 200 ? 'ok' : 'no_service');
        for (const w of this.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Resolves once `count` requests reached `path`; rejects with a precise message on timeout. */
  async waitFor(path: string, count = 1, timeoutMs = 3000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.at(path).length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `expected ${count} request(s) at ${path} within ${timeoutMs} ms, got ${this.at(path).length}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.at(path);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export const ADMIN_PASSWORD = 'lab-admin-password';
export const API_TOKEN = 'lab-api-token-0123456789';

export interface Lab {
  central: CentralInternals;
  cluster: FakeCluster;
  receiver: Receiver;
  logs: string[];
  api(
    method: string,
    path: string,
    body?: unknown,
    auth?: string | null,
  ): Promise<{ status: number; json: Record<string, unknown>; text: string }>;
  close(): Promise<void>;
}

export async function startLab(options: Partial<CentralOptions> = {}): Promise<Lab> {
  const cluster = new FakeCluster();
  const receiver = await new Receiver().start();
  const logs: string[] = [];
  const central = await startCentral({
    cluster,
    version: '4.11',
    startState: 'after-module-3',
    adminPassword: ADMIN_PASSWORD,
    apiToken: API_TOKEN,
    log: (line) => logs.push(line),
    ...options,
  });
  return {
    central,
    cluster,
    receiver,
    logs,
    async api(method, path, body, auth = `Bearer ${API_TOKEN}`) {
      const headers: Record<string, string> = {};
      if (auth) headers.authorization = auth;
      let payload: string | undefined;
      if (typeof body === 'string') payload = body;
      else if (body !== undefined) payload = JSON.stringify(body);
      if (payload !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${central.url}${path}`, { method, headers, body: payload });
      const text = await res.text();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: the test looks at text
      }
      return { status: res.status, json, text };
    },
    async close() {
      await central.close();
      await receiver.close();
    },
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Polls a condition (for controller work that has no event to wait on). */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 3000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function slackNotifier(receiverUrl: string, path = '/services/T000/B000/XXXX') {
  return {
    name: 'slack-alerts',
    type: 'slack',
    uiEndpoint: 'https://central-stackrox.apps.example.com',
    labelKey: '',
    labelDefault: `${receiverUrl}${path}`,
  };
}

export function teamsNotifier(receiverUrl: string, path = '/webhookb2/teams-1') {
  return {
    name: 'teams-alerts',
    type: 'teams',
    uiEndpoint: 'https://central-stackrox.apps.example.com',
    labelKey: '',
    labelDefault: `${receiverUrl}${path}`,
  };
}
