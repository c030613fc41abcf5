import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { config as dotenvConfig } from 'dotenv';
import { loadReadbackConfig, type ReadbackConfig } from './channels/readback-config.ts';
import { HarnessError } from './errors.ts';
import { loadProxySettings, NO_PROXY_SETTINGS, type ProxySettings, proxySecrets } from './proxy/settings.ts';
import { loadReceiverConfig, type ReceiverConfig } from './receivers/config.ts';

export type Target = 'embedded' | 'cluster';
export type LabProfile = 'default' | 'as-written';

export interface KubeSettings {
  /** KUBECONFIG as given (may be a path list); undefined means client-node's default lookup. */
  kubeconfig?: string;
  /** KUBE_CONTEXT; undefined means the kubeconfig's current-context. */
  context?: string;
}

export interface CentralSettings {
  /** Normalised base URL without trailing slash, e.g. https://central.example.com:443. */
  endpoint?: string;
  /** The API token (read from ROX_API_TOKEN_FILE when that was given). */
  token?: string;
  tokenSource?: 'ROX_API_TOKEN' | 'ROX_API_TOKEN_FILE';
  adminPassword?: string;
  caCertFile?: string;
  insecureSkipTlsVerify: boolean;
  /** ROX_SERVER_NAME: the TLS server name to expect instead of the endpoint's host (as roxctl's). */
  serverName?: string;
  /** CENTRAL_NAMESPACE: where Central and its config-controller run (SecurityPolicy CRs go here). */
  namespace: string;
}

export interface HarnessConfig {
  target: Target;
  /** Why this target was chosen, for the run summary. */
  targetReason: string;
  kube: KubeSettings;
  central: CentralSettings;
  slackWebhookUrl?: string;
  teamsWebhookUrl?: string;
  /** GENERIC_WEBHOOK_URL: the Generic Webhook's Endpoint (e.g. a webhook.site URL). */
  genericWebhookUrl?: string;
  /** GENERIC_WEBHOOK_READ_URL: where its requests are read back (webhook.site's token API); derived for webhook.site. */
  genericWebhookReadUrl?: string;
  labInboxUrl?: string;
  /** RECEIVER_*: where the harness's own Slack/Teams receivers run, if it provides them. */
  receivers: ReceiverConfig;
  /** SLACK_BOT_TOKEN, SLACK_CHANNEL_ID, TEAMS_*, AZURE_*, READBACK_POLL_MS: reading real channels back. */
  readback: ReadbackConfig;
  /** HTTPS_PROXY, HTTP_PROXY, NO_PROXY (or lower case): the proxy every client takes, as Go decides. */
  proxy: ProxySettings;
  /** SLACK_API_URL: the Slack Web API base for read-back (a proxy, or a test stub); default Slack's. */
  slackApiUrl?: string;
  profile: LabProfile;
  moduleCrFile: string;
  /** MODULE_GUIDE (or --guide): the module's AsciiDoc; when set, the model is read from it. */
  moduleGuide?: string;
  pod: { namespace: string; selector: string };
  alertTimeoutMs: number;
  /** TEAMS_READBACK_TIMEOUT_MS: a Teams message until the channel lists it (post, flow run, Graph). */
  teamsReadbackTimeoutMs: number;
  keep: boolean;
  runId: string;
  /** Every secret value from the settings, for redact(). */
  secrets: string[];
}

export interface LoadConfigOptions {
  /**
   * A .env file to read (never printed). Defaults to ./.env when `env` is process.env; when an
   * explicit env object is passed, no file is read unless this is set. Values already in env win.
   */
  dotenvPath?: string;
}

