// The SPDY/3.1 upgrade negotiation of a remotecommand (exec) request, before any framing.
// Sources: k8s.io/apimachinery pkg/util/httpstream/httpstream.go `Handshake` (first client protocol the
// server supports; none common: 403 with X-Accepted-Stream-Protocol-Versions and a plain-text body),
// pkg/util/httpstream/spdy/upgrade.go `UpgradeResponse` (400 "missing upgrade headers in request");
// kubelet pkg/cri/streaming/remotecommand/httpstream.go (supported protocols, v5 over SPDY acts as v4);
// reference real-cluster.md section 10.
import type { IncomingMessage } from 'node:http';

export const SPDY_SERVER_PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
] as const;

export type SpdyNegotiation =
  | { ok: true; protocol: string }
  | { ok: false; code: 400 | 403; headers: Record<string, string[]>; body: string };

/** The client's offered protocols, one X-Stream-Protocol-Version header each (or comma-joined). */
function offered(req: IncomingMessage): string[] {
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i]?.toLowerCase() === 'x-stream-protocol-version')
      raw.push(req.rawHeaders[i + 1] ?? '');
  }
  return raw
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function negotiateSpdy(req: IncomingMessage): SpdyNegotiation {
  const client = offered(req);
  // Handshake runs first; with no header at all it accepts the legacy (unversioned) protocol.
  let protocol = '';
  if (client.length > 0) {
    const chosen = client.find((p) => (SPDY_SERVER_PROTOCOLS as readonly string[]).includes(p));
    if (chosen === undefined) {
      return {
        ok: false,
        code: 403,
        headers: { 'X-Accepted-Stream-Protocol-Versions': [...SPDY_SERVER_PROTOCOLS] },
        // Go's %v of a []string: space-separated in brackets.
        body: `unable to upgrade: unable to negotiate protocol: client supports [${client.join(' ')}], server accepts [${SPDY_SERVER_PROTOCOLS.join(' ')}]\n`,
      };
    }
    protocol = chosen;
  }
  const connection = (req.headers.connection ?? '').toLowerCase();
  const upgrade = (req.headers.upgrade ?? '').toLowerCase();
  if (!connection.includes('upgrade') || upgrade !== 'spdy/3.1') {
    // Real text ends with Go's %#v of the request headers; the lab prints them as JSON (guess at the form).
    return {
      ok: false,
      code: 400,
      headers: {},
      body: `unable to upgrade: missing upgrade headers in request: ${JSON.stringify(req.headers)}\n`,
    };
  }
  return { ok: true, protocol };
}
