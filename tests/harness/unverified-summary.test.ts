// An unverified delivery in the run summary: its own section and count, and a verdict that is never
// a plain pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectUnverified,
  type RunSummary,
  renderMarkdown,
  type ScenarioSummary,
  unverifiedFrom,
  unverifiedLine,
  verdictOf,
} from '../../reporters/summary-model.ts';

const slackNote = {
  type: 'unverified',
  description: JSON.stringify({
    channel: 'slack',
    reason: 'the webhook is a real one',
    configure: ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL_ID'],
  }),
};

function scenario(unverified: ScenarioSummary['unverified']): ScenarioSummary {
  return {
    title: '01 > Integrating Slack',
    file: 'scenarios/01.spec.ts',
    status: 'passed',
    durationMs: 10,
    retries: 0,
    steps: [
      {
        title: 'The test message appears in the Slack channel (not verified)',
        status: 'unverified',
        durationMs: 0,
      },
    ],
    hops: [],
    findings: [],
    advisories: [],
    ...(unverified ? { unverified } : {}),
  };
}

function summary(status: string, scenarios: ScenarioSummary[]): RunSummary {
  const unverified = collectUnverified(scenarios);
  return {
    runId: 'r',
    target: 'cluster',
    targetReason: '',
    profile: 'default',
    status,
    verdict: verdictOf(status, unverified),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
    totals: { passed: 1, failed: 0, skipped: 0, timedOut: 0, interrupted: 0 },
    scenarios,
    findings: [],
    advisories: [],
    unverified,
  };
}

describe('unverified deliveries in the summary', () => {
  it('annotations become one entry per channel; malformed ones are skipped', () => {
    const got = unverifiedFrom([
      slackNote,
      slackNote,
      { type: 'unverified', description: 'not json' },
      { type: 'unverified', description: JSON.stringify({ reason: 'no channel' }) },
      { type: 'hop', description: JSON.stringify({ channel: 'teams' }) },
    ]);
    assert.deepEqual(got, [
      {
        channel: 'slack',
        reason: 'the webhook is a real one',
        configure: ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL_ID'],
      },
    ]);
  });

  it('a passed run with one says so in the verdict, the heading, a section and the count', () => {
    const s = summary('passed', [scenario(unverifiedFrom([slackNote]))]);
    assert.equal(s.verdict, 'PASSED with unverified deliveries');
    const md = renderMarkdown(s);
    assert.match(md, /^# Notifications module: PASSED with unverified deliveries\n/);
    assert.match(md, /, 1 unverified deliveries/);
    assert.match(
      md,
      /## Unverified[\s\S]*\| 01 > Integrating Slack \| slack \| the webhook is a real one \| SLACK_BOT_TOKEN, SLACK_CHANNEL_ID \|/,
    );
    assert.match(md, /\(not verified\) \| unverified \|/);
    assert.match(
      unverifiedLine(s) ?? '',
      /^PASSED with unverified deliveries: 1 delivery check\(s\) not verified: slack \(set SLACK_BOT_TOKEN, SLACK_CHANNEL_ID\)/,
    );
  });

  it('without any: a plain pass and no section; a failure stays FAILED either way', () => {
    const clean = summary('passed', [scenario(undefined)]);
    assert.equal(clean.verdict, 'PASSED');
    assert.doesNotMatch(renderMarkdown(clean), /Unverified/);
    assert.equal(unverifiedLine(clean), undefined);
    const failed = summary('failed', [scenario(unverifiedFrom([slackNote]))]);
    assert.equal(failed.verdict, 'FAILED');
    assert.match(renderMarkdown(failed), /^# Notifications module: FAILED/);
  });
});