interface Problem {
  variable: string;
  cause: string;
  fix: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const SELECTOR_TERM =
  /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?\s*(==?|!=)\s*[A-Za-z0-9]?([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const RUN_ID = /^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/;

/** Reads and validates every setting; throws one HarnessError naming each bad variable and its fix. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  opts: LoadConfigOptions = {},
): HarnessConfig {
  const vars = withDotenv(env, opts);
  const problems: Problem[] = [];
  const raw = (name: string): string | undefined => {
    const v = vars[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  // A setting may come under the name the workshop shell or roxctl gives it: the harness's own name wins.
  const get = (name: string): string | undefined => {
    const alias = ALIASES[name];
    return raw(name) ?? (alias === undefined ? undefined : raw(alias));
  };
  const nameOf = (name: string): string => {
    const alias = ALIASES[name];
    return raw(name) === undefined && alias !== undefined && raw(alias) !== undefined ? alias : name;
  };
  checkAliases(raw, problems);

  const { target, targetReason } = resolveTarget(get, nameOf, problems);

  const kube: KubeSettings = {};
  const kubeconfig = get('KUBECONFIG');
  if (kubeconfig !== undefined) {
    kube.kubeconfig = kubeconfig;
    const files = kubeconfig.split(delimiter).filter((p) => p !== '');
    const missing = files.filter((p) => !existsSync(p));
    // kubectl skips missing files of a list (client-go clientcmd loader); only a list with none is wrong.
    if (missing.length === files.length && target === 'cluster') {
      problems.push({
        variable: 'KUBECONFIG',
        cause: `file not found: ${missing.join(', ')}`,
        fix: 'point KUBECONFIG at the kubeconfig written by `oc login` (or unset it to use ~/.kube/config)',
      });
    }
  }
  const context = get('KUBE_CONTEXT');
  if (context !== undefined) kube.context = context;

  const central = resolveCentral(get, nameOf, target, problems);

  const slackWebhookUrl = urlSetting(
    get,
    'SLACK_WEBHOOK_URL',
    problems,
    'the Slack webhook URL (https://hooks.slack.com/services/T…/B…/…)',
  );
  const teamsWebhookUrl = urlSetting(
    get,
    'TEAMS_WEBHOOK_URL',
    problems,
    'the Teams Workflows webhook URL (https://…/workflows/…?…&sig=…)',
  );
  const genericWebhookUrl = urlSetting(
    get,
    'GENERIC_WEBHOOK_URL',
    problems,
    'the Generic Webhook endpoint, e.g. your https://webhook.site/<uuid> URL',
  );
  const genericWebhookReadUrl = urlSetting(
    get,
    'GENERIC_WEBHOOK_READ_URL',
    problems,
    "where the endpoint's requests are read, e.g. https://webhook.site/token/<uuid>/requests",
  );
  const labInboxUrl = urlSetting(
    get,
    'LAB_INBOX_URL',
    problems,
    'the base URL of the receiver inbox, e.g. http://127.0.0.1:8089',
  );

  const slackApiUrl = urlSetting(
    get,
    'SLACK_API_URL',
    problems,
    'the Slack Web API base, e.g. https://slack.com/api/ (only for a proxy or a test stub)',
  );
  const receivers = nestedSettings(problems, 'RECEIVER_MODE', () => loadReceiverConfig(vars));
  const readback = nestedSettings(problems, 'READBACK_POLL_MS', () => loadReadbackConfig(vars));
  const proxy = nestedSettings(problems, 'HTTPS_PROXY', () => loadProxySettings(vars)) ?? NO_PROXY_SETTINGS;

  const profileRaw = get('LAB_PROFILE') ?? 'default';
  let profile: LabProfile = 'default';
  if (profileRaw === 'default' || profileRaw === 'as-written') profile = profileRaw;
  else
    problems.push({
      variable: 'LAB_PROFILE',
      cause: `"${profileRaw}" is not a profile`,
      fix: 'set LAB_PROFILE=default (the corrected module) or LAB_PROFILE=as-written (the module verbatim)',
    });

  const moduleCrFile =
    get('MODULE_CR_FILE') ??
    (profile === 'as-written' ? 'module/no-bash-allowed.as-written.yaml' : 'module/no-bash-allowed.yaml');
  if (get('MODULE_CR_FILE') !== undefined && !existsSync(moduleCrFile)) {
    problems.push({
      variable: 'MODULE_CR_FILE',
      cause: `file not found: ${moduleCrFile}`,
      fix: 'point MODULE_CR_FILE at the SecurityPolicy YAML to apply, or unset it to use the module default',
    });
  }

  const moduleGuide = get('MODULE_GUIDE');
  if (moduleGuide !== undefined && !existsSync(moduleGuide)) {
    problems.push({
      variable: 'MODULE_GUIDE',
      cause: `file not found: ${moduleGuide}`,
      fix: 'point MODULE_GUIDE (or --guide) at the module AsciiDoc, e.g. content/modules/ROOT/pages/07-acs-notifications.adoc, or unset it to verify the built-in copy',
    });
  }

  const podNamespace = get('POD_NAMESPACE') ?? 'payments';
  checkNamespace(
    'POD_NAMESPACE',
    podNamespace,
    problems,
    'the namespace of the visa-processor Deployment (payments)',
  );
  const podSelector = get('POD_SELECTOR') ?? 'app=visa-processor';
  if (!podSelector.split(',').every((term) => SELECTOR_TERM.test(term.trim()))) {
    problems.push({
      variable: 'POD_SELECTOR',
      cause: `"${podSelector}" is not a label selector of key=value terms`,
      fix: 'use a selector such as app=visa-processor',
    });
  }
  const centralNamespace = get('CENTRAL_NAMESPACE') ?? 'stackrox';
  checkNamespace('CENTRAL_NAMESPACE', centralNamespace, problems, "Central's namespace (stackrox)");
  central.namespace = centralNamespace;

  const alertTimeoutMs = timeoutSetting(
    get,
    'ALERT_TIMEOUT_MS',
    target === 'cluster' ? 90_000 : 15_000,
    problems,
    'use e.g. ALERT_TIMEOUT_MS=90000 (real clusters need 60-90 s)',
  );
  // A Workflows flow run takes seconds to a minute after Central's post, and Graph lists the card later still.
  const teamsReadbackTimeoutMs = timeoutSetting(
    get,
    'TEAMS_READBACK_TIMEOUT_MS',
    target === 'cluster' ? 120_000 : 15_000,
    problems,
    'use e.g. TEAMS_READBACK_TIMEOUT_MS=120000 (a Teams flow run takes seconds to a minute)',
  );

  const keep = booleanSetting(get, 'KEEP', problems, 'set KEEP=1 to keep what the run created, or unset it');

  const runIdRaw = get('RUN_ID');
  let runId = randomBytes(4).toString('hex').slice(0, 6);
  if (runIdRaw !== undefined) {
    if (RUN_ID.test(runIdRaw)) runId = runIdRaw;
    else
      problems.push({
        variable: 'RUN_ID',
        cause: `"${runIdRaw}" is not 1-20 lowercase letters, digits or dashes`,
        fix: 'use a short id such as RUN_ID=nightly-42, or unset it for a random one',
      });
  }

  if (problems.length > 0) {
    const list = problems.map((p) => `${p.variable}: ${p.cause} (fix: ${p.fix})`).join('; ');
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: `Reading the harness settings (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      cause: list,
      fix: `correct ${problems.map((p) => p.variable).join(', ')} in the environment or .env (see .env.example)`,
      details: { problems },
    });
  }

  const secrets = [
    central.token,
    central.adminPassword,
    slackWebhookUrl,
    teamsWebhookUrl,
    genericWebhookUrl,
    genericWebhookReadUrl,
    // webhook.site's token is the URL's last segment: whoever has it reads every request.
    genericWebhookUrl
      ?.split('/')
      .filter((part) => part.length >= 16)
      .at(-1),
    ...(readback?.secrets ?? []),
    (receivers as ReceiverConfig | undefined)?.runSecret,
    ...proxySecrets(proxy),
  ].filter((s): s is string => s !== undefined);
  const cfg: HarnessConfig = {
    target,
    targetReason,
    kube,
    central,
    // Both are set here: a failure to load either was a problem above, and problems throw.
    receivers: receivers as ReceiverConfig,
    readback: readback as ReadbackConfig,
    proxy,
    profile,
    moduleCrFile,
    pod: { namespace: podNamespace, selector: podSelector },
    alertTimeoutMs,
    teamsReadbackTimeoutMs,
    keep,
    runId,
    secrets,
  };
  if (slackWebhookUrl !== undefined) cfg.slackWebhookUrl = slackWebhookUrl;
  if (teamsWebhookUrl !== undefined) cfg.teamsWebhookUrl = teamsWebhookUrl;
  if (genericWebhookUrl !== undefined) cfg.genericWebhookUrl = genericWebhookUrl;
  if (genericWebhookReadUrl !== undefined) cfg.genericWebhookReadUrl = genericWebhookReadUrl;
  if (labInboxUrl !== undefined) cfg.labInboxUrl = labInboxUrl;
  if (slackApiUrl !== undefined) cfg.slackApiUrl = slackApiUrl;
  if (moduleGuide !== undefined) cfg.moduleGuide = moduleGuide;
  return cfg;
}

/** A wait in whole milliseconds, 1 s to 1 h; a bad value is a problem naming the variable. */
function timeoutSetting(
  get: (name: string) => string | undefined,
  variable: string,
  fallback: number,
  problems: Problem[],
  fix: string,
): number {
  const raw = get(variable);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1000 && n <= 3_600_000) return n;
  problems.push({
    variable,
    cause: `"${raw}" is not a whole number of milliseconds between 1000 and 3600000`,
    fix,
  });
  return fallback;
}

/** Settings another module validates: its problems join this run's list, so all are reported at once. */
function nestedSettings<T>(problems: Problem[], variable: string, load: () => T): T | undefined {
  try {
    return load();
  } catch (e) {
    if (!(e instanceof HarnessError)) throw e;
    const nested = e.details?.problems;
    if (Array.isArray(nested)) problems.push(...(nested as Problem[]));
    else problems.push({ variable, cause: e.cause.replace(`${variable} `, ''), fix: e.fix });
    return undefined;
  }
}

function withDotenv(env: NodeJS.ProcessEnv, opts: LoadConfigOptions): Record<string, string | undefined> {
  const copy: Record<string, string | undefined> = { ...env };
  const path = opts.dotenvPath ?? (env === process.env ? resolve(process.cwd(), '.env') : undefined);
  if (path === undefined) return copy;
  if (!existsSync(path)) {
    if (opts.dotenvPath === undefined) return copy;
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: 'Reading the .env file',
      cause: `${path} does not exist`,
      fix: 'create it from .env.example or drop the dotenvPath option',
    });
  }
  // processEnv: the copy, so neither process.env nor the caller's object is modified.
  const result = dotenvConfig({ path, quiet: true, processEnv: copy });
  if (result.error) {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: 'Reading the .env file',
      cause: `${path} could not be read (${result.error.message})`,
      fix: 'check the file permissions and syntax (KEY=value lines)',
    });
  }
  return copy;
}

