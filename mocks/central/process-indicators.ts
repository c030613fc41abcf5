// Central's process indicator store, as the lifecycle manager fills it
// (stackrox central/detection/lifecycle/manager_impl.go IndicatorAdded / flushIndicatorQueue):
// - an indicator's id is a UUIDv5 of "podId containerName execFilePath name args"
//   (pkg/process/id/id.go GetIndicatorIDFromParts), so an identical exec replaces the stored one;
// - each indicator is queued; the queue is flushed into the store at once while a rate limiter
//   allows it (5 at a burst, one more every 10 s), otherwise by a ticker every minute
//   (central/detection/lifecycle/manager.go rateLimitDuration, indicatorFlushTickerDuration).
// Until a flush, GET /v1/processes/deployment/{id} does not list the indicator.
import { createHash } from 'node:crypto';
import type { ProcessIndicator } from '../../types/rhacs.ts';

/** pkg/process/id/id.go processIDNamespace. */
const PROCESS_ID_NAMESPACE = '801fcce1-56d3-48bd-b1ac-c41fdc6c3d94';

/** RFC 4122 name-based UUID, version 5 (SHA-1). */
function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function indicatorId(i: Pick<ProcessIndicator, 'podId' | 'containerName' | 'signal'>): string {
  const { execFilePath, name, args } = i.signal;
  return uuidV5(PROCESS_ID_NAMESPACE, `${i.podId} ${i.containerName} ${execFilePath} ${name} ${args}`);
}

export interface ProcessFlushTiming {
  /** Real: one token every 10 s. */
  rateLimitIntervalMs: number;
  /** Real: 5. */
  rateLimitBurst: number;
  /** Real: 1 minute. */
  flushTickerMs: number;
}

export const REAL_PROCESS_FLUSH: ProcessFlushTiming = {
  rateLimitIntervalMs: 10_000,
  rateLimitBurst: 5,
  flushTickerMs: 60_000,
};

export class ProcessIndicators {
  private readonly stored = new Map<string, ProcessIndicator>();
  private readonly queued = new Map<string, ProcessIndicator>();
  private tokens: number;
  private refilledAt = Date.now();
  private readonly ticker: NodeJS.Timeout;

  constructor(private readonly timing: ProcessFlushTiming = REAL_PROCESS_FLUSH) {
    this.tokens = timing.rateLimitBurst;
    this.ticker = setInterval(() => this.flush(), timing.flushTickerMs);
    this.ticker.unref();
  }

  add(indicator: ProcessIndicator): void {
    this.queued.set(indicator.id, structuredClone(indicator));
    if (this.takeToken()) this.flush();
  }

  /** What GET /v1/processes/deployment/{id} lists: flushed indicators only. */
  byDeployment(deploymentId: string): ProcessIndicator[] {
    return [...this.stored.values()].filter((i) => i.deploymentId === deploymentId);
  }

  knowsDeployment(deploymentId: string): boolean {
    const has = (m: Map<string, ProcessIndicator>) =>
      [...m.values()].some((i) => i.deploymentId === deploymentId);
    return has(this.stored) || has(this.queued);
  }

  close(): void {
    clearInterval(this.ticker);
  }

  private flush(): void {
    for (const [id, indicator] of this.queued) this.stored.set(id, indicator);
    this.queued.clear();
  }

  /** golang.org/x/time/rate.Limiter.Allow with rate.Every(interval) and the burst. */
  private takeToken(): boolean {
    const now = Date.now();
    const earned = (now - this.refilledAt) / this.timing.rateLimitIntervalMs;
    this.tokens = Math.min(this.timing.rateLimitBurst, this.tokens + earned);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
