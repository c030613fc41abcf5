// `npm run screenshots` against a fresh embedded lab: one PNG per guide step, each a real image of the
// viewport's width, nothing else in the output directory.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chooseChromium, SHOT_CONTEXT } from '../../fixtures/browser-launch.ts';
import { GUIDE_SHOTS } from '../../scripts/lib/guide-shots.ts';
import { embeddedEnv, pngSize } from './png.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const browser = chooseChromium();

test('npm run screenshots writes one PNG per guide step from a fresh embedded lab', {
  skip: browser.available ? false : browser.reason,
  timeout: 240_000,
}, async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'guide-shots-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const run = spawnSync('npm', ['run', '--silent', 'screenshots', '--', '--out', out], {
    cwd: root,
    env: embeddedEnv(),
    encoding: 'utf8',
    timeout: 200_000,
  });
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 0, output);
  assert.match(output, /from a fresh embedded lab/);

  const files = (await readdir(out)).sort();
  assert.deepEqual(
    files,
    GUIDE_SHOTS.map((s) => s.file),
    'exactly the guide steps',
  );
  for (const { file } of GUIDE_SHOTS) {
    const bytes = await readFile(join(out, file));
    assert.ok(bytes.length > 10_000, `${file}: ${bytes.length} bytes is no page`);
    const size = pngSize(bytes);
    assert.equal(size.width, SHOT_CONTEXT.viewport.width, `${file} width`);
    assert.ok(size.height >= SHOT_CONTEXT.viewport.height, `${file}: height ${size.height}`);
    assert.match(output, new RegExp(`^  ${file.replace('.', '\\.')}$`, 'm'), `${file} is reported`);
  }
  assert.doesNotMatch(output, /skipped|note:/, 'the lab has an inbox page and every channel shows the alert');
});

test('npm run screenshots without a usable setting stops with exit 2 and the variable to fix', {
  timeout: 60_000,
}, async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'guide-shots-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  const run = spawnSync('npm', ['run', '--silent', 'screenshots', '--', '--out', out], {
    cwd: root,
    env: embeddedEnv({ ROX_ENDPOINT: 'http://127.0.0.1:9', ROX_API_TOKEN: 'not-a-password' }),
    encoding: 'utf8',
    timeout: 50_000,
  });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stderr, /ROX_ADMIN_PASSWORD is not set/);
  assert.deepEqual(await readdir(out), [], 'nothing written');
});
