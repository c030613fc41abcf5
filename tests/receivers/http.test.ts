import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { IncomingWebhook, IncomingWebhookHTTPError, WebhookTrigger } from '@slack/webhook';
import { type Receivers, startReceivers } from '../../mocks/receivers/server.ts';
import type {
  FlowRun,
  HooksResponse,
  InboxMessage,
  MessagesResponse,
  RunsResponse,
} from '../../types/receivers.ts';
import { adaptiveEnvelope, SLACK_ALERT_410, SLACK_TEST_411, TEAMS_ALERT } from './lab-fixtures.ts';

let lab: Receivers;

const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(`${lab.inboxUrl}/api/${path}`, init);
  assert.ok(res.ok, `${path} answered ${res.status}`);
  return (await res.json()) as T;
};
const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const addFault = (fault: object) => postJson(`${lab.inboxUrl}/api/faults`, fault);

interface SseEvent {
  event: string;
  data: string;
  at: number;
}

/** Opens the event stream and collects frames (and comments) as they arrive. */
async function openEvents(url: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, { signal: controller.signal });
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith(':')) comments.push(frame.slice(1).trim());
          else {
            const field = (name: string) => frame.match(new RegExp(`^${name}: (.*)$`, 'm'))?.[1] ?? '';
            events.push({ event: field('event'), data: field('data'), at: Date.now() });
          }
          for (const wake of waiters.splice(0)) wake();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const until = async (check: () => boolean, timeoutMs = 2000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('event stream: nothing matching arrived in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  return {
    events,
    comments,
    until,
    close: async () => {
      controller.abort();
      await reading;
    },
  };
}

