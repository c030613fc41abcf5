import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InboxEvent } from '../../types/receivers.ts';
import {
  ALERT_ID,
  adaptiveEnvelope,
  type InProcessLab,
  inProcessLab,
  TEAMS_ALERT,
  TEAMS_TEST,
} from './lab-fixtures.ts';

const RHACS_FAILURE =
  "ExpressionEvaluationFailed. The execution of template action 'Send_each_adaptive_card' failed: the result of the evaluation of 'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type 'Null'. The result must be a valid array.";

type RunEvent = Extract<InboxEvent, { type: 'run' }>;

/** Posts and waits for the run to end; subscribes before posting so no event is missed. */
async function postAndRun(lab: InProcessLab, url: string, body: string) {
  const ended = lab.inbox.waitFor<RunEvent>(
    (e) => e.type === 'run' && e.run.status !== 'Running',
    2000,
    'run end',
  );
  const response = await lab.post(url, body);
  return { response, event: await ended };
}

describe('Teams Workflows webhook, template flow (in-process)', () => {
  it("answers 202 at once to RHACS's card, then the run fails with the exact template error", async () => {
    const lab = inProcessLab();
    const started = Date.now();
    const { response, event } = await postAndRun(lab, lab.hooks['teams-workflow-template'].url, TEAMS_ALERT);
    assert.equal(response.status, 202);
    assert.equal(await response.text(), '');
    assert.equal(event.run.status, 'Failed');
    assert.equal(event.run.error, RHACS_FAILURE);
    assert.ok((event.run.endedAt ?? 0) - started >= 15, 'the run ends after the answer (flowRunDelayMs)');
    const [message] = lab.inbox.listMessages({ receiver: 'teams' });
    assert.equal(message?.status, 202);
    assert.equal(message?.delivered, false);
    assert.equal(message?.runId, event.run.id);
    assert.equal(message?.rawBody, TEAMS_ALERT);
    assert.deepEqual(
      lab.inbox.listRuns().map((r) => r.status),
      ['Failed'],
    );
  });

  it('the run is Running right after the 202', async () => {
    const lab = inProcessLab({ flowRunDelayMs: 50 });
    const response = await lab.post(lab.hooks['teams-workflow-template'].url, TEAMS_TEST);
    assert.equal(response.status, 202);
    assert.deepEqual(
      lab.inbox.listRuns().map((r) => r.status),
      ['Running'],
    );
    await lab.inbox.waitFor((e) => e.type === 'run' && e.run.status === 'Failed', 1000);
  });

  it('posts one channel message per Adaptive Card in an envelope and succeeds', async () => {
    const lab = inProcessLab();
    const { response, event } = await postAndRun(
      lab,
      lab.hooks['teams-workflow-template'].url,
      adaptiveEnvelope('first card', 'second card'),
    );
    assert.equal(response.status, 202);
    assert.equal(event.run.status, 'Succeeded');
    assert.equal(event.run.error, null);
    assert.equal(event.message?.delivered, true);
    assert.deepEqual(event.run.messageIds, [event.message?.id]);
    assert.deepEqual(event.message?.shown, {
      kind: 'teams',
      cards: [
        { title: 'first card', text: 'body of first card', facts: [{ name: 'Alert ID', value: ALERT_ID }] },
        { title: 'second card', text: 'body of second card', facts: [{ name: 'Alert ID', value: ALERT_ID }] },
      ],
    });
  });

  it('fails a card over about 28 KB with "Request entity too large"', async () => {
    const lab = inProcessLab();
    const { event } = await postAndRun(
      lab,
      lab.hooks['teams-workflow-template'].url,
      adaptiveEnvelope('x'.repeat(29_000)),
    );
    assert.equal(event.run.status, 'Failed');
    assert.equal(event.run.error, 'Request entity too large');
  });

  it('with teamsAcceptsMessageCard, treats RHACS card as a MessageCard and shows title, text and facts', async () => {
    const lab = inProcessLab({ teamsAcceptsMessageCard: true });
    const { event } = await postAndRun(lab, lab.hooks['teams-workflow-template'].url, TEAMS_ALERT);
    assert.equal(event.run.status, 'Succeeded');
    const shown = event.message?.shown;
    assert.equal(shown?.kind, 'teams');
    if (shown?.kind !== 'teams') return;
    assert.equal(shown.cards.length, 1);
    assert.match(shown.cards[0]?.title ?? '', /violates 'No bash allowed' Policy$/);
    assert.deepEqual(
      shown.cards[0]?.facts.find((f) => f.name === 'ID'),
      { name: 'ID', value: ALERT_ID },
    );
    assert.ok(shown.cards[0]?.facts.some((f) => f.value === 'Privilege escalation (MITRE ATT&CK)'));
  });

  it('answers 401 like Logic Apps for a missing or wrong sig, and records nothing as delivered', async () => {
    const lab = inProcessLab();
    const url = new URL(lab.hooks['teams-workflow-template'].url);
    url.searchParams.delete('sig');
    const missing = await lab.post(url.toString(), TEAMS_TEST);
    assert.equal(missing.status, 401);
    assert.equal(
      ((await missing.json()) as { error: { code: string } }).error.code,
      'DirectApiAuthorizationRequired',
    );
    url.searchParams.set('sig', 'forged');
    const wrong = await lab.post(url.toString(), TEAMS_TEST);
    assert.equal(wrong.status, 401);
    assert.equal(
      ((await wrong.json()) as { error: { code: string } }).error.code,
      'DirectApiInvalidAuthorizationSignature',
    );
    assert.equal(lab.inbox.listRuns().length, 0);
    assert.deepEqual(
      lab.inbox.listMessages().map((m) => [m.status, m.delivered]),
      [
        [401, false],
        [401, false],
      ],
    );
  });

  it('answers 429 beyond 4 requests per second', async () => {
    const lab = inProcessLab();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await lab.post(lab.hooks['teams-workflow-fixed'].url, TEAMS_TEST)).status);
    assert.deepEqual(statuses, [202, 202, 202, 202, 429]);
    await new Promise((resolve) => setTimeout(resolve, 60)); // let the four runs end
  });
});

