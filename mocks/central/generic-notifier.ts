// The Generic Webhook notifier (type `generic`): validation, endpoint rules, scrubbing, the exact
// bodies and headers Central sends, and delivery with 503 retries. Facts:
// ../shared/reference/generic-webhook.md; source stackrox/central/notifiers/generic/generic.go.
import { X509Certificate } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { KeyValuePair as KeyValue } from '../../types/rhacs.ts';
import type { GenericConfig } from '../console/client/generic-webhook-config.ts';
import { type CentralError, errorList, invalidArgs } from './errors.ts';

// The field list is shared with the console's form (one source, served to the browser from there).
export {
  completeGenericConfig,
  type GenericConfig,
} from '../console/client/generic-webhook-config.ts';

export const LOCAL_ENDPOINT_MESSAGE = 'endpoint cannot reference localhost';
export const METADATA_ENDPOINT_MESSAGE = 'endpoint cannot reference the cluster metadata service';

/**
 * stackrox/pkg/endpoints/validate.go ValidateEndpoints (`validate:"nolocalendpoint"` on
 * Generic.endpoint): parses "http://" + TrimHTTPPrefixes(endpoint) and looks at the host *string*:
 * exactly "localhost", an IP that net.IP.IsLoopback, 169.254.169.254 or metadata.google.internal.
 * It does not resolve names, so a lab host name that the lab maps to 127.0.0.1 (`labHostAddress`)
 * passes, as a cluster-internal service name would on a real Central.
 */
export function endpointRefusal(endpoint: string): string | undefined {
  if (endpoint === '') return undefined;
  const bare = goHostname(endpoint.replace(/^http:\/\//, '').replace(/^https:\/\//, ''));
  if (bare === 'localhost') return LOCAL_ENDPOINT_MESSAGE;
  if (isLoopbackIp(bare)) return LOCAL_ENDPOINT_MESSAGE;
  if (bare === '169.254.169.254' || bare === 'metadata.google.internal') return METADATA_ENDPOINT_MESSAGE;
  return undefined;
}

/** Go url.URL.Hostname() of "http://" + rest: no lower-casing, no IPv4 shorthand expansion. */
function goHostname(rest: string): string {
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']') < 0 ? undefined : host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Go net.IP.IsLoopback: 127.0.0.0/8 (also IPv4-mapped) and ::1. */
function isLoopbackIp(host: string): boolean {
  const v4 = /^(?:::ffff:)?(\d+)\.\d+\.\d+\.\d+$/i.exec(host);
  if (v4) return v4[1] === '127';
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/i.test(host)) return true;
  return host === '::1' || /^(0{1,4}:){7}0{0,3}1$/.test(host);
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
  // generic.go NewGeneric: x509 CertPool.AppendCertsFromPEM must take at least one certificate.
  if (config.caCert && !parsesAsPem(config.caCert))
    return invalidArgs('could not add CA Cert passed in configuration');
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
  /** Every try that got no 2xx: Central logs each one (pkg/notifiers/common.go). */
  failures: { status?: number; body?: string; error?: string }[];
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

function parsesAsPem(pem: string): boolean {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.some((block) => {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One POST with Go's client headers; never throws. TLS as generic.go NewGeneric builds it: the
 * system roots plus `caCert`, verification off with `skipTLSVerify`; an http:// endpoint uses none.
 * The TLS server name stays the endpoint's host even when the lab maps it to 127.0.0.1.
 */
function postOnce(
  config: GenericConfig,
  body: string,
  headers: [string, string][],
  timeoutMs: number,
): Promise<{ ok: boolean; status?: number; body?: string; error?: string }> {
  const url = new URL(formatEndpoint(config.endpoint));
  const target = labHostAddress(url);
  const https = url.protocol === 'https:';
  const wire: Record<string, string | string[]> = { Host: url.host };
  for (const [name, value] of headers) {
    const previous = wire[name];
    wire[name] = previous === undefined ? value : [previous, value].flat();
  }
  wire['User-Agent'] = 'Go-http-client/1.1';
  wire['Content-Length'] = String(Buffer.byteLength(body));
  wire['Accept-Encoding'] = 'gzip';
  return new Promise((resolve) => {
    const options = {
      method: 'POST',
      headers: wire,
      timeout: timeoutMs,
      ...(https
        ? {
            servername: url.hostname,
            ca: config.caCert ? [...rootCertificates, config.caCert] : undefined,
            rejectUnauthorized: !config.skipTLSVerify,
          }
        : {}),
    };
    const req = (https ? httpsRequest : httpRequest)(target, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status <= 299, status, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (error) => resolve({ ok: false, error: error.message }));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({
        ok: false,
        error: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      });
    });
    req.on('error', (error) => resolve({ ok: false, error: error.message }));
    req.end(body);
  });
}

/** stackrox/pkg/notifiers/common.go + pkg/retry: 3 tries, only 503 retried, sleeps 100 ms then 400 ms. */
export async function postGeneric(
  config: GenericConfig,
  body: string,
  options: { timeoutMs?: number; retryDelaysMs?: number[] } = {},
): Promise<GenericDelivery> {
  const delays = options.retryDelaysMs ?? GENERIC_RETRY_DELAYS_MS;
  const headers = genericHeaders(config);
  const failures: GenericDelivery['failures'] = [];
  for (let attempt = 1; ; attempt++) {
    const { ok, ...answer } = await postOnce(config, body, headers, options.timeoutMs ?? GENERIC_TIMEOUT_MS);
    if (!ok) failures.push(answer);
    if (answer.status !== 503 || attempt >= GENERIC_TRIES)
      return { ok, ...answer, attempts: attempt, failures };
    await sleep(delays[attempt - 1] ?? delays.at(-1) ?? 0);
  }
}

/**
 * pkg/jsonutil/proto.go MarshalToCompactString: protojson without EmitUnpopulated leaves zero
 * scalars, empty lists and maps and unset messages out. The lab holds alerts as plain JSON, so a
 * set-but-empty message is left out too (a guess: the lab's alerts have none).
 */
export function compactProtoJson(value: unknown): string {
  return JSON.stringify(prune(value) ?? {});
}

/** Enum fields of the alert and its policy whose zero value is a name (proto/storage/*.proto). */
const ZERO_ENUMS: Record<string, string> = {
  state: 'ACTIVE',
  lifecycleStage: 'DEPLOY',
  severity: 'UNSET_SEVERITY',
  eventSource: 'NOT_APPLICABLE',
  booleanOperator: 'OR',
  action: 'UNSET_ENFORCEMENT',
  entityType: 'UNSET',
};

function prune(value: unknown, key = ''): unknown {
  if (value === null || value === undefined || value === '' || value === 0 || value === false)
    return undefined;
  if (typeof value === 'string' && ZERO_ENUMS[key] === value) return undefined;
  if (Array.isArray(value)) {
    const items = value.map((v) => prune(v) ?? (typeof v === 'object' ? {} : v));
    return items.length === 0 ? undefined : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const kept = prune(v, k);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value;
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