describe('receivers over HTTP', () => {
  before(async () => {
    lab = await startReceivers({ sseHeartbeatMs: 40 });
  });
  after(async () => {
    await lab.close();
  });
  beforeEach(async () => {
    await api('reset', { method: 'POST' });
  });

  it('serves on 127.0.0.1 with an ephemeral port and 404s unknown routes', async () => {
    assert.match(lab.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lab.inboxUrl, `${lab.url}/inbox`);
    assert.equal((await fetch(`${lab.url}/nothing/here`)).status, 404);
  });

  it('@slack/webhook IncomingWebhook#send gets {text: "ok"}', async () => {
    const result = await new IncomingWebhook(lab.hooks['slack-incoming'].url).send({
      text: 'hello from the client',
    });
    assert.deepEqual(result, { text: 'ok' });
    const { messages } = await api<MessagesResponse>('messages?receiver=slack');
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.headers['content-type'], 'application/json');
    assert.match(messages[0]?.headers['user-agent'] ?? '', /@slack:webhook/);
  });

  it('a revoked hook fails the official client with statusCode 404 and body no_service, forever', async () => {
    const hook = lab.hooks['slack-incoming'];
    const created = await postJson(`${lab.inboxUrl}/api/hooks`, { kind: 'slack-incoming' });
    const spare = (await created.json()) as { id: string; url: string };
    assert.equal((await addFault({ hookId: spare.id, revoke: true })).status, 201);
    const send = () => new IncomingWebhook(spare.url).send(SLACK_TEST_411);
    await assert.rejects(send, (error: unknown) => {
      assert.ok(error instanceof IncomingWebhookHTTPError);
      assert.equal(error.statusCode, 404);
      assert.equal(error.body, 'no_service');
      return true;
    });
    await api('reset', { method: 'POST' });
    await assert.rejects(send, { statusCode: 404, body: 'no_service' });
    assert.deepEqual(await new IncomingWebhook(hook.url).send('the other hook still works'), { text: 'ok' });
  });

  it('@slack/webhook WebhookTrigger#send gets {ok: true}; attachments never reach the workflow', async () => {
    const result = await new WebhookTrigger(lab.hooks['slack-workflow'].url).send({
      text: 'from the trigger client',
    });
    assert.deepEqual(result, { ok: true });
    const raw = await fetch(lab.hooks['slack-workflow'].url, { method: 'POST', body: SLACK_ALERT_410 });
    assert.deepEqual(await raw.json(), { ok: true });
    const { messages } = await api<MessagesResponse>(`messages?hook=${lab.hooks['slack-workflow'].id}`);
    assert.deepEqual(
      messages.map((m) => m.delivered),
      [true, false],
    );
  });

  it('delivers an SSE event within a few ms of a POST, and heartbeats', async () => {
    const stream = await openEvents(lab.inboxUrl);
    try {
      await stream.until(() => stream.comments.includes('connected'));
      const sentAt = Date.now();
      await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
      await stream.until(() => stream.events.some((e) => e.event === 'message'));
      const event = stream.events.find((e) => e.event === 'message')!;
      const message = JSON.parse(event.data) as InboxMessage;
      assert.equal(message.hookId, lab.hooks['slack-incoming'].id);
      assert.equal(message.rawBody, SLACK_TEST_411);
      assert.ok(event.at - sentAt < 250, `event took ${event.at - sentAt} ms`);
      await stream.until(() => stream.comments.includes('heartbeat'));
    } finally {
      await stream.close();
    }
  });

  it('streams Teams run status changes: Running then Failed for RHACS, Succeeded for an envelope', async () => {
    const stream = await openEvents(lab.inboxUrl);
    try {
      const url = lab.hooks['teams-workflow-template'].url;
      const first = await fetch(url, {
        method: 'POST',
        body: TEAMS_ALERT,
        headers: { 'content-type': 'application/json' },
      });
      assert.deepEqual([first.status, await first.text()], [202, '']);
      const second = await fetch(url, {
        method: 'POST',
        body: adaptiveEnvelope('card'),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(second.status, 202);
      const runs = () =>
        stream.events.filter((e) => e.event === 'run').map((e) => JSON.parse(e.data) as FlowRun);
      await stream.until(() => runs().filter((r) => r.status !== 'Running').length === 2);
      assert.deepEqual(
        runs()
          .map((r) => r.status)
          .sort(),
        ['Failed', 'Running', 'Running', 'Succeeded'],
      );
      const listed = await api<RunsResponse>('runs');
      const failed = listed.runs.find((r) => r.status === 'Failed');
      assert.match(
        failed?.error ?? '',
        /^ExpressionEvaluationFailed\. .*'Null'\. The result must be a valid array\.$/,
      );
      const ok = listed.runs.find((r) => r.status === 'Succeeded');
      const { messages } = await api<MessagesResponse>('messages?receiver=teams');
      assert.deepEqual(ok?.messageIds, [messages.find((m) => m.delivered)?.id]);
    } finally {
      await stream.close();
    }
  });

  it('fault: 429 with Retry-After on the incoming hook', async () => {
    await addFault({ hookId: lab.hooks['slack-incoming'].id, status: 429, retryAfter: 7, times: 1 });
    const limited = await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.equal(await limited.text(), 'rate_limited');
    const next = await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    assert.equal(next.status, 200);
  });

  it('fault: 503 twice then ok, which the official client rides out with retries', async () => {
    await addFault({ hookId: lab.hooks['slack-incoming'].id, status: 503, times: 2 });
    const client = new IncomingWebhook(lab.hooks['slack-incoming'].url, {
      retryConfig: { retries: 2, minTimeout: 5, maxTimeout: 10 },
    });
    assert.deepEqual(await client.send(SLACK_TEST_411), { text: 'ok' });
    const { messages } = await api<MessagesResponse>('messages');
    assert.deepEqual(
      messages.map((m) => m.status),
      [503, 503, 200],
    );
  });

  it('fault: a programmed status and body, a delay, on a Teams hook; DELETE clears faults', async () => {
    const hookId = lab.hooks['teams-workflow-fixed'].id;
    await addFault({ hookId, status: 410, body: 'channel_is_archived' });
    await addFault({ hookId: lab.hooks['slack-incoming'].id, delayMs: 80, times: 1 });
    const archived = await fetch(lab.hooks['teams-workflow-fixed'].url, { method: 'POST', body: '{}' });
    assert.deepEqual([archived.status, await archived.text()], [410, 'channel_is_archived']);
    const started = Date.now();
    await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    assert.ok(Date.now() - started >= 75, 'the delay fault held the answer');
    assert.equal((await fetch(`${lab.inboxUrl}/api/faults`, { method: 'DELETE' })).status, 200);
    const again = await fetch(lab.hooks['teams-workflow-fixed'].url, { method: 'POST', body: '{}' });
    assert.equal(again.status, 202);
  });

  it('rejects a fault for an unknown hook or without an effect', async () => {
    assert.equal((await addFault({ hookId: 'nope', status: 500 })).status, 404);
    assert.equal((await addFault({ hookId: lab.hooks['slack-incoming'].id })).status, 400);
  });

  it('reset clears messages, runs and faults', async () => {
    await addFault({ hookId: lab.hooks['slack-incoming'].id, status: 500 });
    const failing = await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    assert.deepEqual([failing.status, await failing.text()], [500, 'rollup_error']);
    await fetch(lab.hooks['teams-workflow-fixed'].url, { method: 'POST', body: TEAMS_ALERT });
    await api('reset', { method: 'POST' });
    assert.deepEqual(await api<MessagesResponse>('messages'), { messages: [] });
    assert.deepEqual(await api<RunsResponse>('runs'), { runs: [] });
    const healthy = await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    assert.equal(healthy.status, 200);
  });

  it('filters messages by receiver, hook and since', async () => {
    await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_411 });
    const since = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await fetch(lab.hooks['teams-workflow-fixed'].url, { method: 'POST', body: TEAMS_ALERT });
    assert.equal((await api<MessagesResponse>('messages?receiver=slack')).messages.length, 1);
    assert.equal((await api<MessagesResponse>('messages?receiver=teams')).messages.length, 1);
    assert.equal((await api<MessagesResponse>(`messages?since=${since}`)).messages[0]?.receiver, 'teams');
    assert.equal((await fetch(`${lab.inboxUrl}/api/messages?receiver=email`)).status, 400);
    await new Promise((resolve) => setTimeout(resolve, 40)); // the Teams run ends before the next reset
  });

  it('lists hooks without secrets and creates new ones', async () => {
    const created = await postJson(`${lab.inboxUrl}/api/hooks`, { kind: 'teams-workflow-template' });
    assert.equal(created.status, 201);
    const hook = (await created.json()) as { id: string; url: string };
    assert.ok(hook.url.startsWith(`${lab.url}/workflows/`));
    const listing = await fetch(`${lab.inboxUrl}/api/hooks`);
    const text = await listing.text();
    const { hooks } = JSON.parse(text) as HooksResponse;
    assert.ok(hooks.length >= 6);
    const secrets = [...Object.values(lab.hooks).map((h) => h.url), hook.url].map(
      (url) => new URL(url).searchParams.get('sig') ?? url.slice(url.lastIndexOf('/') + 1),
    );
    for (const secret of secrets) assert.ok(!text.includes(secret), 'a secret leaked into /inbox/api/hooks');
    assert.ok(hooks.every((h) => h.redactedUrl.endsWith('***')));
    assert.equal((await postJson(`${lab.inboxUrl}/api/hooks`, { kind: 'email' })).status, 400);
  });
});
