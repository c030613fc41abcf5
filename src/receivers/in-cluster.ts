// The in-cluster receiver: a ConfigMap holding the dependency-free receiver script, a Deployment
// running it with `node`, and a Service, in a namespace the harness owns or in RECEIVER_NAMESPACE
// (receiver-namespace.ts). Central posts to the Service's cluster DNS name; the harness reads the
// inbox through the API server's service proxy; remove() deletes what the run owns and waits.
import { readFileSync } from 'node:fs';
import {
  AppsV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1Deployment,
  type V1Pod,
  type V1Service,
} from '@kubernetes/client-node';
import type { ChannelName, ChannelReader } from '../channels/types.ts';
import { HarnessError } from '../errors.ts';
import { requestOptions } from '../kube/context.ts';
import { apiFailure } from '../kube/status.ts';
import { Probe, seconds, Wait } from '../wait.ts';
import { DEFAULT_RECEIVER_IMAGE } from './config.ts';
import { type InClusterHookKind, runHookPath } from './hook-paths.ts';
import { kubeRawRequest, statusMessage } from './kube-raw.ts';
import { PollingInboxReader } from './polling-inbox-reader.ts';
import {
  missingPermission,
  ReceiverNamespaces,
  type ReceiverOwnership,
  RUN_ID_LABEL,
} from './receiver-namespace.ts';

export const RECEIVER_NAME = 'rhacs-harness-receiver';
export const RECEIVER_PORT = 8080;
export const MANAGED_BY = 'rhacs-notifications-harness';
const SCRIPT_KEY = 'receiver.mjs';
const MOUNT_PATH = '/receiver';
const SCRIPT_URL = new URL('./assets/receiver.mjs', import.meta.url);

export interface InClusterReceiverOptions {
  /** Names the default namespace rhacs-harness-<runId> and labels everything created. */
  runId: string;
  /** The run's secret the hook paths are derived from (every worker of a run gets the same ones). */
  runSecret: string;
  /**
   * RECEIVER_NAMESPACE: an existing namespace to deploy into (only the receiver's objects are created
   * and removed there). Unset: the harness creates rhacs-harness-<runId> (a namespace, or a project
   * where it may not create namespaces) and deletes it afterwards. Either way a worker started after
   * a failed test attaches to the run's receiver instead of deploying another.
   */
  namespace?: string;
  /** RECEIVER_IMAGE: an image providing node 20+. */
  image?: string;
  /** Wait for a ready pod answering through the service proxy before returning (default true). */
  waitReady?: boolean;
  /** Default 120 s (an image pull can take a while). */
  readyTimeoutMs?: number;
  /** How long remove() waits for the namespace to disappear (default 90 s). */
  removeTimeoutMs?: number;
  /** Per request (default 15 s). */
  requestTimeoutMs?: number;
  /** Poll interval of the readers and of the waits (default 250 ms, readers back off to 2 s). */
  pollMs?: number;
}

export interface InClusterReceiver {
  namespace: string;
  serviceName: string;
  /** http://<svc>.<ns>.svc:<port>: what Central posts to. */
  clusterUrl: string;
  /** A webhook URL in the real endpoint's shape on the in-cluster receiver (the same one per kind). */
  webhookUrl(kind: InClusterHookKind): string;
  /** Reads Slack messages through the service proxy (readers.teams for Teams). */
  reader: ChannelReader;
  readers: Record<ChannelName, ChannelReader>;
  /** Resolves once a pod is ready and the inbox answers through the service proxy. */
  waitReady(timeoutMs?: number): Promise<void>;
  /** What remove() deletes: the namespace, the project, or the receiver's objects in RECEIVER_NAMESPACE. */
  ownership: ReceiverOwnership;
  /** Deletes what the run owns (see ownership) and waits until it is gone (bounded). Safe to call twice. */
  remove(): Promise<void>;
}

/** Anything that carries a loaded kubeconfig (the harness's KubeClient does). */
export interface HasKubeConfig {
  readonly kubeConfig: KubeConfig;
}

function labels(runId: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': RECEIVER_NAME,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [RUN_ID_LABEL]: runId,
  };
}

