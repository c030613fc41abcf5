// `npm run lab [-- --profile as-written] [-- --tls] [-- --start-state earlier-module-cr]`: starts the embedded lab until Ctrl-C, for practising the
// module with kubectl and curl or for pointing the harness at it as if it were a real cluster.
// `--tls` or LAB_TLS=1: Central serves HTTPS with a certificate like the default route's (CA in .lab/central-ca.pem).
// `--busy-channels` or LAB_BUSY_CHANNELS=1: other traffic in the Slack and Teams channels (mocks/busy-channels.ts).
// `--process-filter-mode aggressive` or LAB_PROCESS_FILTER_MODE: Sensor's ROX_PROCESS_FILTER_MODE (default, aggressive, minimal).
// `--central-namespace rhacs` or LAB_CENTRAL_NAMESPACE: Central and its config-controller in that namespace (Sensor stays in stackrox).
// `--latency cluster` or LAB_LATENCY=cluster: every hop takes a real cluster's time (mocks/latency.ts); default none.
import { relative } from 'node:path';
import {
  isLabProfile,
  type Lab,
  type LabProfile,
  labBusyChannelsFromEnv,
  labCentralNamespace,
  labProcessFilterMode,
  labStartState,
  labTlsFromEnv,
  startLab,
} from './lab.ts';
import { type HopLatencies, labLatency, latencyFor } from './latency.ts';

const LAB_DIR = '.lab';

function parseProfile(argv: string[], env: NodeJS.ProcessEnv): LabProfile {
  const i = argv.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
  const raw =
    i < 0 ? env.LAB_PROFILE || 'default' : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  if (raw !== undefined && isLabProfile(raw)) return raw;
  console.error(`Unknown lab profile "${raw ?? ''}". Use --profile default or --profile as-written.`);
  process.exit(2);
}

/** `--flag value`, `--flag=value`, or the env fallback, parsed; a bad value exits 2 with the parser's message. */
function option<T>(
  argv: string[],
  flag: string,
  fallback: string | undefined,
  parse: (raw: string | undefined) => T,
): T {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  const raw = i < 0 ? fallback : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  try {
    return parse(raw);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}

function usage(lab: Lab): string {
  const envPath = relative(process.cwd(), lab.envPath ?? `${LAB_DIR}/lab.env`);
  // Like the default route, the certificate names central.<namespace>: curl reaches it under that name.
  const port = new URL(lab.central.url).port;
  const namespace = lab.env.CENTRAL_NAMESPACE;
  const host = `central.${namespace}`;
  const central =
    lab.centralCaPath === undefined
      ? '$ROX_ENDPOINT'
      : `--cacert $ROX_CA_CERT_FILE --connect-to ${host}:${port}:127.0.0.1:${port} https://${host}:${port}`;
  const centralTls =
    lab.centralCaPath === undefined
      ? ''
      : `   (HTTPS, certificate for ${[...new Set(['central.stackrox', host])].join(' and ')} issued by the StackRox CA in ${relative(process.cwd(), lab.centralCaPath)} = ROX_CA_CERT_FILE)`;
  const sensorNote = processFilterMode ? `, Sensor ROX_PROCESS_FILTER_MODE=${processFilterMode}` : '';
  const latencyNote = latency === 'cluster' ? `, a real cluster's latency (${hopList(lab.latency)})` : '';
  return [
    `Embedded lab (profile ${lab.profile}, RHACS ${lab.version}, cluster Production${sensorNote}${latencyNote})`,
    `  Kubernetes API  ${lab.kube.httpsUrl} (kubeconfig ${relative(process.cwd(), lab.kubeconfigPath ?? '')})`,
    `  Central         ${lab.central.url}${centralTls}`,
    `                  Central namespace ${namespace} (its config-controller reconciles SecurityPolicies there only; Sensor runs in stackrox)`,
    `  Inbox           ${lab.receivers.inboxUrl}   (what Slack and Teams received)`,
    `  Catcher         ${lab.receivers.catcher.url}   (Generic Webhook endpoint, resolved by the lab's Central only)`,
    `                  read: curl -s ${lab.receivers.catcher.apiUrl}   (= LAB_CATCHER_API_URL)`,
    '',
    'In another terminal:',
    `  set -a; . ${envPath}; set +a`,
    '  kubectl get pods -n payments',
    '  POD=$(kubectl get pod -n payments -l app=visa-processor -o jsonpath="{.items[0].metadata.name}")',
    '  kubectl exec -n payments -i --tty $POD -- /bin/bash',
    `  kubectl get securitypolicy -n ${namespace}`,
    `  curl -s -u admin:$ROX_ADMIN_PASSWORD ${central}/v1/ping`,
    `  curl -s -H "Authorization: Bearer $ROX_API_TOKEN" ${central}/v1/notifiers`,
    '  curl -s $LAB_INBOX_URL/api/messages',
    '  TARGET=cluster npm run verify      # the harness against this lab, as against a real cluster',
    '',
    `${envPath} holds the lab's secrets; it is removed when the lab stops. Ctrl-C stops the lab.`,
  ].join('\n');
}

function hopList(h: HopLatencies): string {
  const s = (ms: number) => `${ms / 1000} s`;
  return `sensor->Central ${s(h.sensorToCentralMs)}, Central->webhook ${s(h.centralToWebhookMs)}, Teams flow run ${s(h.teamsFlowRunMs)}, Slack history ${s(h.slackHistoryVisibilityMs)}, Graph ${s(h.graphVisibilityMs)}, config-controller ${s(h.controllerReconcileMs)}`;
}

const argv = process.argv.slice(2);
const profile = parseProfile(argv, process.env);
const centralTls = argv.includes('--tls') || labTlsFromEnv(process.env);
const startState = option(argv, '--start-state', process.env.LAB_START_STATE, labStartState);
const processFilterMode = option(
  argv,
  '--process-filter-mode',
  process.env.LAB_PROCESS_FILTER_MODE,
  labProcessFilterMode,
);
const centralNamespace = option(
  argv,
  '--central-namespace',
  process.env.LAB_CENTRAL_NAMESPACE,
  labCentralNamespace,
);
const busyChannels = argv.includes('--busy-channels') || labBusyChannelsFromEnv(process.env);
const latency = option(argv, '--latency', process.env.LAB_LATENCY, labLatency);
const lab = await startLab({
  profile,
  dir: LAB_DIR,
  centralTls,
  busyChannels,
  ...(startState ? { startState } : {}),
  ...(processFilterMode ? { processFilterMode } : {}),
  ...(centralNamespace ? { centralNamespace } : {}),
  ...(latency ? { latency: latencyFor(latency) } : {}),
});

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the lab`);
  lab.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`lab did not stop cleanly: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

console.log(usage(lab));
console.log('lab ready');
