// Many labs at once: prints one table with a row per lab project (scenario counts, status, first
// failure) and writes <outputDir>/labs.json and labs.md. It does nothing for a single-target run.
// With --shard it keeps every lab whole on one shard (labs dealt round-robin by their position in
// the targets file), since a lab's scenarios follow the module in order on one shared lab.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
  TestRun,
} from '@playwright/test/reporter';
import { redact } from '../src/redact.ts';
import {
  formatLabTable,
  type LabProjectMetadata,
  type LabRow,
  labInShard,
  labStatus,
  loadTargetsFile,
} from '../src/targets/index.ts';

export interface LabTableReporterOptions {
  /** Default: $REPORTS_DIR or "reports". */
  outputDir?: string;
}

const labOf = (suite: Suite | undefined): LabProjectMetadata | undefined => {
  const meta = suite?.project()?.metadata as Partial<LabProjectMetadata> | undefined;
  return typeof meta?.lab === 'string' && typeof meta.labIndex === 'number'
    ? (meta as LabProjectMetadata)
    : undefined;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;

export default class LabTableReporter implements Reporter {
  private readonly outputDir: string;
  private suite: Suite | undefined;
  private readonly results = new Map<string, { test: TestCase; result: TestResult }>();

  constructor(options: LabTableReporterOptions = {}) {
    this.outputDir = options.outputDir ?? process.env.REPORTS_DIR ?? 'reports';
  }

  printsToStdio(): boolean {
    return false;
  }

  async preprocess({ config, suite, testRun }: { config: FullConfig; suite: Suite; testRun: TestRun }) {
    if (config.shard === null) return;
    const labs = suite.suites.map((project) => ({ project, lab: labOf(project) }));
    if (labs.length === 0 || labs.some((l) => l.lab === undefined)) return;
    testRun.skipSharding();
    for (const { project, lab } of labs)
      if (!labInShard(lab!.labIndex, config.shard)) testRun.exclude(project);
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.suite = suite;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.results.set(test.id, { test, result });
  }

  onEnd(_result: FullResult): void {
    const projects = (this.suite?.suites ?? []).filter((p) => labOf(p) !== undefined);
    if (projects.length === 0) return;
    const rows = projects
      .map((project) => ({ meta: labOf(project)!, row: this.row(project) }))
      .sort((a, b) => a.meta.labIndex - b.meta.labIndex)
      .map((r) => r.row);
    const secrets = this.secrets();
    const table = formatLabTable(rows, { unit: 'scenarios', secrets });
    console.log(`\n${table}`);
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(join(this.outputDir, 'labs.md'), `# Labs\n\n\`\`\`\n${table}\n\`\`\`\n`);
    writeFileSync(
      join(this.outputDir, 'labs.json'),
      `${redact(JSON.stringify({ labs: rows }, null, 2), secrets)}\n`,
    );
  }

  private row(project: Suite): LabRow {
    const meta = labOf(project)!;
    const row: LabRow = {
      lab: meta.lab,
      target: meta.target,
      passed: 0,
      failed: 0,
      other: 0,
      status: 'PASS',
    };
    let durationMs = 0;
    for (const test of project.allTests()) {
      const result = this.results.get(test.id)?.result;
      durationMs += result?.duration ?? 0;
      const outcome = result === undefined ? 'skipped' : test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') row.passed++;
      else if (outcome === 'unexpected') {
        row.failed++;
        if (row.firstFailure === undefined) {
          const error = (result?.errors[0]?.message ?? result?.error?.message ?? '')
            .replace(ANSI, '')
            .replace(/^\w*Error: /, '');
          row.firstFailure = `${test.title}: ${error.split('\n').find((l) => l.trim() !== '') ?? result?.status}`;
        }
      } else row.other++;
    }
    row.status = labStatus(row);
    row.durationMs = durationMs;
    return row;
  }

  /** The labs' secrets when the targets file can be read here (not on a machine merging reports). */
  private secrets(): string[] {
    const file = process.env.TARGETS_FILE;
    if (!file) return [];
    try {
      return loadTargetsFile(file).labs.flatMap((l) => l.secrets);
    } catch {
      return [];
    }
  }
}
