// The channel.k8s.io WebSocket subprotocols: negotiation, framing, and the status the server
// reports on the error channel, worded as the real API server (v5) and kubelet (v4 and older) do.

export interface ChannelProtocol {
  /** The negotiated Sec-WebSocket-Protocol, or '' when the client offered none. */
  name: string;
  version: 1 | 2 | 3 | 4 | 5;
  base64: boolean;
}

/** What the lab serves. The API server serves v5 (KEP-4006 translator), kubelets v4 and older. */
export const SUPPORTED_PROTOCOLS: readonly ChannelProtocol[] = [
  { name: 'v5.channel.k8s.io', version: 5, base64: false },
  { name: 'v4.channel.k8s.io', version: 4, base64: false },
  { name: 'v4.base64.channel.k8s.io', version: 4, base64: true },
  { name: 'v3.channel.k8s.io', version: 3, base64: false },
  { name: 'v2.channel.k8s.io', version: 2, base64: false },
  { name: 'channel.k8s.io', version: 1, base64: false },
  { name: 'base64.channel.k8s.io', version: 1, base64: true },
];

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

/** Splits a Sec-WebSocket-Protocol header into the offered protocols, in the client's order. */
export function offeredProtocols(header: string | string[] | undefined): string[] {
  const joined = Array.isArray(header) ? header.join(',') : (header ?? '');
  return joined
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/**
 * The first offered protocol the server supports; with no offer, the version-1 protocol without a
 * header (as wsstream does). Undefined means refuse the upgrade.
 */
export function negotiate(offered: readonly string[]): ChannelProtocol | undefined {
  if (offered.length === 0) return { name: '', version: 1, base64: false };
  for (const name of offered) {
    const match = SUPPORTED_PROTOCOLS.find((p) => p.name === name);
    if (match) return match;
  }
  return undefined;
}

/** A server->client frame: the channel byte, then the payload (base64 protocols: '1' + base64 text). */
export function encodeFrame(
  protocol: ChannelProtocol,
  channel: number,
  payload: string | Buffer,
): Buffer | string {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  if (protocol.base64) return String.fromCharCode(48 + channel) + data.toString('base64');
  return Buffer.concat([Buffer.from([channel]), data]);
}

/** A client->server frame as channel + payload, or undefined when it is empty or malformed. */
export function decodeFrame(
  protocol: ChannelProtocol,
  data: Buffer,
  isBinary: boolean,
): { channel: number; payload: Buffer } | undefined {
  if (data.length === 0) return undefined;
  if (protocol.base64 && !isBinary) {
    const text = data.toString('latin1');
    const channel = text.charCodeAt(0) - 48;
    if (channel < 0 || channel > 9) return undefined;
    return { channel, payload: Buffer.from(text.slice(1), 'base64') };
  }
  return { channel: data[0]!, payload: data.subarray(1) };
}

/** A resize message's size; keys are matched case-insensitively. Undefined when not a valid size. */
export function parseResize(payload: Buffer): { cols: number; rows: number } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let cols: unknown;
  let rows: unknown;
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === 'width') cols = v;
    if (key.toLowerCase() === 'height') rows = v;
  }
  const valid = (n: unknown): n is number =>
    typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
  return valid(cols) && valid(rows) ? { cols, rows } : undefined;
}

/** The result of an exec, before it is worded for a protocol. */
export type ExecOutcome =
  | { kind: 'exited'; code: number }
  /** The runtime could not start argv[0]; error is the runtime's message. */
  | { kind: 'startFailed'; error: string };

interface StatusCause {
  reason?: string;
  message: string;
}

/** metav1.Status as Go's encoding/json writes it (field order and omitempty included). */
interface Status {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: StatusCause[] };
  code?: number;
}

/**
 * The status written on channel 3, or undefined when nothing is written (success before v4).
 * v4+: JSON Status. Older: the error's text. v5 goes through the API server's translator, which
 * re-wraps the kubelet's error: hence the different messages.
 */
export function statusMessage(
  protocol: ChannelProtocol,
  command: readonly string[],
  outcome: ExecOutcome,
): string | undefined {
  const status = buildStatus(protocol, command, outcome);
  if (protocol.version >= 4) return JSON.stringify(status);
  return status.status === 'Success' ? undefined : (status.message ?? '');
}

function buildStatus(protocol: ChannelProtocol, command: readonly string[], outcome: ExecOutcome): Status {
  const viaTranslator = protocol.version === 5;
  if (outcome.kind === 'exited') {
    if (outcome.code === 0) return { metadata: {}, status: 'Success' };
    const exitError = viaTranslator
      ? `command terminated with exit code ${outcome.code}`
      : `error executing command [${command.join(' ')}], exit code ${outcome.code}`;
    return {
      metadata: {},
      status: 'Failure',
      message: `command terminated with non-zero exit code: ${exitError}`,
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(outcome.code) }] },
    };
  }
  const kubeletError = `Internal error occurred: ${outcome.error}`;
  const cause = viaTranslator ? kubeletError : outcome.error;
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ message: cause }] },
    code: 500,
  };
}

/** The JSON Status of a refused upgrade (no offered subprotocol is supported). */
export function refusalBody(offered: readonly string[]): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message:
      `requested protocol(s) are not supported: [${offered.join(' ')}]; ` +
      `supports [${SUPPORTED_PROTOCOLS.map((p) => p.name).join(' ')}]`,
    reason: 'Forbidden',
    code: 403,
  });
}
