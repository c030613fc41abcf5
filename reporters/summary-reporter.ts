// A Playwright reporter writing <outputDir>/summary.json and summary.md: per scenario and step the
// status, duration and error, the hop latencies and module findings the scenarios annotated, and the
// run's target. Everything written passes through redact().
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestResult,
  TestStep,
} from '@playwright/test/reporter';
import { redact, redactDeep } from '../src/redact.ts';
import {
  type Annotation,
  collectFindings,
  collectUnverified,
  findingsFrom,
  hopsFrom,
  moduleFromEnv,
  NOT_VERIFIED,
  type RunSummary,
  renderMarkdown,
  type ScenarioSummary,
  type StepSummary,
  unverifiedFrom,
  unverifiedLine,
  verdictOf,
} from './summary-model.ts';

export interface SummaryReporterOptions {
  /** Default: $REPORTS_DIR or "reports". */
  outputDir?: string;
}

// Values of these variables are secrets wherever they appear; webhook URL shapes are masked by redact().
const SECRET_VARIABLE = /(TOKEN|PASSWORD|SECRET|WEBHOOK_URL)$|^(SLACK|TEAMS)_.*_URL$/;

export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([k, v]) => SECRET_VARIABLE.test(k) && typeof v === 'string' && v !== '')
    .map(([, v]) => v as string);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string | undefined): string | undefined => text?.replace(ANSI, '');

function stepSummaries(steps: readonly TestStep[]): StepSummary[] {
  // Only the scenario's own test.step blocks, flattened in order (hooks, expects and fixtures are noise).
  const out: StepSummary[] = [];
  for (const step of steps) {
    if (step.category === 'test.step') {
      const skipped = step.annotations.some((a) => a.type === 'skip');
      const summary: StepSummary = {
        title: step.titlePath().join(' > ') || step.title,
        status: step.error
          ? 'failed'
          : skipped
            ? 'skipped'
            : step.title.endsWith(NOT_VERIFIED)
              ? 'unverified'
              : 'passed',
        durationMs: step.duration,
      };
      const error = plain(step.error?.message);
      if (error) summary.error = error;
      out.push(summary);
    }
    out.push(...stepSummaries(step.steps));
  }
  return out;
}

export default class SummaryReporter implements Reporter {
  private readonly outputDir: string;
  private rootDir = process.cwd();
  private readonly startedAt = new Date();
  private readonly results = new Map<string, { test: TestCase; result: TestResult }>();

  constructor(options: SummaryReporterOptions = {}) {
    this.outputDir = options.outputDir ?? process.env.REPORTS_DIR ?? 'reports';
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.rootDir = config.rootDir;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // The last attempt wins when a test is retried.
    this.results.set(test.id, { test, result });
  }

  onEnd(result: FullResult): void {
    const summary = this.summarize(result);
    const secrets = secretsFromEnv(process.env);
    const clean = redactDeep(summary, secrets);
    mkdirSync(this.outputDir, { recursive: true });
    writeFileSync(join(this.outputDir, 'summary.json'), `${JSON.stringify(clean, null, 2)}\n`);
    writeFileSync(join(this.outputDir, 'summary.md'), redact(renderMarkdown(clean), secrets));
    // Quiet by default, but a run that could not prove a delivery must say so where it is read.
    const line = unverifiedLine(clean);
    if (line) console.log(redact(line, secrets));
  }

  private summarize(result: FullResult): RunSummary {
    const scenarios: ScenarioSummary[] = [];
    const totals: RunSummary['totals'] = { passed: 0, failed: 0, skipped: 0, timedOut: 0, interrupted: 0 };
    for (const { test, result: r } of this.results.values()) {
      totals[r.status] += 1;
      // result.annotations holds the static ones and those added while the test ran.
      const annotations: Annotation[] = r.annotations;
      const scenario: ScenarioSummary = {
        title: test.titlePath().filter(Boolean).slice(1).join(' > '),
        file: relative(this.rootDir, test.location.file),
        status: r.status,
        durationMs: r.duration,
        retries: r.retry,
        steps: stepSummaries(r.steps),
        hops: hopsFrom(annotations),
        findings: findingsFrom(annotations),
        advisories: findingsFrom(annotations, 'advisory'),
        unverified: unverifiedFrom(annotations),
      };
      const error = plain(r.errors.map((e) => e.message ?? e.value ?? '').join('\n\n') || r.error?.message);
      if (error) scenario.error = error;
      // A skipped scenario says why (test.skip's description), in the same column.
      const skip =
        r.status === 'skipped' ? annotations.find((a) => a.type === 'skip')?.description : undefined;
      if (skip && !error) scenario.error = `skipped: ${skip}`;
      scenarios.push(scenario);
    }
    const env = process.env;
    const unverified = collectUnverified(scenarios);
    const findings = collectFindings(scenarios);
    return {
      ...moduleFromEnv(env),
      runId: env.RUN_ID ?? '',
      target: env.HARNESS_TARGET ?? 'unknown',
      targetReason: env.HARNESS_TARGET_REASON ?? '',
      profile: env.LAB_PROFILE || 'default',
      status: result.status,
      verdict: verdictOf(result.status, unverified),
      startedAt: result.startTime?.toISOString() ?? this.startedAt.toISOString(),
      durationMs: result.duration ?? Date.now() - this.startedAt.getTime(),
      totals,
      scenarios,
      findings,
      // A problem the target actually showed is listed once, as a finding.
      advisories: collectFindings(scenarios, 'advisories').filter(
        (a) => !findings.some((f) => f.id === a.id),
      ),
      unverified,
    };
  }
}
