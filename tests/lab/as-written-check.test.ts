import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../reporters/summary-model.ts';
import { asWrittenProblems } from '../../scripts/as-written-check.ts';

const finding = (id: string) => ({ id, title: 't', happened: 'h', why: 'w', fix: 'f', scenarios: ['s'] });

function summary(ids: string[]): RunSummary {
  return {
    runId: 'r',
    target: 'embedded',
    targetReason: '',
    profile: 'as-written',
    status: 'failed',
    startedAt: '',
    durationMs: 1,
    totals: { passed: 1, failed: 3, skipped: 0, timedOut: 0, interrupted: 0 },
    scenarios: [],
    findings: ids.map(finding),
    advisories: [],
  };
}

const md = (ids: string[]) => ids.map((id) => `### ${id}: t\n`).join('');

test('a failed run that explains F1, F3 and F5 is what the as-written profile must give', () => {
  assert.deepEqual(asWrittenProblems(1, summary(['F1', 'F3', 'F5', 'F7']), md(['F1', 'F3', 'F5'])), []);
});

test('a passing run, a missing finding, an unexplained one or a missing report are each reported', () => {
  assert.deepEqual(asWrittenProblems(0, summary(['F1', 'F3', 'F5']), md(['F1', 'F3', 'F5'])), [
    'the as-written run passed; it must fail',
  ]);
  assert.deepEqual(asWrittenProblems(1, summary(['F1', 'F5']), md(['F1', 'F5'])), [
    'finding F3 is missing from summary.json',
  ]);
  const noFix = summary(['F1', 'F3', 'F5']);
  noFix.findings[2]!.fix = ' ';
  assert.deepEqual(asWrittenProblems(1, noFix, md(['F1', 'F3'])), [
    'finding F5 has no "fix"',
    'finding F5 is missing from summary.md',
  ]);
  assert.deepEqual(asWrittenProblems(1, undefined, ''), ['no summary.json was written']);
});
