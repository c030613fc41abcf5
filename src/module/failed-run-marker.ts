// Once any test of a run failed, a marker file in the project's output directory tells the later
// workers (and global teardown) to keep what the run created instead of undoing it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Keyed by run id: another run sharing the output directory must not make this one keep things.
const marker = (outputDir: string, runId: string) => join(outputDir, `.harness-failed-${runId}`);

export function markRunFailed(outputDir: string, runId: string): void {
  mkdirSync(outputDir, { recursive: true });
  writeFileSync(marker(outputDir, runId), `${new Date().toISOString()}\n`);
}

export function runHasFailed(outputDir: string, runId: string): boolean {
  return existsSync(marker(outputDir, runId));
}
