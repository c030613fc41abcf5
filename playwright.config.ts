import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// REPORTS_DIR lets a second run (the as-written check in `npm test`) keep its reports apart.
const reports = process.env.REPORTS_DIR ?? 'reports';

// The console scenarios use Debian's Chromium when present (no browser download here), else
// Playwright's own browser (`npx playwright install chromium`).
const systemChromium = '/usr/bin/chromium';
const chromiumLaunch = {
  ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
  args: [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: 'scenarios',
  // The scenarios follow the module in order and share one lab: one worker, files in sequence.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  outputDir: 'test-results',
  globalSetup: './fixtures/global-setup.ts',
  globalTeardown: './fixtures/global-teardown.ts',
  reporter: [
    ['list', { printSteps: false }],
    ['html', { outputFolder: `${reports}/html`, open: 'never' }],
    ['junit', { outputFile: `${reports}/junit.xml` }],
    ['./reporters/summary-reporter.ts', { outputDir: reports }],
  ],
  use: {
    trace: 'off',
  },
  projects: [
    // The API-level scenarios (no browser).
    { name: 'scenarios', testIgnore: ['console/**'] },
    // The module's console steps in a real browser; fixtures/console sets baseURL to the console.
    {
      name: 'console',
      testDir: 'scenarios/console',
      use: { browserName: 'chromium', launchOptions: chromiumLaunch, baseURL: process.env.ROX_ENDPOINT },
    },
  ],
});
