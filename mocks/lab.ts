// The embedded lab: the Kubernetes API, Central and the Slack/Teams receivers wired together on
// loopback, plus the kubeconfig and env file a person or the harness uses to reach them.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import type { RhacsVersion } from '../types/rhacs.ts';
import { startBusyChannels } from './busy-channels.ts';
import { PROCESS_FILTER_MODES } from './central/process-filter-settings.ts';
import { type CentralInternals, type CentralTiming, startCentral } from './central/server.ts';
import { DEFAULT_CENTRAL_NAMESPACE } from './contract.ts';
import { applyCrBeforeNotifiers, applyEarlierModuleCr } from './earlier-module.ts';
import { startKubeApi } from './kube/server.ts';
import { type HopLatencies, NO_LATENCY } from './latency.ts';
import { type HookKind, type Receivers, startReceivers } from './receivers/server.ts';

export type LabProfile = 'default' | 'as-written';
/**
 * after-module-3: a console-made "No bash allowed" (the roadshow's earlier module); earlier-module-cr:
 * the SecurityPolicy no-bash-allowed applied and accepted without notifiers; cr-before-notifiers:
 * the module's CR applied minutes before its notifiers were created (mocks/earlier-module.ts);
 * fresh: none of these.
 */
export type LabStartState = 'after-module-3' | 'earlier-module-cr' | 'cr-before-notifiers' | 'fresh';

export interface LabOptions {
  /** default: the module as it should be; as-written: the module verbatim (RHACS 4.10). */
  profile?: LabProfile;
  startState?: LabStartState;
  /** Where to write `kubeconfig` and `lab.env` (created if missing); nothing is written without it. */
  dir?: string;
  /**
   * Central's delays, e.g. `adminEventsFlushMs`: administration events become listable only at a
   * flush (lab default 500 ms; real Central 1 min, ROX_ADMINISTRATION_EVENTS_FLUSH_INTERVAL).
   */
  timing?: Partial<CentralTiming>;
  log?: (line: string) => void;
  /**
   * Central over HTTPS with a self-signed certificate (default: plain HTTP, faster). With `dir`, the
   * certificate is written to `central-ca.pem` and lab.env names it as ROX_CA_CERT_FILE.
   */
  centralTls?: boolean;
  /**
   * Other traffic in the Slack and Teams channels while the lab runs (people, another lab's Test,
   * other alerts through the module's webhooks): mocks/busy-channels.ts.
   */
  busyChannels?: boolean | { intervalMs: number };
  /**
   * Sensor's ROX_PROCESS_FILTER_MODE (default, aggressive, minimal), set on the Sensor Deployment
   * stackrox/sensor: aggressive lets one identical exec per container through (F8 on the 2nd run).
   */
  processFilterMode?: ProcessFilterMode;
  /**
   * Where Central and its config-controller run (default stackrox): the operator installs Central in
   * the namespace of its Central custom resource, which need not be stackrox. Sensor stays in stackrox.
   */
  centralNamespace?: string;
  /**
   * Each hop's latency (mocks/latency.ts: `latencyFor('cluster')` is a real cluster's); default
   * NO_LATENCY, the lab's own fast timing. `timing` wins over it for the hops both set.
   */
  latency?: HopLatencies;
}

export type KubeApi = Awaited<ReturnType<typeof startKubeApi>>;

export interface Lab {
  profile: LabProfile;
  version: RhacsVersion;
  /** What a shell or the harness needs: see LAB_ENV_KEYS. Holds secrets: never print it. */
  env: Record<string, string>;
  kubeconfigPath?: string;
  envPath?: string;
  /** With centralTls and dir: Central's certificate (PEM), also ROX_CA_CERT_FILE in env. */
  centralCaPath?: string;
  /** Random per start; the exec-allowed admin and the exec-forbidden viewer. */
  tokens: { admin: string; viewer: string };
  kube: KubeApi;
  central: CentralInternals;
  receivers: Receivers;
  /** The hops' latencies the lab runs with. */
  latency: HopLatencies;
  /** Stops every server and removes the files written (the directory stays). */
  close(): Promise<void>;
}

