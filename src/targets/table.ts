// The one summary table of a many-labs run: a row per lab with its counts, status and first failure.

import { redact } from '../redact.ts';

export type LabStatus = 'PASS' | 'FAIL' | 'ERROR' | 'NOT RUN';

export interface LabRow {
  lab: string;
  /** `embedded (default)`, `cluster`, ... */
  target: string;
  passed: number;
  failed: number;
  /** Unverified goals, or skipped/interrupted scenarios. */
  other: number;
  status: LabStatus;
  /** One line: the first goal or scenario that did not pass, or the error that stopped the lab. */
  firstFailure?: string;
  durationMs?: number;
}

export interface TableOptions {
  /** What the counts count: `goals` (check) or `scenarios` (verify). */
  unit: 'goals' | 'scenarios';
  secrets?: string[];
  /** The first-failure column is cut to this many characters. */
  failureWidth?: number;
}

const OTHER = { goals: 'unverified', scenarios: 'other' } as const;

export function labStatus(row: Pick<LabRow, 'passed' | 'failed' | 'other'>, errored = false): LabStatus {
  if (errored) return 'ERROR';
  if (row.failed > 0) return 'FAIL';
  if (row.passed + row.other === 0) return 'NOT RUN';
  return 'PASS';
}

const oneLine = (text: string, width: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 3)}...`;
};

export function formatLabTable(rows: readonly LabRow[], opts: TableOptions): string {
  const width = opts.failureWidth ?? 100;
  const header = [
    'lab',
    'target',
    opts.unit,
    'passed',
    'failed',
    OTHER[opts.unit],
    'status',
    'first failure',
  ];
  const cells = rows.map((r) => [
    r.lab,
    r.target,
    String(r.passed + r.failed + r.other),
    String(r.passed),
    String(r.failed),
    String(r.other),
    r.status,
    r.firstFailure ? oneLine(r.firstFailure, width) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (c: string[]) =>
    c
      .map((v, i) => (numeric.has(i) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const count = (s: LabStatus) => rows.filter((r) => r.status === s).length;
  const totals = (['PASS', 'FAIL', 'ERROR', 'NOT RUN'] as const)
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s.toLowerCase()}`)
    .join(', ');
  const out = [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    `${rows.length} lab${rows.length === 1 ? '' : 's'}: ${totals || 'none'}`,
  ];
  return redact(out.join('\n'), opts.secrets ?? []);
}

/** 0 when every lab passed, 2 when one could not be checked at all, else 1. */
export function exitCodeForRows(rows: readonly LabRow[]): 0 | 1 | 2 {
  if (rows.some((r) => r.status === 'ERROR')) return 2;
  return rows.every((r) => r.status === 'PASS') ? 0 : 1;
}
