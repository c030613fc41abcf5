// Sensor's process filter: what it silently drops before Central ever sees an exec.
// Per container, each exec path owns a tree of argument tokens. Each level caps how many distinct
// tokens it accepts (fan-out); the node where the walk ends counts hits and caps exact repeats.
// Tokens past the last level are not distinguished, and tokens are compared on their first 16 chars.
import type { ProcessEvent } from '../contract.ts';

/** Sensor's ROX_PROCESS_FILTER_MAX_EXACT_PATH_MATCHES: the 6th identical exec is dropped. */
export const MAX_EXACT_PATH_MATCHES = 5;
/** Sensor's ROX_PROCESS_FILTER_FAN_OUT_LEVELS: distinct values allowed at argument positions 1..4. */
export const ARGUMENT_FAN_OUT = [8, 6, 4, 2] as const;
/** Sensor's ROX_PROCESS_FILTER_MAX_PROCESS_PATHS: distinct binaries per container. */
export const MAX_PROCESS_PATHS = 5000;
const MAX_TOKEN_LENGTH = 16;

interface FilterNode {
  hits: number;
  children: Map<string, FilterNode>;
}

const newNode = (): FilterNode => ({ hits: 0, children: new Map() });

/** Walks the argument tokens; nodes created on the way stay even when a deeper level rejects. */
function admitArguments(node: FilterNode, tokens: string[], fanOut: readonly number[]): boolean {
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
  if (current.hits >= MAX_EXACT_PATH_MATCHES) return false;
  current.hits++;
  return true;
}

export class SensorDedup {
  /** containerId -> execFilePath -> argument tree. A replaced container gets a new id, so fresh counters. */
  private readonly containers = new Map<string, Map<string, FilterNode>>();

  constructor(private readonly fanOut: readonly number[] = ARGUMENT_FAN_OUT) {}

  /** false means sensor drops the event and Central never hears of it. */
  admit(event: ProcessEvent): boolean {
    let paths = this.containers.get(event.containerId);
    if (!paths) {
      paths = new Map();
      this.containers.set(event.containerId, paths);
    }
    let root = paths.get(event.execFilePath);
    if (!root) {
      if (paths.size >= MAX_PROCESS_PATHS) return false;
      root = newNode();
      paths.set(event.execFilePath, root);
    }
    return admitArguments(root, event.args.split(/\s+/).filter(Boolean), this.fanOut);
  }

  /** Forget a container (sensor does this when the pod goes away). */
  forgetContainer(containerId: string): void {
    this.containers.delete(containerId);
  }
}
