import { existsSync } from 'node:fs';
import { defineConfig, type Project, type ReporterDescription } from '@playwright/test';
import { consoleBrowserProxy, withProxy } from './fixtures/browser-launch.ts';
import type { LabWorkerOptions } from './fixtures/harness.ts';
import { labProjectMetadata, loadTargetsFile } from './src/targets/index.ts';

// REPORTS_DIR lets a second run (the as-written check in `npm test`) keep its reports apart.
const reports = process.env.REPORTS_DIR ?? 'reports';

// Many labs at once (`npm run verify -- --targets room.yaml`, or TARGETS_FILE): a project per lab,
// all in parallel, each lab's files in order on one worker. Projects carry only the lab's name; the
// workers read its settings from the file (src/targets/lab-projects.ts), so no secret is in the config.
const targetsFile = process.env.TARGETS_FILE?.trim() || undefined;
const targets = targetsFile === undefined ? undefined : loadTargetsFile(targetsFile);
const labProjects: Project<object, LabWorkerOptions>[] | undefined = targets?.labs.map((lab, index) => ({
  name: lab.name,
  testIgnore: ['console/**'],
  workers: 1,
  // Its own directory: the "a step failed, keep what was created" marker is per lab.
  outputDir: `test-results/${lab.name}`,
  use: { lab: { name: lab.name, targetsFile: targets.path } },
  metadata: labProjectMetadata(targets, index),
}));
// A CI matrix job (--shard i/n) writes a blob report for `npx playwright merge-reports`.
const sharded = process.argv.some((a) => a === '--shard' || a.startsWith('--shard='));
const MAX_LAB_WORKERS = 8;

// The console scenarios use Debian's Chromium when present (no browser download here), else
// Playwright's own browser (`npx playwright install chromium`).
const systemChromium = '/usr/bin/chromium';
const chromiumLaunch = withProxy(
  {
    ...(existsSync(systemChromium) ? { executablePath: systemChromium } : {}),
    args: [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
  consoleBrowserProxy(),
);

export default defineConfig<object, LabWorkerOptions>({
  testDir: 'scenarios',
  // The scenarios follow the module in order and share one lab: one worker, files in sequence
  // (with a targets file: one worker per lab, up to MAX_LAB_WORKERS at once; --workers overrides).
  workers: labProjects ? Math.min(labProjects.length, MAX_LAB_WORKERS) : 1,
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
    // Prints the one-row-per-lab table; silent unless the projects are labs (also in merge-reports).
    ['./reporters/lab-table-reporter.ts', { outputDir: reports }],
    ...(sharded ? [['blob', { outputDir: `${reports}/blob` }] as ReporterDescription] : []),
  ],
  use: {
    trace: 'off',
  },
  projects: labProjects ?? [
    // The API-level scenarios (no browser).
    { name: 'scenarios', testIgnore: ['console/**'] },
    // The module's console steps in a real browser; fixtures/console sets baseURL to the console.
    {
      name: 'console',
      testDir: 'scenarios/console',
      testIgnore: ['90-*'],
      use: { browserName: 'chromium', launchOptions: chromiumLaunch, baseURL: process.env.ROX_ENDPOINT },
    },
    // The harness's own proof that a console spec fails for the right reason (run by `npm test`).
    ...(process.env.HARNESS_SELFTEST === '1'
      ? [
          {
            name: 'console-selftest',
            testDir: 'scenarios/console',
            testMatch: ['90-*.spec.ts'],
            use: {
              browserName: 'chromium' as const,
              launchOptions: chromiumLaunch,
              baseURL: process.env.ROX_ENDPOINT,
            },
          },
        ]
      : []),
  ],
});
