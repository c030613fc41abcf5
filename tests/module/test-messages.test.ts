// What each integration's Test must deliver (src/module/test-messages.ts): the Slack and Teams test
// messages shown in the channel (a Workflows URL through its flow run, F5), read back by a stub waiter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TEST_MESSAGE_TEXT } from '../../src/channels/index.ts';
import { slackTestMessage, teamsTestMessage } from '../../src/module/test-messages.ts';
import { message, TEAMS_URL } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { deps, stubWaiter } from './runtime-fixtures.ts';

const since = Date.now() - 1_000;

test('Slack: the test message shown in the channel passes and records its hop', async () => {
  const d = deps({});
  const shown = message('slack', { shownText: TEST_MESSAGE_TEXT.slack, sentText: TEST_MESSAGE_TEXT.slack });
  await slackTestMessage(d, stubWaiter([shown]), since);
  assert.deepEqual(
    d.sink.hops.map(([name]) => name),
    ['slack test message'],
  );
});

test('Slack: a refused post is TEST_MESSAGE_NOT_SHOWN with the status; a rewritten one TEST_MESSAGE_INCOMPLETE', async () => {
  const refused = message('slack', { delivered: false, status: 404, sentText: TEST_MESSAGE_TEXT.slack });
  const err = await rejection(slackTestMessage(deps({}), stubWaiter([refused]), since));
  assert.equal(err.code, 'TEST_MESSAGE_NOT_SHOWN');
  assert.match(err.cause, /answered 404/);
  const rewritten = message('slack', {
    shownText: 'New message from a workflow',
    sentText: TEST_MESSAGE_TEXT.slack,
  });
  const err2 = await rejection(slackTestMessage(deps({}), stubWaiter([rewritten]), since));
  assert.equal(err2.code, 'TEST_MESSAGE_INCOMPLETE');
});

test('Teams: a Workflows flow run that fails after the 202 is F5, recorded and thrown', async () => {
  const d = deps({});
  const accepted = message('teams', { delivered: false, shownText: '', sentText: TEST_MESSAGE_TEXT.teams });
  const waiter = stubWaiter([accepted], (m) => ({
    message: m,
    run: {
      id: 'run-1',
      hookId: 'hook-1',
      status: 'Failed',
      error:
        "ExpressionEvaluationFailed. The 'foreach' expression '@triggerOutputs()?['body']?['attachments']' is of type 'Null'.",
      startedAt: since,
      endedAt: since + 10,
      messageIds: [],
    },
  }));
  const err = await rejection(teamsTestMessage(d, waiter, { labelDefault: TEAMS_URL }, since));
  assert.equal(err.code, 'TEAMS_FLOW_FAILED');
  assert.deepEqual(
    d.sink.findings.map((f) => f.id),
    ['F5'],
  );
  assert.doesNotMatch(err.message, /SiGnAtUrE123/, 'the webhook signature never shows');
});
