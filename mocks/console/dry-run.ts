// The Review step's dry run (POST /v1/policies/dryrunjob, then GET .../dryrunjob/{id}). The lab's
// Central has no deployment-time evaluation, so a job completes at once with the alerts a real
// Central reports for a runtime-only Process Name policy evaluated without process data: none.
import { randomUUID } from 'node:crypto';
import { ApiError, Code } from './http.ts';

export interface DryRunResult {
  pending: boolean;
  result: { alerts: { deployment: string; violations: string[] }[] };
}

const MAX_JOBS = 200;

export class DryRunJobs {
  private readonly jobs = new Map<string, DryRunResult>();

  submit(policy: Record<string, unknown>): { jobId: string } {
    if (typeof policy.name !== 'string' || policy.name.trim() === '')
      throw new ApiError(Code.InvalidArgument, 'policy must have a name: invalid arguments');
    const jobId = randomUUID();
    this.jobs.set(jobId, { pending: false, result: { alerts: [] } });
    // Jobs are never fetched twice by the UI after completion; keep the map bounded.
    if (this.jobs.size > MAX_JOBS) {
      const oldest = this.jobs.keys().next().value;
      if (oldest !== undefined) this.jobs.delete(oldest);
    }
    return { jobId };
  }

  status(jobId: string): DryRunResult {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError(Code.NotFound, `job with id '${jobId}' does not exist: not found`);
    return job;
  }
}
