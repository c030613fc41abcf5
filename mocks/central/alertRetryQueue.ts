// Central's retry of failed alert notifications (not tests): every interval, until the window since
// the first failure has passed. One job per (alert, notifier); a job that succeeds is dropped.
import type { DeliveryResult } from './delivery.ts';

export interface RetrySchedule {
  intervalMs: number;
  windowMs: number;
}

/** What a real Central does: every 5 minutes for 1 hour. */
export const CENTRAL_RETRY_SCHEDULE: RetrySchedule = { intervalMs: 5 * 60_000, windowMs: 60 * 60_000 };

export interface RetryJob {
  alertId: string;
  notifierId: string;
  firstFailedAt: number;
}

const jobKey = (job: RetryJob) => `${job.alertId}\u0000${job.notifierId}`;

export class AlertRetryQueue {
  private readonly jobs = new Map<string, { job: RetryJob; timer: NodeJS.Timeout | undefined }>();
  private closed = false;

  constructor(
    private readonly schedule: RetrySchedule,
    private readonly send: (job: RetryJob) => Promise<DeliveryResult>,
  ) {}

  /** Queues a failed delivery; a job already queued for the same alert and notifier keeps its first failure time. */
  add(job: RetryJob): void {
    if (this.closed) return;
    const key = jobKey(job);
    if (this.jobs.has(key)) return;
    const entry = { job: { ...job }, timer: undefined as NodeJS.Timeout | undefined };
    this.jobs.set(key, entry);
    this.scheduleNext(key);
  }

  pending(): RetryJob[] {
    return [...this.jobs.values()].map((e) => ({ ...e.job }));
  }

  close(): void {
    this.closed = true;
    for (const entry of this.jobs.values()) if (entry.timer) clearTimeout(entry.timer);
    this.jobs.clear();
  }

  private scheduleNext(key: string): void {
    const entry = this.jobs.get(key);
    if (!entry || this.closed) return;
    entry.timer = setTimeout(() => void this.attempt(key), this.schedule.intervalMs);
    entry.timer.unref();
  }

  private async attempt(key: string): Promise<void> {
    const entry = this.jobs.get(key);
    if (!entry || this.closed) return;
    entry.timer = undefined;
    let ok = false;
    try {
      ok = (await this.send({ ...entry.job })).ok;
    } catch {
      ok = false;
    }
    if (this.closed || this.jobs.get(key) !== entry) return;
    const nextAttemptAt = Date.now() + this.schedule.intervalMs;
    if (ok || nextAttemptAt - entry.job.firstFailedAt > this.schedule.windowMs) {
      this.jobs.delete(key);
      return;
    }
    this.scheduleNext(key);
  }
}
