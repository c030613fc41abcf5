import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkReport,
  evaluateGoals,
  formatJson,
  formatText,
  type GoalResult,
  judgeAuthorRun,
} from '../../src/check/index.ts';
import { notifier, passingState, SLACK_TRIGGER_URL, TEAMS_URL } from './fixtures.ts';

function failingState() {
  const s = passingState();
  s.notifiers = [
    notifier('slack-alerts', 'slack', SLACK_TRIGGER_URL, 'id-slack-alerts'),
    notifier('teams-alerts', 'teams', TEAMS_URL),
  ];
  s.alerts = [];
  return s;
}

describe('text output', () => {
  test('one line per goal; an indented hint under each miss; none under a pass', () => {
    const text = formatText(evaluateGoals(failingState()));
    const lines = text.split('\n');
    const goalLines = lines.filter((l) => !l.startsWith('    '));
    assert.equal(goalLines.length, 7);
    assert.ok(
      goalLines.every((l) => /^\[(OK|X|\?)\] /.test(l)),
      goalLines.join('\n'),
    );
    assert.match(goalLines[0] ?? '', /^\[X\] Slack integration slack-alerts/);
    assert.match(goalLines[1] ?? '', /^\[OK\] /);
    // The line after a pass is the next goal; after a miss comes its indented hint.
    assert.match(lines[lines.indexOf(goalLines[1] ?? '') + 1] ?? '', /^\[/);
    assert.match(lines[1] ?? '', /^ {4}\S/);
    assert.ok(
      lines.every((l) => l.length <= 100 || !l.includes(' ', 4)),
      'lines are wrapped',
    );
  });

  test('never prints a webhook secret, even with no secrets passed in', () => {
    const text = formatText(evaluateGoals(failingState()), [], { notes: true });
    assert.ok(!text.includes('abcdefabcdef'), text);
    assert.ok(!text.includes('SiGnAtUrE123'), text);
    assert.match(text, /\/triggers\/T0001\/123456789\/\*\*\*/);
  });

  test('cautions on passed goals only with notes', () => {
    const results = evaluateGoals(passingState());
    assert.ok(!formatText(results).includes('note:'));
    assert.match(formatText(results, [], { notes: true }), /note: A Workflows webhook answers 202/);
  });

  test('[?] for unverified', () => {
    const s = passingState();
    s.channels.slack = { kind: 'unverified', reason: 'no read-back', configure: ['SLACK_BOT_TOKEN'] };
    assert.match(formatText(evaluateGoals(s)), /^\[\?\] The alert reached Slack$/m);
  });
});

describe('JSON output', () => {
  test('ok, exitCode, target, goals with id/title/status/detail, counts; secrets redacted', () => {
    const s = failingState();
    s.alerts = passingState().alerts;
    s.channels.teams = { kind: 'unverified', reason: 'no read-back', configure: [] };
    const report = checkReport(evaluateGoals(s), 'a test target');
    const parsed = JSON.parse(formatJson(report, ['SiGnAtUrE123'])) as Record<string, unknown>;
    assert.equal(parsed.ok, false);
    assert.equal(parsed.exitCode, 1);
    assert.equal(parsed.target, 'a test target');
    const goals = parsed.goals as GoalResult[];
    assert.equal(goals.length, 7);
    for (const g of goals) {
      assert.equal(typeof g.id, 'string');
      assert.equal(typeof g.title, 'string');
      assert.ok(['ok', 'fail', 'unverified'].includes(g.status));
      assert.equal(typeof g.detail, 'string');
    }
    assert.deepEqual(parsed.counts, { ok: 5, fail: 1, unverified: 1, skipped: 0 });
    assert.ok(!JSON.stringify(parsed).includes('SiGnAtUrE123'));
  });
});

describe('the author-test verdict', () => {
  const r = (id: GoalResult['id'], status: GoalResult['status'], prerequisite = false): GoalResult => ({
    id,
    title: id,
    status,
    detail: `${id} ${status}`,
    ...(prerequisite ? { prerequisite: true } : {}),
  });

  test('fail then pass is trusted', () => {
    const v = judgeAuthorRun({ before: [r('alert', 'fail')], after: [r('alert', 'ok')] });
    assert.equal(v.ok, true);
    assert.deepEqual(v.surprises, []);
  });

  test('a goal never seen failing is an authoring defect', () => {
    const v = judgeAuthorRun({ before: [r('alert', 'ok')], after: [r('alert', 'ok')] });
    assert.equal(v.ok, false);
    assert.ok(
      v.surprises.some((s) => /alert: never seen failing \(authoring defect\)/.test(s)),
      v.surprises.join('\n'),
    );
  });

  test('a prerequisite passing before is expected, but must be seen failing on the control lab', () => {
    const without = judgeAuthorRun({ before: [r('policy', 'ok', true)], after: [r('policy', 'ok', true)] });
    assert.equal(without.ok, false);
    assert.match(without.surprises.join('\n'), /earlier module/);
    const withControl = judgeAuthorRun({
      before: [r('policy', 'ok', true)],
      after: [r('policy', 'ok', true)],
      control: [r('policy', 'fail', true)],
    });
    assert.equal(withControl.ok, true);
    assert.equal(withControl.goals[0]?.control, 'fail');
  });

  test('not passing after solve, unverified before, and extra surprises are reported', () => {
    const v = judgeAuthorRun({
      before: [r('slack-delivery', 'unverified'), r('teams-delivery', 'fail')],
      after: [r('slack-delivery', 'ok'), r('teams-delivery', 'fail')],
      extra: ['negative control: `ls /` raised alert(s) a1'],
    });
    assert.equal(v.ok, false);
    const text = v.surprises.join('\n');
    assert.match(text, /slack-delivery: unverified before solve/);
    assert.match(text, /teams-delivery: not passing after solve/);
    assert.match(text, /negative control/);
  });
});
