// The checklist as text (one line per goal, an indented hint under each miss) or as JSON.

import { redact } from '../redact.ts';
import { exitCodeFor, type GoalResult } from './goal.ts';

const MARK = { ok: '[OK]', fail: '[X]', unverified: '[?]', skipped: '[-]' } as const;
const WIDTH = 100;

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** Text for the terminal. Cautions on passed goals are printed only with `notes`. */
export function formatText(
  results: GoalResult[],
  secrets: string[] = [],
  opts: { notes?: boolean } = {},
): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`${MARK[r.status]} ${r.title}`);
    if (r.status === 'ok') {
      if (opts.notes && r.hint) out.push(...wrap(`note: ${r.hint}`, '    '));
      continue;
    }
    out.push(...wrap(r.detail, '    '));
    if (r.hint) out.push(...wrap(r.hint, '    '));
  }
  return redact(out.join('\n'), secrets);
}

export interface CheckReport {
  ok: boolean;
  exitCode: 0 | 1;
  target: string;
  goals: GoalResult[];
  counts: { ok: number; fail: number; unverified: number; skipped: number };
}

export function checkReport(results: GoalResult[], target: string): CheckReport {
  const count = (s: GoalResult['status']) => results.filter((r) => r.status === s).length;
  const exitCode = exitCodeFor(results);
  return {
    ok: exitCode === 0,
    exitCode,
    target,
    goals: results,
    counts: {
      ok: count('ok'),
      fail: count('fail'),
      unverified: count('unverified'),
      skipped: count('skipped'),
    },
  };
}

export function formatJson(report: CheckReport, secrets: string[] = []): string {
  return redact(JSON.stringify(report, null, 2), secrets);
}
