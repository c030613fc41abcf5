// A tiny verify run for tests/receivers-cluster/worker-restart.test.ts: the harness's own global
// setup, teardown and fixtures, one worker, three files in order; the middle one fails on purpose,
// so Playwright discards the worker and runs the last file in a new one.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  globalSetup: '../../../fixtures/global-setup.ts',
  globalTeardown: '../../../fixtures/global-teardown.ts',
  reporter: [['list'], ['json']],
});
