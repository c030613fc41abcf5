// `npm run lab -- --latency cluster` (or LAB_LATENCY=cluster): every hop of the lab takes as long as
// it does on a real cluster, so the harness's waits and time budgets meet real delays in the lab.
// The default (`none`) keeps the lab fast. Each figure names where it comes from; a figure nobody
// documents is marked as a guess.

export type LatencyProfile = 'none' | 'cluster';
export const LATENCY_PROFILES: readonly LatencyProfile[] = ['none', 'cluster'];

export interface HopLatencies {
  /** An exec in a pod until Central has it (Sensor's alert and the process indicator). */
  sensorToCentralMs: number;
  /** Central's POST reaching the Slack or Teams webhook (alerts and the Test button). */
  centralToWebhookMs: number;
  /** A Teams Workflows trigger: from its 202 to the end of the flow run that posts the card. */
  teamsFlowRunMs: number;
  /** A Slack post until `conversations.history` (the channel) lists it. */
  slackHistoryVisibilityMs: number;
  /** A card the flow posted until Microsoft Graph (the channel) lists it. */
  graphVisibilityMs: number;
  /** A SecurityPolicy CR change until the config-controller reconciles it. */
  controllerReconcileMs: number;
}

interface Hop {
  ms: number;
  source: string;
  guess: boolean;
}

/** A real cluster's latency per hop, with its source. */
export const CLUSTER_LATENCY: Record<keyof HopLatencies, Hop> = {
  sensorToCentralMs: {
    ms: 1_000,
    guess: true,
    source:
      "stackrox sensor/common/processsignal/enricher.go add (an indicator of a known container is enriched at once, else at the next 5 s enrichInterval tick), sensor/common/detector/detector.go ProcessIndicator (detection without a queue delay); the 1 s for collector -> Sensor -> Central over gRPC is a guess. Central's own indicator store (rate limit, 1-minute ticker) is modelled apart (mocks/central/process-indicators.ts)",
  },
  centralToWebhookMs: {
    ms: 300,
    guess: true,
    source:
      'stackrox central/notifier/processor/processor_impl.go ProcessAlert (one goroutine per notifier, no queue); the 300 ms HTTPS round trip to hooks.slack.com / logic.azure.com is a guess',
  },
  teamsFlowRunMs: {
    ms: 5_000,
    guess: true,
    source:
      'Workflows answer 202 when the run is queued (shared/reference/chat-webhooks.md); Microsoft documents no run latency, real-cluster.md §4 says seconds to a minute: 5 s is a guess',
  },
  slackHistoryVisibilityMs: {
    ms: 1_000,
    guess: true,
    source: 'Slack documents no delay before conversations.history lists a webhook post: 1 s is a guess',
  },
  graphVisibilityMs: {
    ms: 2_000,
    guess: true,
    source:
      'Microsoft documents no delay before GET /teams/{id}/channels/{id}/messages lists a new message (change notifications are "low latency"): 2 s is a guess',
  },
  controllerReconcileMs: {
    ms: 2_000,
    guess: true,
    source:
      'controller-runtime reconciles a watch event at once (workqueue without delay; the rate limiter applies to failures only); shared/reference/securitypolicy-cr.md: "usually a few seconds", StackRox\'s own e2e test waits 5 s: 2 s is a guess within that',
  },
};

/** The lab's own delays (none added): what mocks/central and mocks/receivers use by default. */
export const NO_LATENCY: HopLatencies = {
  sensorToCentralMs: 0,
  centralToWebhookMs: 0,
  teamsFlowRunMs: 20,
  slackHistoryVisibilityMs: 0,
  graphVisibilityMs: 0,
  controllerReconcileMs: 50,
};

/** A profile's hops; `scale` shrinks the cluster figures for the lab's own fast tests. */
export function latencyFor(profile: LatencyProfile, scale = 1): HopLatencies {
  if (profile === 'none') return { ...NO_LATENCY };
  const hops = {} as HopLatencies;
  for (const [name, hop] of Object.entries(CLUSTER_LATENCY))
    hops[name as keyof HopLatencies] = Math.round(hop.ms * scale);
  return hops;
}

/** LAB_LATENCY (or `npm run lab -- --latency X`); throws naming the allowed values. */
export function labLatency(raw: string | undefined): LatencyProfile | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '') return undefined;
  if ((LATENCY_PROFILES as readonly string[]).includes(value)) return value as LatencyProfile;
  throw new Error(`Unknown lab latency "${value}": use one of ${LATENCY_PROFILES.join(', ')}`);
}

/**
 * The pipeline's own latency in one verify run of the scenarios (01-04) and its clean-up, the delays
 * no harness can avoid waiting for, in the order the run meets them; what a run takes beyond this is the
 * harness's overhead (scripts/bench.ts). Central's indicator store adds nothing while its rate
 * limit has tokens (a verify run stores two execs).
 */
export function verifyPipelineMs(h: HopLatencies): number {
  const slack = h.centralToWebhookMs + h.slackHistoryVisibilityMs;
  const teams = h.centralToWebhookMs + h.teamsFlowRunMs + h.graphVisibilityMs;
  const testMessages = slack + teams; // 01 and 02, one after the other
  const policy = h.controllerReconcileMs; // 03
  // 04: the alert reaches both channels at once (one goroutine per notifier); the negative control
  // must see its ls in Central and then wait at least Central's hop for a message that never comes.
  const runtime = h.sensorToCentralMs + Math.max(slack, teams);
  const negativeControl = h.sensorToCentralMs + h.centralToWebhookMs;
  // Clean-up deletes the CR, which is gone once the controller has removed its finalizer.
  const cleanup = h.controllerReconcileMs;
  return testMessages + policy + runtime + negativeControl + cleanup;
}
