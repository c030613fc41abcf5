// Small measurement helpers for scripts/bench.ts: percentiles, wall time and memory of child
// processes (read from /proc, so Linux only).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Epoch milliseconds with sub-millisecond resolution. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

/** Nearest-rank percentile of the values (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Resident set size of one process in MiB, or undefined when it is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kib) ? kib / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The pid and every descendant of it, from /proc/<pid>/stat's parent ids. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: the fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process exited while we read
    }
  }
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export interface TimedRun {
  code: number | null;
  wallMs: number;
  /** Highest sum of the RSS of the process and its descendants, sampled every sampleMs. */
  peakRssMiB: number;
  output: string;
}

/** Runs a command to completion (killed after timeoutMs), measuring wall time and peak tree RSS. */
export function timedRun(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; sampleMs?: number },
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    let peak = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const total = processTree(child.pid).reduce((sum, pid) => sum + (rssMiB(pid) ?? 0), 0);
      peak = Math.max(peak, total);
    };
    const sampler = setInterval(sample, opts.sampleMs ?? 50);
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.once('error', (err) => {
      clearInterval(sampler);
      clearTimeout(killer);
      reject(err);
    });
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      clearInterval(sampler);
      clearTimeout(killer);
      resolve({ code, wallMs, peakRssMiB: peak, output });
    });
  });
}
