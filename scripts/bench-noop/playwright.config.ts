// The floor under any Playwright-run verification: one empty test, no global setup.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: 'noop.spec.ts',
  workers: 1,
  reporter: 'list',
  outputDir: process.env.BENCH_OUTPUT_DIR ?? 'test-results',
});