export function receiverDeployment(image: string, runId: string): V1Deployment {
  const selector = { 'app.kubernetes.io/name': RECEIVER_NAME };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: RECEIVER_NAME, labels: labels(runId) },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: labels(runId) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'receiver',
              image,
              command: ['node', `${MOUNT_PATH}/${SCRIPT_KEY}`],
              env: [{ name: 'PORT', value: String(RECEIVER_PORT) }],
              ports: [{ name: 'http', containerPort: RECEIVER_PORT, protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 2 },
              resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '128Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'script', mountPath: MOUNT_PATH, readOnly: true }],
            },
          ],
          volumes: [{ name: 'script', configMap: { name: RECEIVER_NAME } }],
        },
      },
    },
  };
}

export function receiverService(runId: string): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: RECEIVER_NAME, labels: labels(runId) },
    spec: {
      selector: { 'app.kubernetes.io/name': RECEIVER_NAME },
      ports: [{ name: 'http', port: RECEIVER_PORT, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function failureText(e: unknown): { httpCode?: number; text: string } {
  const f = apiFailure(e);
  return { ...(f.httpCode === undefined ? {} : { httpCode: f.httpCode }), text: f.message };
}

/** What a pod's first container is doing, in kubectl's words (ContainerCreating, CrashLoopBackOff, ...). */
function podState(pod: V1Pod | undefined): string {
  if (!pod) return 'no pod was created';
  const status = pod.status?.containerStatuses?.[0];
  const waiting = status?.state?.waiting;
  const terminated = status?.lastState?.terminated ?? status?.state?.terminated;
  const parts = [`pod ${pod.metadata?.name ?? '?'} is ${pod.status?.phase ?? 'Pending'}`];
  if (waiting?.reason)
    parts.push(`container waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`);
  else if (status?.state?.running)
    parts.push(status.ready ? 'container ready' : 'container running, not ready');
  if (terminated) parts.push(`last exit code ${terminated.exitCode} (${terminated.reason ?? 'Error'})`);
  return parts.join(', ');
}

export async function deployInClusterReceiver(
  kube: HasKubeConfig,
  opts: InClusterReceiverOptions,
): Promise<InClusterReceiver> {
  const kc = kube.kubeConfig;
  const timeoutMs = opts.requestTimeoutMs ?? 15_000;
  const reqOpts = () => requestOptions(timeoutMs);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const namespace = opts.namespace ?? `rhacs-harness-${opts.runId}`;
  const image = opts.image ?? DEFAULT_RECEIVER_IMAGE;
  const pollMs = opts.pollMs ?? 250;
  const serviceId = `${RECEIVER_NAME}:${RECEIVER_PORT}`;
  const proxyBase = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${serviceId}/proxy`;
  const clusterUrl = `http://${RECEIVER_NAME}.${namespace}.svc:${RECEIVER_PORT}`;
  const where = `the in-cluster receiver (service ${namespace}/${RECEIVER_NAME}, read through the API server's service proxy)`;

  const what = `Deploying the in-cluster receiver in namespace ${namespace}`;
  const namespaces = new ReceiverNamespaces(kc, {
    runId: opts.runId,
    ...(opts.namespace === undefined ? {} : { existing: opts.namespace }),
    receiverName: RECEIVER_NAME,
    labels: labels(opts.runId),
    timeoutMs,
  });
  const home = await namespaces.claim();

  let removed: Promise<void> | undefined;
  const get = async (path: string) => kubeRawRequest(kc, 'GET', `${proxyBase}${path}`, { timeoutMs });
  const unreachableFix = `check the receiver pod (\`oc -n ${namespace} get pods\`, \`oc -n ${namespace} logs deploy/${RECEIVER_NAME}\`) and that your user may use services/proxy in ${namespace}`;
  const readers: Record<ChannelName, ChannelReader> = {
    slack: new PollingInboxReader({ channel: 'slack', get, where, unreachableFix, pollMs }),
    teams: new PollingInboxReader({ channel: 'teams', get, where, unreachableFix, pollMs }),
  };

  const remove = (): Promise<void> => {
    removed ??= (async () => {
      await Promise.all([readers.slack.close(), readers.teams.close()]);
      await namespaces.release(home, opts.removeTimeoutMs ?? 90_000, pollMs);
    })();
    return removed;
  };

  const waitReady = async (readyTimeoutMs = opts.readyTimeoutMs ?? 120_000): Promise<void> => {
    const what = `Waiting for the in-cluster receiver in ${namespace}`;
    let lastPod: V1Pod | undefined;
    let lastProxy = 'not tried: no ready pod yet';
    await Wait.until<true, never>(
      async () => {
        const pods = await core
          .listNamespacedPod(
            { namespace, labelSelector: `app.kubernetes.io/name=${RECEIVER_NAME}` },
            reqOpts(),
          )
          .catch((e: unknown) => {
            throw kubeError(what, e, unreachableFix);
          });
        lastPod = pods.items[0];
        const ready = pods.items.some((p) =>
          p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        if (ready) {
          const answer = await get('/healthz').catch((e: unknown) => ({
            status: 0,
            text: e instanceof Error ? e.message : String(e),
          }));
          if (answer.status === 200) return Probe.done(true);
          lastProxy = `${answer.status || 'no answer'}: ${statusMessage(answer.text)}`;
        } else {
          const answer = await get('/healthz').catch(() => undefined);
          if (answer) lastProxy = `${answer.status}: ${statusMessage(answer.text)}`;
        }
        return Probe.notYet();
      },
      {
        timeoutMs: readyTimeoutMs,
        intervalMs: Math.min(pollMs * 2, 1000),
        factor: 1,
        onTimeout: ({ elapsedMs }) =>
          new HarnessError({
            code: 'RECEIVER_NOT_READY',
            what,
            cause: `not ready within ${seconds(elapsedMs)}: ${podState(lastPod)}; the service proxy answered ${lastProxy}`,
            fix: `check that RECEIVER_IMAGE (${image}) can be pulled and provides node 20+ (\`oc -n ${namespace} describe pod\`, \`oc -n ${namespace} logs deploy/${RECEIVER_NAME}\`)`,
            details: { namespace, image, pod: lastPod?.metadata?.name, proxy: lastProxy },
          }),
      },
    );
  };

  if (home.attach) {
    // This run's receiver, deployed by a worker that a failed test discarded: read it as it is.
    if (opts.waitReady !== false) await waitReady();
  } else {
    try {
      const steps: [string, () => Promise<unknown>][] = [
        [
          'ConfigMap',
          () =>
            core.createNamespacedConfigMap(
              {
                namespace,
                body: {
                  metadata: { name: RECEIVER_NAME, labels: labels(opts.runId) },
                  data: { [SCRIPT_KEY]: readFileSync(SCRIPT_URL, 'utf8') },
                },
              },
              reqOpts(),
            ),
        ],
        [
          'Deployment',
          () =>
            apps.createNamespacedDeployment(
              { namespace, body: receiverDeployment(image, opts.runId) },
              reqOpts(),
            ),
        ],
        [
          'Service',
          () => core.createNamespacedService({ namespace, body: receiverService(opts.runId) }, reqOpts()),
        ],
      ];
      for (const [kind, create] of steps) {
        await create().catch((e: unknown) => {
          throw kubeError(
            `${what}: creating the ${kind}`,
            e,
            `check the kubeconfig user may create ${kind}s in ${namespace}`,
          );
        });
      }
      if (opts.waitReady !== false) await waitReady();
    } catch (e) {
      await remove().catch(() => {});
      throw e;
    }
  }

  const webhookUrl = (kind: InClusterHookKind): string => clusterUrl + runHookPath(opts.runSecret, kind);

  return {
    namespace,
    serviceName: RECEIVER_NAME,
    ownership: home.ownership,
    clusterUrl,
    webhookUrl,
    reader: readers.slack,
    readers,
    waitReady,
    remove,
  };
}

function kubeError(what: string, e: unknown, fix: string): HarnessError {
  if (e instanceof HarnessError) return e;
  const f = failureText(e);
  return new HarnessError({
    code: f.httpCode === 403 ? 'RECEIVER_FORBIDDEN' : 'RECEIVER_DEPLOY_FAILED',
    what,
    cause: f.httpCode === undefined ? f.text : `the API server answered ${f.httpCode}: ${f.text}`,
    fix:
      f.httpCode === 403 && missingPermission(f.text)
        ? `${fix} (missing: ${missingPermission(f.text)})`
        : fix,
    ...(f.httpCode === undefined ? {} : { details: { httpCode: f.httpCode } }),
  });
}
