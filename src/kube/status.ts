// Turns what @kubernetes/client-node throws (ApiException with a raw text body, undici network
// errors) into the API server's Status object and a network-failure classification.

export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: { reason?: string; message?: string; field?: string }[];
  };
}

export interface ApiFailure {
  /** HTTP status code, when the server answered. */
  httpCode?: number;
  status?: KubeStatus;
  /** Network error code such as ECONNREFUSED, ENOTFOUND, ETIMEDOUT, or a TLS code. */
  networkCode?: string;
  message: string;
  headers?: Record<string, string>;
}

export function apiFailure(e: unknown): ApiFailure {
  // Only an ApiException's numeric code is an HTTP status: an aborted request's DOMException
  // (TimeoutError, code 23) has one too.
  const code = e !== null && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'number' && code >= 100 && code <= 599 && !isDomException(e)) {
    const ex = e as { code: number; body?: unknown; headers?: Record<string, string> };
    const status = parseStatus(ex.body);
    const failure: ApiFailure = {
      httpCode: ex.code,
      message:
        status?.message ?? (typeof ex.body === 'string' && ex.body !== '' ? ex.body : `HTTP ${ex.code}`),
    };
    if (status !== undefined) failure.status = status;
    if (ex.headers !== undefined) failure.headers = ex.headers;
    return failure;
  }
  const networkCode = findNetworkCode(e);
  const failure: ApiFailure = { message: innermostMessage(e) };
  if (networkCode !== undefined) failure.networkCode = networkCode;
  return failure;
}

function isDomException(e: unknown): boolean {
  return typeof DOMException !== 'undefined' && e instanceof DOMException;
}

export function parseStatus(body: unknown): KubeStatus | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (value !== null && typeof value === 'object' && ('status' in value || 'message' in value)) {
    return value as KubeStatus;
  }
  return undefined;
}

function findNetworkCode(e: unknown): string | undefined {
  let current: unknown = e;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const name = (current as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return 'ETIMEDOUT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function innermostMessage(e: unknown): string {
  let current: unknown = e;
  let message = String(e);
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const m = (current as { message?: unknown }).message;
    if (typeof m === 'string' && m !== '') message = m;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

/** The API server's `Warning: 299 - "..."` headers as plain texts. */
export function parseWarnings(headers: Record<string, string> | undefined): string[] {
  if (headers === undefined) return [];
  const raw = Object.entries(headers)
    .filter(([k]) => k.toLowerCase() === 'warning')
    .map(([, v]) => v)
    .join(', ');
  const out: string[] = [];
  for (const m of raw.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) {
    out.push((m[1] ?? '').replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** Field paths named by a strict field validation failure, e.g. ['spec.SORTName']. */
export function unknownFieldsOf(message: string): string[] {
  const fields = new Set<string>();
  for (const m of message.matchAll(/unknown field "([^"]+)"/g)) if (m[1]) fields.add(m[1]);
  // Server-side apply phrases it differently: ".spec.SORTName: field not declared in schema".
  for (const m of message.matchAll(/\.?([A-Za-z0-9_.[\]]+): field not declared in schema/g)) {
    if (m[1]) fields.add(m[1].replace(/^\./, ''));
  }
  return [...fields];
}