export const CLUSTER_NAME = 'Production';
export const KUBE_CONTEXT_NAME = 'lab';
export const VIEWER_USER = 'viewer';

export const LAB_ENV_KEYS = [
  'ROX_ENDPOINT',
  'ROX_API_TOKEN',
  'ROX_ADMIN_PASSWORD',
  'LAB_INBOX_URL',
  'SLACK_WEBHOOK_URL',
  'TEAMS_WEBHOOK_URL',
  'SLACK_INCOMING_URL',
  'SLACK_WORKFLOW_URL',
  'TEAMS_TEMPLATE_WEBHOOK_URL',
  'TEAMS_FIXED_WEBHOOK_URL',
  'KUBECONFIG',
  'LAB_PROFILE',
  'LAB_VIEWER_TOKEN_NO_EXEC',
  'CENTRAL_NAMESPACE',
  'LAB_CATCHER_URL',
  'LAB_CATCHER_API_URL',
  'GENERIC_WEBHOOK_URL',
  'GENERIC_WEBHOOK_READ_URL',
] as const;

/** Added to LAB_ENV_KEYS when Central serves HTTPS and the lab has a directory. */
export const LAB_TLS_ENV_KEYS = ['ROX_CA_CERT_FILE'] as const;

export const CENTRAL_CA_FILE = 'central-ca.pem';

/** LAB_TLS=1 (or true) asks for Central over HTTPS; anything else, or unset, keeps plain HTTP. */
const START_STATES: readonly LabStartState[] = [
  'after-module-3',
  'earlier-module-cr',
  'cr-before-notifiers',
  'fresh',
];

/** LAB_START_STATE (or `npm run lab -- --start-state X`); throws naming the allowed values. */
export function labStartState(raw: string | undefined): LabStartState | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '') return undefined;
  if ((START_STATES as readonly string[]).includes(value)) return value as LabStartState;
  throw new Error(`Unknown lab start state "${value}": use one of ${START_STATES.join(', ')}`);
}

export type ProcessFilterMode = 'default' | 'aggressive' | 'minimal';

/** LAB_PROCESS_FILTER_MODE (or `npm run lab -- --process-filter-mode X`); throws naming the allowed values. */
export function labProcessFilterMode(raw: string | undefined): ProcessFilterMode | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '') return undefined;
  if (PROCESS_FILTER_MODES.includes(value)) return value as ProcessFilterMode;
  throw new Error(`Unknown process filter mode "${value}": use one of ${PROCESS_FILTER_MODES.join(', ')}`);
}

/** A namespace name is an RFC 1123 label (Kubernetes docs, "Namespaces" and "Object Names and IDs"). */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** LAB_CENTRAL_NAMESPACE (or `npm run lab -- --central-namespace NAME`); throws naming the rule. */
export function labCentralNamespace(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length <= 63 && DNS_1123_LABEL.test(value)) return value;
  throw new Error(
    `Central namespace "${value}" is not a Kubernetes namespace name: use a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters, e.g. rhacs)`,
  );
}

/** LAB_BUSY_CHANNELS=1 (or true) puts other traffic in the channels (`npm run lab -- --busy-channels`). */
export function labBusyChannelsFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.LAB_BUSY_CHANNELS?.trim().toLowerCase();
  return raw === '1' || raw === 'true';
}

export function labTlsFromEnv(env: NodeJS.ProcessEnv): boolean {
  const raw = env.LAB_TLS?.trim().toLowerCase();
  return raw === '1' || raw === 'true';
}

interface ProfileSpec {
  version: RhacsVersion;
  slack: HookKind;
  teams: HookKind;
}

