// A scenario's Playwright timeout covers all its waits at their maximum, whatever ALERT_TIMEOUT_MS is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ScenarioId, scenarioBudgetMs, scenarioWaits } from '../../src/module/time-budget.ts';

/** Playwright's default per-test timeout in playwright.config.ts, which the scenarios used to run under. */
const OLD_FIXED_TIMEOUT_MS = 180_000;
const SCENARIOS: ScenarioId[] = ['slack', 'teams', 'policy', 'runtime'];

test('the budget is the sum of the waits plus the margin, for any alert timeout', () => {
  for (const alert of [15_000, 90_000, 300_000, 600_000]) {
    for (const s of SCENARIOS) {
      const waits = Object.values(scenarioWaits(s, alert)).reduce((a, b) => a + b, 0);
      assert.ok(scenarioBudgetMs(s, alert) > waits, `${s} at ${alert} ms`);
    }
  }
});

test("the runtime scenario at a real cluster's 90 s no longer fits the old fixed 180 s", () => {
  const runtime = scenarioWaits('runtime', 90_000);
  assert.equal(runtime["this run's alert"], 90_000);
  assert.equal(runtime["the ls in Central's process data"], 90_000);
  assert.ok(scenarioBudgetMs('runtime', 90_000) > OLD_FIXED_TIMEOUT_MS);
  // The embedded lab's 15 s: the barrier still waits out Central's one-minute flush.
  assert.equal(scenarioWaits('runtime', 15_000)["the ls in Central's process data"], 65_000);
});

test('TEAMS_READBACK_TIMEOUT_MS sets the Teams waits and budgets, ALERT_TIMEOUT_MS the others', () => {
  const teams = scenarioWaits('teams', 90_000, 300_000);
  assert.equal(teams['the Test message'], 300_000);
  assert.equal(teams['the flow run and the card in the channel'], 300_000);
  const runtime = scenarioWaits('runtime', 90_000, 300_000);
  assert.equal(runtime['the Teams message'], 300_000);
  assert.equal(runtime['the Teams flow run and the card in the channel'], 300_000);
  assert.equal(runtime['the Slack message'], 90_000);
  assert.equal(runtime["this run's alert"], 90_000);
  // Raising the read-back timeout raises the Teams and runtime budgets by its two waits, nothing else.
  for (const s of SCENARIOS) {
    const delta = scenarioBudgetMs(s, 90_000, 300_000) - scenarioBudgetMs(s, 90_000, 120_000);
    assert.equal(delta, s === 'teams' || s === 'runtime' ? 2 * 180_000 : 0, s);
  }
});