describe('Teams Workflows webhook, fixed flow (in-process)', () => {
  it("wraps RHACS's card in an Adaptive Card built from title, text and sections and succeeds", async () => {
    const lab = inProcessLab();
    const { event } = await postAndRun(lab, lab.hooks['teams-workflow-fixed'].url, TEAMS_ALERT);
    assert.equal(event.run.status, 'Succeeded');
    assert.equal(event.message?.delivered, true);
    const shown = event.message?.shown;
    if (shown?.kind !== 'teams') assert.fail('expected a Teams card');
    assert.ok(shown.cards[0]?.facts.some((f) => f.name === 'ID' && f.value === ALERT_ID));
    assert.ok(shown.cards[0]?.facts.some((f) => f.name === 'Namespace' && f.value === 'payments'));
  });

  it('shows the Test message text', async () => {
    const lab = inProcessLab();
    const { event } = await postAndRun(lab, lab.hooks['teams-workflow-fixed'].url, TEAMS_TEST);
    assert.deepEqual(event.message?.shown, {
      kind: 'teams',
      cards: [
        {
          title: '',
          text: 'This is a test message created to test teams integration with StackRox.',
          facts: [],
        },
      ],
    });
  });
});

describe('Teams legacy connector (in-process)', () => {
  it('is retired by default: 410 Gone, nothing delivered', async () => {
    const lab = inProcessLab();
    const res = await lab.post(lab.hooks['teams-legacy-connector'].url, TEAMS_TEST);
    assert.equal(res.status, 410);
    assert.equal(lab.inbox.listMessages()[0]?.delivered, false);
  });

  it('legacy mode: 200 "1", 400 without summary or text, 413 over 28 KB', async () => {
    const lab = inProcessLab({ teamsLegacyConnector: 'legacy' });
    const url = lab.hooks['teams-legacy-connector'].url;
    const ok = await lab.post(url, TEAMS_ALERT);
    assert.deepEqual([ok.status, await ok.text()], [200, '1']);
    const empty = await lab.post(url, '{"title":"only a title"}');
    assert.deepEqual([empty.status, await empty.text()], [400, 'Summary or Text is required.']);
    const big = await lab.post(url, JSON.stringify({ text: 'x'.repeat(29 * 1024) }));
    assert.equal(big.status, 413);
    assert.deepEqual(
      lab.inbox.listMessages().map((m) => m.delivered),
      [true, false, false],
    );
  });
});