/** Names the workshop shell (ROX_CENTRAL_ADDRESS) and roxctl give to the harness's settings. */
const ALIASES: Record<string, string> = {
  ROX_ENDPOINT: 'ROX_CENTRAL_ADDRESS',
  ROX_INSECURE_SKIP_TLS_VERIFY: 'ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY',
};

function checkAliases(raw: (name: string) => string | undefined, problems: Problem[]): void {
  for (const [name, alias] of Object.entries(ALIASES)) {
    const own = raw(name);
    const theirs = raw(alias);
    if (own === undefined || theirs === undefined) continue;
    const same =
      name === 'ROX_ENDPOINT' ? normaliseEndpoint(own) === normaliseEndpoint(theirs) : own === theirs;
    if (!same)
      problems.push({
        variable: name,
        cause: `${name}="${own}" and ${alias}="${theirs}" disagree`,
        fix: `unset one of them, or give both the same value (${name} is used when both are set)`,
      });
  }
}

function resolveTarget(
  get: (name: string) => string | undefined,
  nameOf: (name: string) => string,
  problems: Problem[],
): { target: Target; targetReason: string } {
  const raw = get('TARGET');
  if (raw === 'embedded' || raw === 'cluster') {
    return { target: raw, targetReason: `TARGET=${raw} was set explicitly` };
  }
  if (raw !== undefined) {
    problems.push({
      variable: 'TARGET',
      cause: `"${raw}" is not a target`,
      fix: 'set TARGET=embedded (the built-in lab) or TARGET=cluster (a real cluster), or unset it to choose automatically',
    });
  }
  if (get('ROX_ENDPOINT') !== undefined) {
    const kube = ['KUBECONFIG', 'KUBE_CONTEXT'].filter((n) => get(n) !== undefined);
    const named = [...kube, nameOf('ROX_ENDPOINT')];
    return {
      target: 'cluster',
      targetReason: `${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} set, so a real cluster is used`,
    };
  }
  const hints = clusterHints(get);
  if (hints.length === 0) {
    return {
      target: 'embedded',
      targetReason: 'no KUBECONFIG, KUBE_CONTEXT or ROX_ENDPOINT is set, so the embedded lab is used',
    };
  }
  // A cluster is at hand but not its Central. A CI job that meant the cluster would otherwise verify
  // the embedded lab and pass; on a laptop that is the friendly default, said in one line.
  if (isCi(get)) {
    problems.push({
      variable: 'ROX_ENDPOINT',
      cause: `not set under CI=true, though ${hints.join(' and ')}: the run would verify the embedded lab instead of that cluster`,
      fix: "set ROX_ENDPOINT to the cluster's Central, e.g. $(oc -n stackrox get route central -o jsonpath={.spec.host}):443, or set TARGET=embedded to verify the embedded lab on purpose",
    });
    return { target: 'embedded', targetReason: 'CI=true with a cluster but no ROX_ENDPOINT' };
  }
  return {
    target: 'embedded',
    targetReason: `${hints.join(' and ')}, but ROX_ENDPOINT is not set, so the embedded lab is used (set ROX_ENDPOINT to verify that cluster's Central)`,
  };
}

