// Renders the settings table (src/settings-table.ts) as .env.example and as the settings table of docs/cluster.md.

import { ENV_HEADER, SETTING_GROUPS, SETTINGS, type Setting } from './settings-table.ts';

const RULE_WIDTH = 98;
/** Where the settings table is shown (docs/cluster.md, "Running against a real cluster"). */
export const SETTINGS_DOC = 'docs/cluster.md';
export const TABLE_START =
  '<!-- settings table: generated from src/settings-table.ts by `npm run settings` -->';
export const TABLE_END = '<!-- end of settings table -->';

export function renderEnvExample(settings: readonly Setting[] = SETTINGS): string {
  const out = [...ENV_HEADER];
  for (const group of SETTING_GROUPS) {
    const members = settings.filter((s) => s.group === group.id);
    if (members.length === 0) continue;
    const head = `# --- ${group.title} `;
    out.push('', head.padEnd(Math.max(RULE_WIDTH, head.length + 3), '-'));
    for (const s of members) out.push(...s.env);
  }
  return `${out.join('\n')}\n`;
}

export function renderSettingsTable(settings: readonly Setting[] = SETTINGS): string {
  const rows = settings.flatMap((s) => (s.readme ? [s.readme] : []));
  const width = Math.max('variable'.length, ...rows.map((r) => r.names.length));
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    TABLE_START,
    '',
    `| ${'variable'.padEnd(width)} | meaning |`,
    `| ${'-'.repeat(width)} | ------- |`,
    ...rows.map((r) => `| ${cell(r.names).padEnd(width)} | ${cell(r.meaning)} |`),
    '',
    TABLE_END,
  ].join('\n');
}

/** The document with its settings table replaced by the rendered one (it must hold both markers). */
export function withSettingsTable(readme: string, table = renderSettingsTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end < start)
    throw new Error(`${SETTINGS_DOC} lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return readme.slice(0, start) + table + readme.slice(end + TABLE_END.length);
}
