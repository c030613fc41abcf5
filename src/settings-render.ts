// Renders the settings table (src/settings-table.ts) as .env.example and as the README's table.

import { ENV_HEADER, SETTING_GROUPS, SETTINGS, type Setting } from './settings-table.ts';

const RULE_WIDTH = 98;
export const README_START =
  '<!-- settings table: generated from src/settings-table.ts by `npm run settings` -->';
export const README_END = '<!-- end of settings table -->';

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

export function renderReadmeTable(settings: readonly Setting[] = SETTINGS): string {
  const rows = settings.flatMap((s) => (s.readme ? [s.readme] : []));
  const width = Math.max('variable'.length, ...rows.map((r) => r.names.length));
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    README_START,
    '',
    `| ${'variable'.padEnd(width)} | meaning |`,
    `| ${'-'.repeat(width)} | ------- |`,
    ...rows.map((r) => `| ${cell(r.names).padEnd(width)} | ${cell(r.meaning)} |`),
    '',
    README_END,
  ].join('\n');
}

/** The README with its settings table replaced by the rendered one (it must hold both markers). */
export function withReadmeTable(readme: string, table = renderReadmeTable()): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start === -1 || end < start)
    throw new Error(`README.md lacks the markers ${README_START} … ${README_END}`);
  return readme.slice(0, start) + table + readme.slice(end + README_END.length);
}
