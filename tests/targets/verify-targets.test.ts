// `npm run verify -- --targets`: a Playwright project per lab, all labs in one run; and a CI matrix's
// `--shard 1/2` + `--shard 2/2` (whole labs per shard, blob reports) merged by `playwright merge-reports`.

import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, playwright, runCommand, script } from '../support/cli.ts';
import { tableRows } from './helpers.ts';

interface LabsJson {
  labs: {
    lab: string;
    target: string;
    passed: number;
    failed: number;
    status: string;
    firstFailure?: string;
  }[];
}

/** Each project's number of tests in the list reporter's output. */
const projectsOf = (stdout: string): Map<string, number> => {
  const counts = new Map<string, number>();
  // A listed test (`  [lab] › ...`) or a finished one (`  ✓  3 [lab] › ...`); not the failure recap.
  for (const m of stdout.matchAll(/^ {2}(?:[✓✘]\s+\d+\s+)?\[([\w.-]+)\] › /gm))
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  return counts;
};

describe('verify --targets', { timeout: 300_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'verify-targets-'));
    await writeFile(
      join(dir, 'two.yaml'),
      'labs:\n  - name: lab-a\n    embedded: true\n  - name: lab-b\n    embedded: true\n',
    );
    await writeFile(
      join(dir, 'mixed.yaml'),
      'labs:\n  - name: good\n    embedded: true\n  - name: verbatim\n    embedded: true\n    profile: as-written\n  - name: good-2\n    embedded: true\n',
    );
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const env = (reports: string) => cleanEnv({ REPORTS_DIR: join(dir, reports), CI: '' });

  test('without --targets the projects are as before; with it, one project per lab (no console)', async () => {
    const single = await runCommand(script('verify', ['--list']), env('list-single'));
    assert.equal(single.code, 0, single.stderr);
    const projects = projectsOf(single.stdout);
    assert.deepEqual([...projects.keys()].sort(), ['console', 'scenarios']);
    // 00 (the Generic Webhook) is listed too; it skips itself on the built-in copy.
    assert.equal(projects.get('scenarios'), 5);
    const labs = await runCommand(
      script('verify', ['--targets', join(dir, 'two.yaml'), '--list']),
      env('list-labs'),
    );
    assert.equal(labs.code, 0, labs.stderr);
    assert.deepEqual([...projectsOf(labs.stdout)].sort(), [
      ['lab-a', 5],
      ['lab-b', 5],
    ]);
  });

  test('2 embedded labs: both pass, each as its own project, one table', async () => {
    const r = await runCommand(
      script('verify', ['--targets', join(dir, 'two.yaml'), `--output=${join(dir, 'tr-two')}`]),
      env('two'),
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Targets file .*two\.yaml: 2 of 2 labs in this run \(2 embedded, started here\)/);
    assert.match(r.stdout, /Running 10 tests using 2 workers/);
    // The lines of the scenarios that ran (00 skips itself on the built-in copy).
    assert.deepEqual([...projectsOf(r.stdout)].sort(), [
      ['lab-a', 4],
      ['lab-b', 4],
    ]);
    assert.deepEqual(
      tableRows(r.stdout).map((c) => c.slice(0, 7)),
      [
        ['lab-a', 'embedded (default)', '5', '4', '0', '1', 'PASS'],
        ['lab-b', 'embedded (default)', '5', '4', '0', '1', 'PASS'],
      ],
    );
    const labs = JSON.parse(await readFile(join(dir, 'two', 'labs.json'), 'utf8')) as LabsJson;
    assert.deepEqual(
      labs.labs.map((l) => [l.lab, l.status]),
      [
        ['lab-a', 'PASS'],
        ['lab-b', 'PASS'],
      ],
    );
  });

  test('--shard 1/2 and 2/2 each run whole labs; merge-reports gives the one table', async () => {
    const blobs = join(dir, 'all-blobs');
    await mkdir(blobs);
    const shards = [];
    for (const i of [1, 2]) {
      const r = await runCommand(
        script('verify', [
          '--targets',
          join(dir, 'mixed.yaml'),
          `--shard=${i}/2`,
          `--output=${join(dir, `tr-${i}`)}`,
        ]),
        env(`shard-${i}`),
      );
      shards.push(r);
      const blobDir = join(dir, `shard-${i}`, 'blob');
      const files = await readdir(blobDir);
      assert.deepEqual(files, [`report-${i}.zip`]);
      await copyFile(join(blobDir, files[0]!), join(blobs, files[0]!));
    }
    // Labs are dealt round-robin (1st and 3rd on shard 1, 2nd on shard 2), never split: Playwright's
    // own split of these 12 files would cut the second lab in half.
    assert.equal(shards[0]!.code, 0, shards[0]!.stdout);
    assert.deepEqual([...projectsOf(shards[0]!.stdout)].sort(), [
      ['good', 4],
      ['good-2', 4],
    ]);
    assert.equal(shards[1]!.code, 1, 'the as-written lab fails');
    assert.deepEqual([...projectsOf(shards[1]!.stdout)], [['verbatim', 4]]);

    const merged = await runCommand(
      playwright(['merge-reports', '--config', 'playwright.config.ts', blobs]),
      env('merged'),
    );
    const rows = tableRows(merged.stdout);
    assert.deepEqual(
      rows.map((c) => [c[0], c[1], c[2], c[6]]),
      [
        ['good', 'embedded (default)', '5', 'PASS'],
        ['verbatim', 'embedded (as-written)', '5', 'FAIL'],
        ['good-2', 'embedded (default)', '5', 'PASS'],
      ],
      merged.stdout + merged.stderr,
    );
    assert.match(rows[1]![7] ?? '', /^Integrating/);
    const labs = JSON.parse(await readFile(join(dir, 'merged', 'labs.json'), 'utf8')) as LabsJson;
    assert.deepEqual(
      labs.labs.map((l) => [l.lab, l.passed, l.failed]),
      [
        ['good', 4, 0],
        // As written, every step fails: 01 at check's goal for its Slack workflow trigger (F3).
        ['verbatim', 0, 4],
        ['good-2', 4, 0],
      ],
    );
    const junit = await readFile(join(dir, 'merged', 'junit.xml'), 'utf8');
    assert.match(junit, /tests="15"/);
  });
});