/** What suggests a real cluster was meant, other than Central's address. */
function clusterHints(get: (name: string) => string | undefined): string[] {
  const hints = ['KUBECONFIG', 'KUBE_CONTEXT'].filter((n) => get(n) !== undefined).map((n) => `${n} is set`);
  const home = get('HOME');
  // HOME from the settings, not os.homedir(): loadConfig({}) stays independent of the machine.
  if (get('KUBECONFIG') === undefined && home !== undefined && existsSync(join(home, '.kube', 'config')))
    hints.push('~/.kube/config exists');
  const credentials = ['ROX_API_TOKEN', 'ROX_API_TOKEN_FILE', 'ROX_ADMIN_PASSWORD'].filter(
    (n) => get(n) !== undefined,
  );
  if (credentials.length > 0)
    hints.push(`${credentials.join(', ')} ${credentials.length === 1 ? 'is' : 'are'} set`);
  return hints;
}

function isCi(get: (name: string) => string | undefined): boolean {
  const ci = get('CI')?.toLowerCase();
  return ci !== undefined && ci !== 'false' && ci !== '0';
}

function resolveCentral(
  get: (name: string) => string | undefined,
  nameOf: (name: string) => string,
  target: Target,
  problems: Problem[],
): CentralSettings {
  const central: CentralSettings = { insecureSkipTlsVerify: false, namespace: 'stackrox' };
  const endpointRaw = get('ROX_ENDPOINT');
  if (endpointRaw !== undefined) {
    const endpoint = normaliseEndpoint(endpointRaw);
    if (endpoint === undefined) {
      const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(endpointRaw)?.[1]?.toLowerCase();
      problems.push({
        variable: nameOf('ROX_ENDPOINT'),
        cause:
          scheme !== undefined && scheme !== 'https' && scheme !== 'http'
            ? `"${endpointRaw}" uses the scheme ${scheme}://, but Central's API is https:// (http:// only for a lab without TLS)`
            : `"${endpointRaw}" is not host:port or an https:// URL`,
        fix: 'use e.g. ROX_ENDPOINT=central-stackrox.apps.example.com:443 (as for roxctl)',
      });
    } else central.endpoint = endpoint;
  } else if (target === 'cluster') {
    problems.push({
      variable: 'ROX_ENDPOINT',
      cause: 'not set, but the target is a real cluster',
      fix: "set ROX_ENDPOINT to Central's address, e.g. $(oc -n stackrox get route central -o jsonpath={.spec.host}):443",
    });
  }

  const token = get('ROX_API_TOKEN');
  const tokenFile = get('ROX_API_TOKEN_FILE');
  const password = get('ROX_ADMIN_PASSWORD');
  if (token !== undefined) {
    central.token = token;
    central.tokenSource = 'ROX_API_TOKEN';
  } else if (tokenFile !== undefined) {
    try {
      const fromFile = readFileSync(tokenFile, 'utf8').trim();
      if (fromFile === '') throw new Error('the file is empty');
      central.token = fromFile;
      central.tokenSource = 'ROX_API_TOKEN_FILE';
    } catch (e) {
      problems.push({
        variable: 'ROX_API_TOKEN_FILE',
        cause: `cannot read a token from ${tokenFile} (${e instanceof Error ? e.message.replace(/^.*?: /, '') : String(e)})`,
        fix: 'point it at a file holding an API token (Platform Configuration -> Integrations -> API Token)',
      });
    }
  }
  if (password !== undefined) central.adminPassword = password;
  if (target === 'cluster' && token === undefined && tokenFile === undefined && password === undefined) {
    problems.push({
      variable: 'ROX_API_TOKEN',
      cause: 'no Central credentials: none of ROX_API_TOKEN, ROX_API_TOKEN_FILE, ROX_ADMIN_PASSWORD is set',
      fix: 'set ROX_API_TOKEN (an Admin API token) or ROX_ADMIN_PASSWORD (oc -n stackrox get secret central-htpasswd -o jsonpath={.data.password} | base64 -d)',
    });
  }

  const caFile = get('ROX_CA_CERT_FILE');
  if (caFile !== undefined) {
    const caProblem = pemCertificateProblem(caFile);
    if (caProblem === undefined) central.caCertFile = caFile;
    else
      problems.push({
        variable: 'ROX_CA_CERT_FILE',
        cause: caProblem,
        fix: "point it at Central's CA certificate in PEM form (-----BEGIN CERTIFICATE-----), or unset it",
      });
  }
  const serverName = get('ROX_SERVER_NAME');
  if (serverName !== undefined) {
    if (/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(serverName)) central.serverName = serverName;
    else
      problems.push({
        variable: 'ROX_SERVER_NAME',
        cause: `"${serverName}" is not a host name`,
        fix: "set it to the name in Central's certificate, e.g. ROX_SERVER_NAME=central.stackrox, or unset it",
      });
  }
  const insecure = get('ROX_INSECURE_SKIP_TLS_VERIFY');
  if (insecure !== undefined) {
    if (insecure === 'true') central.insecureSkipTlsVerify = true;
    else if (insecure !== 'false')
      problems.push({
        variable: nameOf('ROX_INSECURE_SKIP_TLS_VERIFY'),
        cause: `"${insecure}" is neither true nor false`,
        fix: 'set ROX_INSECURE_SKIP_TLS_VERIFY=true only to skip certificate checks deliberately; prefer ROX_CA_CERT_FILE',
      });
  }
  return central;
}

