// A targets file's labs as Playwright projects (src/targets/lab-projects.ts): their metadata, which
// shard runs which lab, and each lab's settings for its workers (an embedded lab's from the lab.env
// global setup wrote for it).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { isHarnessError } from '../../src/errors.ts';
import {
  embeddedLabDir,
  LABS_DIR_VARIABLE,
  labConfig,
  labInShard,
  labProjectMetadata,
  loadTargetsFile,
} from '../../src/targets/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'lab-projects-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const targetsFile = join(dir, 'room.yaml');
writeFileSync(join(dir, 'room-01.kubeconfig'), 'apiVersion: v1\nkind: Config\n');
writeFileSync(
  targetsFile,
  `labs:
  - name: room-01
    kubeconfig: room-01.kubeconfig
    central: { endpoint: https://central.room-01.example.com, token: room-01-token }
  - name: local
    embedded: true
    profile: as-written
`,
);

test("each lab's project metadata names the lab, its position and its kind of target", () => {
  const targets = loadTargetsFile(targetsFile, {});
  assert.deepEqual(labProjectMetadata(targets, 0), { lab: 'room-01', labIndex: 0, target: 'cluster' });
  assert.deepEqual(labProjectMetadata(targets, 1), {
    lab: 'local',
    labIndex: 1,
    target: 'embedded (as-written)',
  });
});

test('labs go to shards round-robin by position; without shards every lab runs', () => {
  const shard = (current: number) => [0, 1, 2, 3, 4].filter((i) => labInShard(i, { current, total: 2 }));
  assert.deepEqual(shard(1), [0, 2, 4]);
  assert.deepEqual(shard(2), [1, 3]);
  assert.deepEqual(
    [0, 1, 2].filter((i) => labInShard(i, null)),
    [0, 1, 2],
  );
});

test("a cluster lab's workers read its settings from the file", () => {
  const cfg = labConfig({ name: 'room-01', targetsFile }, {});
  assert.equal(cfg.target, 'cluster');
  assert.match(cfg.central.endpoint ?? '', /central\.room-01\.example\.com/);
});

test("an embedded lab's workers read the lab.env global setup wrote under HARNESS_LABS_DIR", () => {
  const root = join(dir, 'labs');
  mkdirSync(embeddedLabDir(root, 'local'), { recursive: true });
  writeFileSync(
    join(embeddedLabDir(root, 'local'), 'lab.env'),
    'ROX_ENDPOINT=https://127.0.0.1:18443\nROX_API_TOKEN=lab-token\n',
  );
  const cfg = labConfig({ name: 'local', targetsFile }, { [LABS_DIR_VARIABLE]: root });
  assert.match(cfg.central.endpoint ?? '', /127\.0\.0\.1:18443/);
  assert.equal(cfg.profile, 'as-written');
});

test('a lab the file does not have, or an embedded lab global setup did not start, is a setting error', () => {
  const unknown = (() => {
    try {
      labConfig({ name: 'room-99', targetsFile }, {});
    } catch (e) {
      return e;
    }
  })();
  assert.ok(isHarnessError(unknown) && unknown.code === 'CONFIG_INVALID', String(unknown));
  assert.match(unknown.what, /room-99/);
  const notStarted = (() => {
    try {
      labConfig({ name: 'local', targetsFile }, {});
    } catch (e) {
      return e;
    }
  })();
  assert.ok(isHarnessError(notStarted) && notStarted.code === 'CONFIG_INVALID', String(notStarted));
  assert.match(notStarted.cause, /HARNESS_LABS_DIR is not set/);
});
