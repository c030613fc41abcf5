// A real cluster is checked before any scenario: Central and the Kubernetes API answer and take the
// credentials. Each request has its own short timeout, so an unreachable endpoint fails the run well
// within 15 s.
import { connectCentral } from './central/index.ts';
import type { HarnessConfig } from './config.ts';
import { connectKube } from './kube/index.ts';

const PREFLIGHT_TIMEOUT_MS = 6_000;

/** What stops the run: one error per endpoint that does not answer or refuses the credentials. */
export async function clusterPreflightErrors(cfg: HarnessConfig): Promise<unknown[]> {
  const [central, kube] = await Promise.allSettled([
    connectCentral(cfg, { timeoutMs: PREFLIGHT_TIMEOUT_MS }),
    connectKube(cfg, { reachTimeoutMs: PREFLIGHT_TIMEOUT_MS }),
  ]);
  if (central.status === 'fulfilled') central.value.close();
  return [central, kube].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
}
