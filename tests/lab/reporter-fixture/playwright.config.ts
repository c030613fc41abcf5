// A tiny Playwright project used by summary-reporter.test.ts to drive the real reporter.
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const reporter = fileURLToPath(new URL('../../../reporters/summary-reporter.ts', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  workers: 1,
  outputDir: `${process.env.SUMMARY_OUT}/test-results`,
  reporter: [[reporter, { outputDir: process.env.SUMMARY_OUT }]],
});
