// When a delegated Graph token expires, from its JWT `exp` claim (RFC 7519 section 4.1.4: seconds
// since the epoch), only to explain a 401. Microsoft asks clients to treat access tokens as opaque and
// says a token may not be a decodable JWT (learn.microsoft.com/entra/identity-platform/access-tokens):
// then the expiry is unknown and the 401 is reported as it came. The token itself is never printed.

/** The token's expiry in ms since the epoch, or undefined when it is not a JWT with a numeric exp. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** "3 d 4 h", "2 h 5 min", "40 s": how long ago, for an error text. */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}