/** Why `path` cannot serve as a CA file (a TLS agent would fail later, less clearly), or undefined. */
function pemCertificateProblem(path: string): string | undefined {
  if (!existsSync(path)) return `file not found: ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
    return `${path} cannot be read (${code})`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----') ? undefined : `${path} holds no PEM certificate`;
}

/** host:port or URL -> base URL; https:// is assumed when there is no scheme. */
export function normaliseEndpoint(raw: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    if (url.hostname === '' || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

function urlSetting(
  get: (name: string) => string | undefined,
  name: string,
  problems: Problem[],
  what: string,
): string | undefined {
  const raw = get(name);
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:' || url.protocol === 'http:') return raw;
  } catch {
    // reported below
  }
  // The value may be a secret webhook URL: never echo it back.
  problems.push({ variable: name, cause: 'not an http(s) URL', fix: `set it to ${what}, or unset it` });
  return undefined;
}

function booleanSetting(
  get: (name: string) => string | undefined,
  name: string,
  problems: Problem[],
  fix: string,
): boolean {
  const raw = get(name);
  if (raw === undefined) return false;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  problems.push({ variable: name, cause: `"${raw}" is not 1, 0, true or false`, fix });
  return false;
}

function checkNamespace(name: string, value: string, problems: Problem[], what: string): void {
  if (!DNS_LABEL.test(value)) {
    problems.push({
      variable: name,
      cause: `"${value}" is not a valid namespace name`,
      fix: `set it to ${what}: lowercase letters, digits and dashes`,
    });
  }
}
