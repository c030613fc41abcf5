// Sensor's process filter: what it silently drops before Central ever sees an exec.
// Per container, each exec path owns a tree of argument tokens. Each level caps how many distinct
// tokens it accepts (fan-out); the node where the walk ends counts hits and caps exact repeats.
// Tokens past the last level are not distinguished, and tokens are compared on their first 16 chars.
// The limits come from Sensor's env (process-filter-settings.ts); by default the 6th identical exec is dropped.
import type { ProcessEvent } from '../contract.ts';
import { DEFAULT_PROCESS_FILTER, type ProcessFilterSettings } from './process-filter-settings.ts';

const MAX_TOKEN_LENGTH = 16;

interface FilterNode {
  hits: number;
  children: Map<string, FilterNode>;
}

const newNode = (): FilterNode => ({ hits: 0, children: new Map() });

/** Walks the argument tokens; nodes created on the way stay even when a deeper level rejects. */
function admitArguments(
  node: FilterNode,
  tokens: string[],
  fanOut: readonly number[],
  maxExactPathMatches: number,
): boolean {
  let current = node;
  for (let level = 0; level < tokens.length && level < fanOut.length; level++) {
    const token = (tokens[level] ?? '').slice(0, MAX_TOKEN_LENGTH);
    let next = current.children.get(token);
    if (!next) {
      if (current.children.size >= (fanOut[level] ?? 0)) return false;
      next = newNode();
      current.children.set(token, next);
    }
    current = next;
  }
  if (current.hits >= maxExactPathMatches) return false;
  current.hits++;
  return true;
}

export class SensorDedup {
  /** containerId -> execFilePath -> argument tree. A replaced container gets a new id, so fresh counters. */
  private readonly containers = new Map<string, Map<string, FilterNode>>();

  constructor(readonly settings: ProcessFilterSettings = DEFAULT_PROCESS_FILTER) {}

  /** false means sensor drops the event and Central never hears of it. */
  admit(event: ProcessEvent): boolean {
    let paths = this.containers.get(event.containerId);
    if (!paths) {
      paths = new Map();
      this.containers.set(event.containerId, paths);
    }
    let root = paths.get(event.execFilePath);
    if (!root) {
      if (paths.size >= this.settings.maxProcessPaths) return false;
      root = newNode();
      paths.set(event.execFilePath, root);
    }
    const tokens = event.args.split(/\s+/).filter(Boolean);
    return admitArguments(root, tokens, this.settings.fanOutLevels, this.settings.maxExactPathMatches);
  }

  /** Forget a container (sensor does this when the pod goes away). */
  forgetContainer(containerId: string): void {
    this.containers.delete(containerId);
  }
}
