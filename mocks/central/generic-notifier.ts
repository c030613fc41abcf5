// The Generic Webhook notifier (type `generic`): validation, endpoint rules, scrubbing, the exact
// bodies and headers Central sends, and delivery with 503 retries. Facts:
// ../shared/reference/generic-webhook.md; source stackrox/central/notifiers/generic/generic.go.
import { type CentralError, errorList, invalidArgs } from './errors.ts';

export interface KeyValue {
  key: string;
  value: string;
}

/** storage.Generic, protojson names (stackrox/proto/storage/notifier.proto). */
export interface GenericConfig {
  endpoint: string;
  skipTLSVerify: boolean;
  caCert: string;
  username: string;
  password: string;
  headers: KeyValue[];
  extraFields: KeyValue[];
  auditLoggingEnabled: boolean;
}

/** EmitUnpopulated shape: every field present (stackrox/pkg/grpc/server.go). */
export function completeGenericConfig(partial: Partial<GenericConfig> | undefined): GenericConfig {
  return {
    endpoint: partial?.endpoint ?? '',
    skipTLSVerify: partial?.skipTLSVerify ?? false,
    caCert: partial?.caCert ?? '',
    username: partial?.username ?? '',
    password: partial?.password ?? '',
    headers: (partial?.headers ?? []).map((h) => ({ key: h.key ?? '', value: h.value ?? '' })),
    extraFields: (partial?.extraFields ?? []).map((f) => ({ key: f.key ?? '', value: f.value ?? '' })),
    auditLoggingEnabled: partial?.auditLoggingEnabled ?? false,
  };
}

export const LOCAL_ENDPOINT_MESSAGE = 'endpoint cannot reference localhost';

/**
 * stackrox/pkg/endpoints/validate.go (`nolocalendpoint`) looks at the host *string*: localhost,
 * loopback IPs, the cloud metadata address and name. It does not resolve names, so a lab host name
 * that the lab itself maps to 127.0.0.1 (see `labHostAddress`) passes, as it would on a real Central.
 */
export function isLocalEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(formatEndpoint(endpoint)).hostname.toLowerCase();
  } catch {
    return false;
  }
  const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (bare === '169.254.169.254' || bare === 'metadata.google.internal') return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(bare)) return true;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f)/.test(bare)) return true;
  return false;
}

/**
 * stackrox pkg/urlfmt/url.go FormatURL(endpoint, HTTPS, HonorInputSlash), as generic.go calls it:
 * https:// unless the string starts with "http" (case-sensitive); the path and slashes are kept.
 */
export function formatEndpoint(endpoint: string): string {
  return endpoint.startsWith('http') ? endpoint : `https://${endpoint}`;
}

/**
 * generic.go Validate ("Generic webhook validation"). `settingPassword` is false when an update
 * reuses the stored password (updatePassword:false), where the username/password pair is not checked.
 */
export function validateGenericConfig(
  config: GenericConfig,
  settingPassword: boolean,
): CentralError | undefined {
  const errors: string[] = [];
  if (!config.endpoint) errors.push('endpoint is required');
  if (settingPassword && (config.username === '') !== (config.password === '')) {
    errors.push('both username and password must be defined together');
  }
  if (config.headers.some((h) => !h.key || !h.value))
    errors.push('all headers must have both a key and a value');
  if (config.extraFields.some((f) => !f.key || !f.value)) {
    errors.push('all extra fields must have both a key and a value');
  }
  const list = errorList('Generic webhook validation', errors);
  if (list !== undefined) return invalidArgs(`failed to validate Generic config: ${list}`);
  if (isLocalEndpoint(config.endpoint)) return invalidArgs(LOCAL_ENDPOINT_MESSAGE);
  return undefined;
}

export const SCRUBBED = '******';

/** stackrox/pkg/secrets/scrub.go: only `password` is scrub:"always", even when empty; headers stay clear. */
export function scrubGenericConfig(config: GenericConfig): GenericConfig {
  return { ...structuredClone(config), password: SCRUBBED };
}

/** Go encoding/json: like JSON.stringify, plus HTML-safe escapes and U+2028/2029 (encode.go). */
export function goJsonString(value: string): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** generic.go: `{"alert": X}`, or the sorted extra-field object minus `}` then `,"alert": X}`. */
export function genericBody(alertCompactJson: string, extraFields: KeyValue[], key = 'alert'): string {
  if (extraFields.length === 0) return `{"${key}": ${alertCompactJson}}`;
  // json.Marshal of a map[string]string: later duplicates win, keys sorted by bytes.
  const fields = new Map<string, string>();
  for (const f of extraFields) fields.set(f.key, f.value);
  const keys = [...fields.keys()].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1));
  const object = `{${keys.map((k) => `${goJsonString(k)}:${goJsonString(fields.get(k) ?? '')}`).join(',')}}`;
  return `${object.slice(0, -1)},"${key}": ${alertCompactJson}}`;
}