/** Which hooks the module's SLACK_WEBHOOK_URL / TEAMS_WEBHOOK_URL point at, and the RHACS version. */
export const PROFILES: Record<LabProfile, ProfileSpec> = {
  // An app Incoming Webhook and a Teams flow edited to wrap the card (the fixes for F3 and F5).
  default: { version: '4.11', slack: 'slack-incoming', teams: 'teams-workflow-fixed' },
  // What the module's steps create: a Slack workflow trigger and the unedited Teams template.
  'as-written': { version: '4.10', slack: 'slack-workflow', teams: 'teams-workflow-template' },
};

export function isLabProfile(value: string): value is LabProfile {
  return Object.hasOwn(PROFILES, value);
}

function secret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const profile = options.profile ?? 'default';
  const spec = PROFILES[profile];
  const host = '127.0.0.1';
  const tokens = { admin: `lab-admin-${secret()}`, viewer: `lab-viewer-${secret()}` };
  const apiToken = secret(32);
  const adminPassword = secret(12);
  const centralNamespace = options.centralNamespace ?? DEFAULT_CENTRAL_NAMESPACE;

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    // Central first: it delivers to the receivers and reads the cluster.
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  };

  const latency = { ...(options.latency ?? NO_LATENCY) };
  try {
    const receivers = await startReceivers({
      host,
      flowRunDelayMs: latency.teamsFlowRunMs,
      visibilityDelayMs: { slack: latency.slackHistoryVisibilityMs, teams: latency.graphVisibilityMs },
    });
    closers.push(() => receivers.close());
    const kube = await startKubeApi({
      host,
      users: [
        { name: 'admin', token: tokens.admin, execVerbs: ['get', 'create'], privilegedScc: true },
        // A regular OpenShift user: no exec, no namespaces (it requests projects instead).
        { name: VIEWER_USER, token: tokens.viewer, execVerbs: [], mayCreateNamespaces: false },
      ],
      clusterName: CLUSTER_NAME,
      clusterId: randomUUID(),
      rhacsVersion: spec.version,
      sensor: {
        version: `${spec.version}.0`,
        env: options.processFilterMode ? { ROX_PROCESS_FILTER_MODE: options.processFilterMode } : {},
      },
      centralNamespace,
    });
    closers.push(() => kube.close());
    const central = await startCentral({
      host,
      cluster: kube.cluster,
      version: spec.version,
      startState:
        options.startState === 'after-module-3' ||
        options.startState === 'cr-before-notifiers' ||
        options.startState === undefined
          ? 'after-module-3'
          : 'fresh',
      adminPassword,
      apiToken,
      namespace: centralNamespace,
      timing: {
        sensorToCentralMs: latency.sensorToCentralMs,
        webhookPostMs: latency.centralToWebhookMs,
        controllerDelayMs: latency.controllerReconcileMs,
        ...options.timing,
      },
      ...(options.log ? { log: options.log } : {}),
      ...(options.centralTls ? { tls: true } : {}),
    });
    closers.push(() => central.close());
    if (options.startState === 'earlier-module-cr')
      await applyEarlierModuleCr(kube, tokens.admin, centralNamespace);
    if (options.startState === 'cr-before-notifiers')
      await applyCrBeforeNotifiers(kube, central, tokens.admin, centralNamespace);
    if (options.busyChannels) {
      const busy = startBusyChannels({
        receivers,
        store: central.store,
        version: spec.version,
        moduleHooks: { slack: spec.slack, teams: spec.teams },
        ...(typeof options.busyChannels === 'object' ? { intervalMs: options.busyChannels.intervalMs } : {}),
        ...(options.log ? { log: options.log } : {}),
      });
      closers.push(async () => busy.stop());
    }

    const env: Record<string, string> = {
      ROX_ENDPOINT: central.url,
      ROX_API_TOKEN: apiToken,
      ROX_ADMIN_PASSWORD: adminPassword,
      LAB_INBOX_URL: receivers.inboxUrl,
      SLACK_WEBHOOK_URL: receivers.hooks[spec.slack].url,
      TEAMS_WEBHOOK_URL: receivers.hooks[spec.teams].url,
      SLACK_INCOMING_URL: receivers.hooks['slack-incoming'].url,
      SLACK_WORKFLOW_URL: receivers.hooks['slack-workflow'].url,
      TEAMS_TEMPLATE_WEBHOOK_URL: receivers.hooks['teams-workflow-template'].url,
      TEAMS_FIXED_WEBHOOK_URL: receivers.hooks['teams-workflow-fixed'].url,
      LAB_PROFILE: profile,
      LAB_VIEWER_TOKEN_NO_EXEC: tokens.viewer,
      // Where the harness applies the CR and looks for the config-controller (src/config.ts).
      CENTRAL_NAMESPACE: centralNamespace,
      // The Generic Webhook's Endpoint (a name only the lab's Central resolves) and its read API.
      LAB_CATCHER_URL: receivers.catcher.url,
      LAB_CATCHER_API_URL: receivers.catcher.apiUrl,
      // What a student pastes from webhook.site, and where the harness reads it back.
      GENERIC_WEBHOOK_URL: receivers.catcher.url,
      GENERIC_WEBHOOK_READ_URL: receivers.catcher.apiUrl,
    };

    const lab: Lab = {
      profile,
      version: spec.version,
      env,
      tokens,
      kube,
      central,
      receivers,
      latency,
      close: closeAll,
    };

    if (options.dir !== undefined) {
      const dir = resolve(options.dir);
      await mkdir(dir, { recursive: true });
      const kubeconfigPath = resolve(dir, 'kubeconfig');
      const envPath = resolve(dir, 'lab.env');
      const caPath = central.caCertificatePem === undefined ? undefined : resolve(dir, CENTRAL_CA_FILE);
      env.KUBECONFIG = kubeconfigPath;
      closers.unshift(async () => {
        await rm(envPath, { force: true });
        await rm(kubeconfigPath, { force: true });
        if (caPath !== undefined) await rm(caPath, { force: true });
      });
      if (caPath !== undefined && central.caCertificatePem !== undefined) {
        await writePrivate(caPath, central.caCertificatePem);
        env.ROX_CA_CERT_FILE = caPath;
        lab.centralCaPath = caPath;
      }
      // kubectl (client-go) sends a token only over TLS, so the kubeconfig names the HTTPS listener.
      await writePrivate(kubeconfigPath, kubeconfigYaml(kube.httpsUrl, tokens));
      await writePrivate(envPath, envFile(env));
      lab.kubeconfigPath = kubeconfigPath;
      lab.envPath = envPath;
    }
    return lab;
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function writePrivate(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  // The mode above applies only when the file is created; an older file keeps its own.
  await chmod(path, 0o600);
}

export function kubeconfigYaml(server: string, tokens: { admin: string; viewer: string }): string {
  const cluster = { server, 'insecure-skip-tls-verify': true };
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'lab', cluster }],
    users: [
      { name: 'lab-admin', user: { token: tokens.admin } },
      { name: 'lab-viewer', user: { token: tokens.viewer } },
    ],
    contexts: [
      { name: KUBE_CONTEXT_NAME, context: { cluster: 'lab', user: 'lab-admin' } },
      { name: `${KUBE_CONTEXT_NAME}-viewer`, context: { cluster: 'lab', user: 'lab-viewer' } },
    ],
    'current-context': KUBE_CONTEXT_NAME,
    preferences: {},
  });
}

/** KEY='value' lines: safe for `set -a; . lab.env` and for dotenv. */
export function envFile(env: Record<string, string>): string {
  const quote = (v: string) => `'${v.replaceAll("'", `'\\''`)}'`;
  const header = '# Written by the embedded lab; removed when it stops. Holds secrets: do not share.\n';
  return (
    header +
    Object.entries(env)
      .map(([k, v]) => `${k}=${quote(v)}\n`)
      .join('')
  );
}
