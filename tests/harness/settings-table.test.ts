// The settings table (src/settings-table.ts) is the one list of settings: .env.example and the
// README's table are generated from it, and every variable the settings loaders read is in it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  renderEnvExample,
  renderSettingsTable,
  SETTINGS_DOC,
  TABLE_END,
  TABLE_START,
} from '../../src/settings-render.ts';
import { SETTING_GROUPS, SETTINGS } from '../../src/settings-table.ts';

const root = (path: string) => new URL(`../../${path}`, import.meta.url);
const read = (path: string) => readFileSync(root(path), 'utf8');
// The files that read and validate settings; each quoted VARIABLE_NAME there is a setting.
const LOADERS = [
  'src/config.ts',
  'src/receivers/config.ts',
  'src/channels/readback-config.ts',
  'src/proxy/settings.ts',
];
// Read there but not settings: an error code, the per-run secret global setup hands to workers, $HOME.
const NOT_SETTINGS = new Set(['CONFIG_INVALID', 'HARNESS_RUN_SECRET', 'HOME']);

test('.env.example is what the table renders (run `npm run settings` after editing the table)', () => {
  assert.equal(read('.env.example'), renderEnvExample());
});

test('the settings table in docs/cluster.md is what the table renders', () => {
  const doc = read(SETTINGS_DOC);
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  assert.ok(start !== -1 && end > start, `${SETTINGS_DOC} holds the settings table markers`);
  assert.equal(doc.slice(start, end + TABLE_END.length), renderSettingsTable());
});

test('every variable the settings loaders read is in the table, and every entry belongs to a group', () => {
  const listed = new Set(SETTINGS.flatMap((s) => s.variables));
  const read_ = LOADERS.flatMap((file) =>
    [...read(file).matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)].map((m) => m[1]!),
  );
  const missing = [...new Set(read_)].filter((v) => !listed.has(v) && !NOT_SETTINGS.has(v));
  assert.deepEqual(missing, [], 'add these to src/settings-table.ts');
  const groups = new Set(SETTING_GROUPS.map((g) => g.id));
  assert.deepEqual(
    SETTINGS.filter((s) => !groups.has(s.group)).map((s) => s.variables),
    [],
  );
});

test("each entry's .env.example lines show every variable it documents (the roxctl aliases apart)", () => {
  for (const s of SETTINGS) {
    const shown = s.env.join('\n');
    for (const v of s.variables.filter(
      (v) => !['ROX_CENTRAL_ADDRESS', 'ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY'].includes(v),
    ))
      assert.match(shown, new RegExp(`\\b${v}\\b`), `.env.example shows ${v}`);
  }
});
