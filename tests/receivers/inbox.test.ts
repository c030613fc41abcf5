import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InboxMessage } from '../../types/receivers.ts';
import { adaptiveEnvelope, inProcessLab, ORIGIN, SLACK_TEST_411, TEAMS_TEST } from './lab-fixtures.ts';

describe('inbox API and faults (in-process, no server)', () => {
  it('serves the event stream through getResponse: a message event right after a POST', async () => {
    const lab = inProcessLab();
    const controller = new AbortController();
    const response = await lab.fetch(`${ORIGIN}/inbox/api/events`, { signal: controller.signal });
    assert.equal(response?.headers.get('content-type'), 'text/event-stream');
    const reader = response!.body!.getReader();
    const decoder = new TextDecoder();
    assert.equal(decoder.decode((await reader.read()).value), ': connected\n\n');
    const next = reader.read();
    await lab.post(lab.hooks['slack-incoming'].url, SLACK_TEST_411);
    const frame = decoder.decode((await next).value);
    assert.match(frame, /^event: message\ndata: \{.*\}\n\n$/);
    const message = JSON.parse(frame.split('\n')[1]!.slice('data: '.length)) as InboxMessage;
    assert.equal(message.status, 200);
    controller.abort();
    await reader.cancel();
  });

  it('emits a Teams message again, delivered, when its run posts it', async () => {
    const lab = inProcessLab();
    const seen: InboxMessage[] = [];
    const stop = lab.inbox.subscribe((e) => {
      if (e.type === 'message') seen.push(structuredClone(e.message));
    });
    const done = lab.inbox.waitFor((e) => e.type === 'run' && e.run.status === 'Succeeded', 1000);
    await lab.post(lab.hooks['teams-workflow-template'].url, adaptiveEnvelope('hello'));
    await done;
    stop();
    assert.deepEqual(
      seen.map((m) => [m.id, m.delivered]),
      [
        ['msg-1', false],
        ['msg-1', true],
      ],
    );
  });

  it('in-process faults: n-times 503 on a Teams hook, then the normal 202', async () => {
    const lab = inProcessLab();
    const hook = lab.hooks['teams-workflow-template'];
    assert.ok(lab.inbox.addFault({ hookId: hook.id, status: 503, times: 2 }));
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await lab.post(hook.url, TEAMS_TEST)).status);
    assert.deepEqual(statuses, [503, 503, 202]);
    await lab.inbox.waitFor((e) => e.type === 'run' && e.run.status !== 'Running', 1000);
  });

  it('revoked hooks answer as deleted: Teams 404 WorkflowNotFound, Slack workflow 401 invalid_auth', async () => {
    const lab = inProcessLab();
    lab.inbox.addFault({ hookId: lab.hooks['teams-workflow-fixed'].id, revoke: true });
    lab.inbox.addFault({ hookId: lab.hooks['slack-workflow'].id, revoke: true });
    const teams = await lab.post(lab.hooks['teams-workflow-fixed'].url, TEAMS_TEST);
    assert.equal(teams.status, 404);
    assert.equal(((await teams.json()) as { error: { code: string } }).error.code, 'WorkflowNotFound');
    const slack = await lab.post(lab.hooks['slack-workflow'].url, SLACK_TEST_411);
    assert.deepEqual([slack.status, await slack.json()], [401, { ok: false, error: 'invalid_auth' }]);
    assert.equal(lab.inbox.listRuns().length, 0);
    assert.ok(lab.inbox.listHooks().filter((h) => h.revoked).length === 2);
  });

  it('waitFor names what it waited for when nothing arrives', async () => {
    const lab = inProcessLab();
    await assert.rejects(
      lab.inbox.waitFor((e) => e.type === 'message', 20, 'Slack message'),
      /no Slack message within 20 ms/,
    );
  });

  it('unhandled requests fall through (getResponse gives undefined)', async () => {
    const lab = inProcessLab();
    assert.equal(
      await lab.fetch(`${ORIGIN}/services/T0LAB00001/B1`, { method: 'POST', body: '{}' }),
      undefined,
    );
    assert.equal(await lab.fetch(`${ORIGIN}/inbox/api/unknown`), undefined);
  });
});