/** generic.go Test: the fixed test alert. */
export const TEST_ALERT_JSON =
  '{"id":"testalert","policy":{"name":"This is a test message created to test integration with StackRox."}}';

/** net/textproto CanonicalMIMEHeaderKey: unchanged when the key holds a byte outside token chars. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key
    .split('-')
    .map((part) => (part ? part.charAt(0).toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');
}

/**
 * generic.go postMessage: Content-Type, then Header.Add per custom header, then SetBasicAuth
 * (Header.Set, so it replaces any custom Authorization) when the username is set.
 * The result keeps Go's insertion order per name; Go writes names sorted on the wire.
 */
export function genericHeaders(config: GenericConfig): [string, string][] {
  const headers: [string, string][] = [['Content-Type', 'application/json']];
  for (const h of config.headers) headers.push([canonicalHeaderKey(h.key), h.value]);
  if (config.username) {
    const basic = Buffer.from(`${config.username}:${config.password}`).toString('base64');
    return [...headers.filter(([name]) => name !== 'Authorization'), ['Authorization', `Basic ${basic}`]];
  }
  return headers;
}

/** ROX_WEBHOOK_TIMEOUT default (stackrox/pkg/env/notifiers.go). */
export const GENERIC_TIMEOUT_MS = 5_000;
/** stackrox/pkg/notifiers/common.go + pkg/retry: 3 tries, only 503 retried, sleeps 100 ms then 400 ms. */
export const GENERIC_RETRY_DELAYS_MS = [100, 400];
const GENERIC_TRIES = 3;

export interface GenericDelivery {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
  attempts: number;
}

/**
 * The lab's name lookup: host names under `.lab.internal` resolve to 127.0.0.1 inside the lab only.
 * Real Central validates the host string (pkg/endpoints/validate.go) and resolves with DNS later, so
 * a lab name passes the loopback refusal exactly like a cluster-internal service name would.
 */
export const LAB_HOST_SUFFIX = '.lab.internal';
export function labHostAddress(url: URL): URL {
  if (!url.hostname.endsWith(LAB_HOST_SUFFIX)) return url;
  const mapped = new URL(url.href);
  mapped.hostname = '127.0.0.1';
  return mapped;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One POST with Go's client headers; never throws. TLS options: see the reference §4 (caCert via NODE_EXTRA_CA_CERTS is a guess-level stand-in, not wired here). */
async function postOnce(endpoint: string, body: string, headers: [string, string][], timeoutMs: number) {
  const target = labHostAddress(new URL(formatEndpoint(endpoint)));
  const wire = new Headers();
  for (const [name, value] of headers) wire.append(name, value);
  wire.set('User-Agent', 'Go-http-client/1.1');
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: wire,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { ok: response.status >= 200 && response.status <= 299, status: response.status, body: text };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') {
      return {
        ok: false,
        error: `context deadline exceeded (Client.Timeout exceeded after ${timeoutMs} ms)`,
      };
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function postGeneric(
  config: GenericConfig,
  body: string,
  options: { timeoutMs?: number; retryDelaysMs?: number[] } = {},
): Promise<GenericDelivery> {
  const delays = options.retryDelaysMs ?? GENERIC_RETRY_DELAYS_MS;
  const headers = genericHeaders(config);
  for (let attempt = 1; ; attempt++) {
    const result = await postOnce(config.endpoint, body, headers, options.timeoutMs ?? GENERIC_TIMEOUT_MS);
    if (result.status !== 503 || attempt >= GENERIC_TRIES) return { ...result, attempts: attempt };
    await sleep(delays[attempt - 1] ?? delays.at(-1) ?? 0);
  }
}

/** The Test: TEST_ALERT_JSON with the same headers, auth, extra fields and retries. */
export function sendGenericTest(
  config: GenericConfig,
  options?: { timeoutMs?: number; retryDelaysMs?: number[] },
) {
  return postGeneric(config, genericBody(TEST_ALERT_JSON, config.extraFields), options);
}

/** service_impl.go TestUpdatedNotifier: the cause stays in the log, not in the answer (HTTP 400). */
export const TEST_FAILED_MESSAGE = 'send test message failed';
