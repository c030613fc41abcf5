// Other traffic in the module's Slack and Teams channels while a run is under way
// (reference/real-cluster.md §5 and §7): people talking, another lab of the room clicking Test on
// its own webhook into the same channel, and other alerts through the module's own webhooks (other
// policies that use slack-alerts/teams-alerts, "click the desired notifier(s)", and other "No bash
// allowed" alerts in payments). Everything is posted over HTTP to the receivers' hook URLs, so it
// goes through the same receiver pipeline as Central's posts.
import { randomUUID } from 'node:crypto';
import type { Alert, Policy, RhacsVersion } from '../types/rhacs.ts';
import { slackAlertBody, slackTestBody, teamsAlertBody, teamsTestBody } from './central/payloads.ts';
import { newDeploymentAlert } from './central/runtime.ts';
import { noBashAllowedPolicy } from './central/seed.ts';
import type { CentralStore } from './central/store.ts';
import type { HookInfo, HookKind, Receivers } from './receivers/server.ts';

export interface BusyChannelsOptions {
  receivers: Receivers;
  store: CentralStore;
  version: RhacsVersion;
  /** The hooks the module's SLACK_WEBHOOK_URL / TEAMS_WEBHOOK_URL point at. */
  moduleHooks: { slack: HookKind; teams: HookKind };
  /** Pause between posts (default 700 ms; jittered by up to half of it). */
  intervalMs?: number;
  log?: (line: string) => void;
}

/** A lab default: no source gives a workshop channel's rate of chatter. */
const DEFAULT_INTERVAL_MS = 700;

const CHAT = [
  'Has anyone else got the Teams card yet?',
  'My pod restarted, is that expected?',
  'Lunch after this module?',
  'Which namespace was it again, payments?',
];

export interface BusyChannels {
  /** The hooks the other lab posts to (not the module's). */
  otherLabHooks: { slack: HookInfo; teams: HookInfo };
  /** How many posts so far. */
  posted(): number;
  stop(): void;
}

export function startBusyChannels(o: BusyChannelsOptions): BusyChannels {
  const { receivers } = o;
  const inbox = receivers.inbox;
  const otherLab = {
    slack: inbox.createHook('slack-incoming', receivers.url),
    teams: inbox.createHook('teams-workflow-fixed', receivers.url),
  };
  const module = { slack: receivers.hooks[o.moduleHooks.slack], teams: receivers.hooks[o.moduleHooks.teams] };
  const interval = o.intervalMs ?? DEFAULT_INTERVAL_MS;
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const posts: (() => [HookInfo, string])[] = [
    () => [otherLab.slack, JSON.stringify({ text: pick(CHAT) })],
    () => [otherLab.teams, JSON.stringify({ text: pick(CHAT) })],
    () => [otherLab.slack, slackTestBody(o.version)],
    () => [otherLab.teams, teamsTestBody()],
    () => [module.slack, slackAlertBody(otherAlert(o.store), 'https://central.other-lab.example', o.version)],
    () => [module.teams, teamsAlertBody(otherAlert(o.store), 'https://central.other-lab.example')],
  ];

  const postOne = async () => {
    const [hook, body] = pick(posts)();
    try {
      await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      count++;
    } catch (err) {
      o.log?.(`busy channels: post failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        void postOne().finally(schedule);
      },
      interval / 2 + Math.random() * interval,
    );
    timer.unref();
  };
  schedule();
  return {
    otherLabHooks: otherLab,
    posted: () => count,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** An alert that is not this run's: another policy, or the module's policy on another deployment. */
function otherAlert(store: CentralStore): Alert {
  const policies = [...store.policies.values()];
  const policy: Policy = structuredClone(pick(policies.length > 0 ? policies : [noBashAllowedPolicy()]));
  return newDeploymentAlert({
    policy,
    lifecycleStage: policy.lifecycleStages[0] ?? 'DEPLOY',
    deployment: {
      id: randomUUID(),
      name: 'frontend',
      type: 'Deployment',
      namespace: 'payments',
      namespaceId: randomUUID(),
      labels: { app: 'frontend' },
      clusterId: randomUUID(),
      clusterName: 'Production',
      containers: [],
      annotations: {},
      inactive: false,
    },
    violations: [{ message: `Policy "${policy.name}" matched deployment frontend` }],
    processViolation: null,
  });
}
