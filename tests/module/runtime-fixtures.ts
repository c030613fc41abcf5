// Stubs for the runtime step's parts (src/module/runtime/): a recording StepSink, a Central that
// holds given alerts and notifiers and counts what it is asked to change, stub channel waiters, and
// the deps the parts take. Timeouts are small: a part that waits gives up in a fraction of a second.

import type { CentralClient } from '../../src/central/index.ts';
import type { ChannelMessage, ChannelWaiter, RunOutcome } from '../../src/channels/types.ts';
import type { HarnessConfig } from '../../src/config.ts';
import type { Finding } from '../../src/diagnose/index.ts';
import type { KubeClient } from '../../src/kube/index.ts';
import type { KubeExtras } from '../../src/kube/kube-extras.ts';
import { BUILT_IN_CR_FILE, builtInModule, type ModuleModel } from '../../src/module/model.ts';
import type { RuntimeDeps, ShellTarget } from '../../src/module/runtime/target.ts';
import type { StepSink } from '../../src/module/step-sink.ts';
import type { HarnessMode } from '../../src/module/undo-registrar.ts';
import type { Alert, Notifier, Policy } from '../../types/rhacs.ts';
import { alertsCentral } from '../check/fixtures.ts';

export const WAIT_MS = 150;

/** Sensor's default exec budget, with room left. */
export const BUDGET = { identicalExecs: 5, argumentsTracked: true, source: "Sensor's default" };

/** The pod of tests/check/fixtures.ts `alert()`'s bash process. */
export const TARGET: ShellTarget = {
  policy: 'No bash allowed',
  namespace: 'payments',
  selector: 'app=visa-processor',
  deployment: 'visa-processor',
  pod: 'visa-processor-6b94f76b57-xf76j',
  container: 'visa-processor',
};

export interface RecordedSink extends StepSink {
  findings: Finding[];
  notes: string[];
  hops: [string, number][];
  /** What `evidence` was given, by key. */
  recorded: Record<string, unknown>;
}

export function recordingSink(): RecordedSink {
  const sink: RecordedSink = {
    findings: [],
    notes: [],
    hops: [],
    recorded: {},
    finding: (f) => sink.findings.push(f),
    note: (text) => sink.notes.push(text),
    hop: (name, ms) => sink.hops.push([name, ms]),
    evidence: (key, value) => {
      sink.recorded[key] = value;
    },
  };
  return sink;
}

export function builtIn(): ModuleModel {
  return builtInModule(
    { crFile: BUILT_IN_CR_FILE, profile: 'default' },
    { pod: { namespace: TARGET.namespace, selector: TARGET.selector } },
  );
}

export interface StubCentral extends CentralClient {
  resolved: string[];
}

/** A Central holding these alerts (and optionally a policy and notifiers); `full` changes what getAlert returns. */
export function stubCentral(
  o: {
    alerts?: Alert[];
    policy?: Policy;
    notifiers?: Notifier[];
    full?: (a: Alert) => Alert;
    version?: string;
  } = {},
): StubCentral {
  const listed = alertsCentral(o.alerts ?? []);
  const resolved: string[] = [];
  return Object.assign(listed, {
    endpoint: 'https://central.test',
    version: o.version ?? '4.11.0',
    resolved,
    getAlert: async (id: string) => {
      const a = await alertsCentral(o.alerts ?? []).getAlert(id);
      return o.full ? o.full(a) : a;
    },
    findPolicyByName: async (name: string) => (o.policy?.name === name ? o.policy : undefined),
    listNotifiers: async () => o.notifiers ?? [],
    resolveAlert: async (id: string) => {
      resolved.push(id);
    },
  }) as unknown as StubCentral;
}

export function deps(o: {
  central?: CentralClient;
  kube?: Partial<KubeClient>;
  kubeExtras?: Partial<KubeExtras>;
  mode?: HarnessMode;
  config?: Partial<HarnessConfig>;
  module?: ModuleModel;
  sink?: RecordedSink;
}): RuntimeDeps & { sink: RecordedSink } {
  return {
    config: {
      alertTimeoutMs: WAIT_MS,
      teamsReadbackTimeoutMs: WAIT_MS,
      secrets: [],
      proxy: { noProxy: '' },
      ...o.config,
    } as HarnessConfig,
    module: o.module ?? builtIn(),
    mode: o.mode ?? 'verify',
    central: o.central ?? stubCentral(),
    kube: (o.kube ?? {}) as KubeClient,
    kubeExtras: (o.kubeExtras ?? {}) as KubeExtras,
    sink: o.sink ?? recordingSink(),
  };
}

/** A waiter that hands out the first of `messages` the match takes, and `run` for a flow run. */
export function stubWaiter(
  messages: ChannelMessage[],
  run?: (m: ChannelMessage) => RunOutcome,
): ChannelWaiter {
  return {
    waitForMessage: async (match) => {
      const found = messages.find((m) => match.test(m));
      if (!found) throw new Error(`stub waiter: no ${match.description}`);
      return found;
    },
    ...(run ? { waitForRun: async (m: ChannelMessage) => run(m) } : {}),
    close: () => {},
  };
}
