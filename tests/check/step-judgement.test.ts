// src/check/step-judgement.ts: verify takes check's verdict on a step's goals (src/check/evaluate.ts, on a
// stub state here) and fails on a missed goal with check's detail and hint; a channel the harness's
// own receiver stands in for cannot be judged by check, so its misses become notes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChannelName } from '../../src/channels/types.ts';
import { goalNotMet, judgeStepGoals } from '../../src/check/step-judgement.ts';
import type { ChannelRoute } from '../../src/receivers/channel-selection.ts';
import { INBOX, notifier, passingState, policy, TEAMS_URL } from '../check/fixtures.ts';

const LAB_INBOX: Record<ChannelName, ChannelRoute> = {
  slack: { via: 'lab-inbox', inboxUrl: INBOX },
  teams: { via: 'lab-inbox', inboxUrl: INBOX },
};
const POLICY_STEP = ['policy', 'policy-notifiers'] as const;
const SLACK_STEP = ['slack-notifier'] as const;
const ALERT_STEP = ['alert', 'slack-delivery', 'teams-delivery'] as const;

test('every goal of the step holds: nothing missed, nothing noted', () => {
  const state = passingState();
  for (const goals of [POLICY_STEP, SLACK_STEP, ALERT_STEP])
    assert.deepEqual(judgeStepGoals(state, goals, LAB_INBOX), { missed: [], notes: [] });
});

test("an unscoped policy (it still fires): the policy step misses check's goal, with its detail and hint", () => {
  const state = passingState();
  state.policy = policy({ scope: [] });
  const { missed, notes } = judgeStepGoals(state, POLICY_STEP, LAB_INBOX);
  assert.deepEqual(
    missed.map((r) => r.id),
    ['policy'],
  );
  assert.deepEqual(notes, []);
  const err = goalNotMet('Configure Notifications', missed);
  assert.equal(err.code, 'GOAL_NOT_MET');
  assert.equal(err.what, 'Judging "Configure Notifications" as check does');
  assert.match(err.cause, /^Policy "No bash allowed": .*: "No bash allowed" exists but has no scope\.$/);
  assert.equal(err.fix, 'Scope it to namespace payments.');
});

test('a policy without the Process Name = bash criterion misses the policy goal', () => {
  const state = passingState();
  state.policy = policy({
    policySections: [
      {
        sectionName: '',
        policyGroups: [
          { fieldName: 'Process Name', booleanOperator: 'OR', negate: false, values: [{ value: 'sh' }] },
        ],
      },
    ],
  });
  const { missed } = judgeStepGoals(state, POLICY_STEP, LAB_INBOX);
  const err = goalNotMet('Configure Notifications', missed);
  assert.match(err.cause, /does not match Process Name bash/);
  assert.match(err.fix, /Set the criterion Process Name = bash/);
});

test("only the step's own goals are judged: a missed policy goal does not fail the Slack step", () => {
  const state = passingState();
  state.policy = policy({ scope: [] });
  assert.deepEqual(judgeStepGoals(state, SLACK_STEP, LAB_INBOX), { missed: [], notes: [] });
});

test("a channel the harness's own receiver stands in for: its failed goals become notes, the other channel's still fail", () => {
  const state = passingState();
  // Central posts to the harness's receiver, which check does not recognise as Slack, and check
  // reads no alert in the Slack channel; Teams has lost its delivery too.
  state.notifiers = [
    notifier('slack-alerts', 'slack', 'http://harness-receiver.rhacs-harness.svc:8080/hooks/slack-incoming'),
    notifier('teams-alerts', 'teams', TEAMS_URL),
  ];
  if (state.channels.slack.kind === 'read') state.channels.slack.messages = [];
  if (state.channels.teams.kind === 'read') state.channels.teams.messages = [];

  const asCheck = judgeStepGoals(state, [...SLACK_STEP, ...ALERT_STEP], LAB_INBOX);
  assert.deepEqual(
    asCheck.missed.map((r) => r.id),
    ['slack-notifier', 'slack-delivery', 'teams-delivery'],
    'without a stand-in, check fails all three',
  );

  for (const via of ['in-cluster', 'public'] as const) {
    const routes = { ...LAB_INBOX, slack: { via, hook: 'slack-incoming' } } as const;
    const { missed, notes } = judgeStepGoals(state, [...SLACK_STEP, ...ALERT_STEP], routes);
    assert.deepEqual(
      missed.map((r) => r.id),
      ['teams-delivery'],
      `${via}: only the Teams goal fails`,
    );
    assert.equal(notes.length, 2, `${via}: ${notes.join('\n')}`);
    for (const note of notes)
      assert.match(note, /not judged \(the harness's own receiver stands in for the channel\)/);
    assert.match(notes[0] ?? '', /^check's goal "Slack integration slack-alerts with an incoming webhook"/);
    assert.match(notes[1] ?? '', /^check's goal "The alert reached Slack"/);
  }
});

test("a configured webhook on a host check does not know (a relay): check's miss is a note for verify, not a failure", () => {
  const state = passingState();
  state.labInboxUrl = undefined;
  state.notifiers = [
    notifier('slack-alerts', 'slack', 'https://relay.example.com/hooks/slack/T0/B0/secret'),
    notifier('teams-alerts', 'teams', TEAMS_URL),
  ];
  const relay = 'https://relay.example.com/hooks/slack/T0/B0/secret';
  const slack: ChannelRoute = { via: 'unverified', webhookUrl: relay, reason: 'no read-back', configure: [] };
  const routes: Record<ChannelName, ChannelRoute> = { ...LAB_INBOX, slack };
  const { missed, notes } = judgeStepGoals(state, SLACK_STEP, routes);
  assert.deepEqual(missed, []);
  assert.equal(notes.length, 1);
  // A notifier on that host that is not the run's webhook (a student's wrong paste) still fails.
  const elsewhere: Record<ChannelName, ChannelRoute> = {
    ...routes,
    slack: { ...slack, webhookUrl: 'https://hooks.slack.com/services/T1/B1/x' },
  };
  assert.deepEqual(
    judgeStepGoals(state, SLACK_STEP, elsewhere).missed.map((r) => r.id),
    ['slack-notifier'],
  );
  assert.match(
    notes[0] ?? '',
    /the webhook is the one configured for this run, on a host check does not know/,
  );
  assert.match(notes[0] ?? '', /relay\.example\.com, which is not Slack/);
});

test('a stand-in does not hide a goal of another kind: the policy goal still fails under in-cluster receivers', () => {
  const state = passingState();
  state.policy = policy({ scope: [] });
  const routes: Record<ChannelName, ChannelRoute> = {
    slack: { via: 'in-cluster', hook: 'slack-incoming' },
    teams: { via: 'in-cluster', hook: 'teams-workflow-fixed' },
  };
  assert.deepEqual(
    judgeStepGoals(state, POLICY_STEP, routes).missed.map((r) => r.id),
    ['policy'],
  );
});
