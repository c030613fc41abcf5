// Sensor's filter settings from its env, as stackrox pkg/env/process_filter*.go reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_PROCESS_FILTER,
  processFilterSettings,
} from '../../mocks/central/process-filter-settings.ts';

test('no env: 5 identical execs, fan-out [8,6,4,2], 5000 paths', () => {
  assert.deepEqual(processFilterSettings({}, '4.11'), DEFAULT_PROCESS_FILTER);
});

test('the modes are presets: aggressive keeps 1 and no argument tracking, minimal 100', () => {
  const aggressive = processFilterSettings({ ROX_PROCESS_FILTER_MODE: 'Aggressive' }, '4.11');
  assert.deepEqual(aggressive, {
    maxExactPathMatches: 1,
    fanOutLevels: [],
    maxProcessPaths: 1000,
    mode: 'aggressive',
  });
  assert.equal(
    processFilterSettings({ ROX_PROCESS_FILTER_MODE: 'minimal' }, '4.11').maxExactPathMatches,
    100,
  );
});

test('an unknown mode runs the default preset', () => {
  const s = processFilterSettings({ ROX_PROCESS_FILTER_MODE: 'strict' }, '4.11');
  assert.equal(s.mode, 'default');
  assert.equal(s.maxExactPathMatches, 5);
});

test('an individual variable wins over the mode, even when it is out of range (then its default)', () => {
  const set = processFilterSettings(
    { ROX_PROCESS_FILTER_MODE: 'aggressive', ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '3' },
    '4.11',
  );
  assert.equal(set.maxExactPathMatches, 3);
  assert.deepEqual(set.fanOutLevels, []);
  const bad = processFilterSettings(
    { ROX_PROCESS_FILTER_MODE: 'aggressive', ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '5000' },
    '4.11',
  );
  assert.equal(bad.maxExactPathMatches, 5);
});

test('fan-out levels parse "[a,b]" and "[]"; a bad element falls back to the default', () => {
  assert.deepEqual(
    processFilterSettings({ ROX_PROCESS_FILTER_FAN_OUT_LEVELS: '[3, 2]' }, '4.10').fanOutLevels,
    [3, 2],
  );
  assert.deepEqual(
    processFilterSettings({ ROX_PROCESS_FILTER_FAN_OUT_LEVELS: '[]' }, '4.10').fanOutLevels,
    [],
  );
  assert.deepEqual(
    processFilterSettings({ ROX_PROCESS_FILTER_FAN_OUT_LEVELS: '[0,2]' }, '4.10').fanOutLevels,
    [8, 6, 4, 2],
  );
});

test('4.10 reads the individual variables but not the mode', () => {
  const s = processFilterSettings(
    { ROX_PROCESS_FILTER_MODE: 'aggressive', ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: '2' },
    '4.10',
  );
  assert.equal(s.maxExactPathMatches, 2);
  assert.equal(s.mode, undefined);
  assert.equal(
    processFilterSettings({ ROX_PROCESS_FILTER_MODE: 'aggressive' }, '4.10').maxExactPathMatches,
    5,
  );
});
