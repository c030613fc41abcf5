// What the browser of the console steps may trust: exactly what the API client trusts. Chromium has
// its own roots (no ROX_CA_CERT_FILE, no roxctl service-certificate fallback, no ROX_SERVER_NAME), so
// the harness verifies Central's certificate with the API client's rules (tls-trust.ts) and then lets
// Chromium accept that one leaf key and nothing else:
// `--ignore-certificate-errors-spki-list=<base64 SHA-256 of the SPKI>` ignores certificate errors only
// for chains holding a key from the list (chromium services/network/public/cpp/network_switches.cc,
// kIgnoreCertificateErrorsSPKIList; it needs --user-data-dir, which Playwright always passes).
import { createHash, X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { CentralSettings } from '../config.ts';
import { HarnessError } from '../errors.ts';
import { transportError } from './http.ts';
import { centralTlsOptions } from './tls-trust.ts';

export type BrowserTrust =
  /** Central over plain HTTP: nothing to verify. */
  | { kind: 'plain' }
  /** The API client verified this leaf; the browser accepts its key (RFC 7469 SPKI fingerprint). */
  | { kind: 'verified'; spkiSha256: string }
  /** ROX_INSECURE_SKIP_TLS_VERIFY=true: the API client verifies nothing, nor does the browser. */
  | { kind: 'skip-verify' };

/** RFC 7469 section 2.4: base64 of the SHA-256 of the DER SubjectPublicKeyInfo. */
export function spkiSha256(certificateDer: Buffer): string {
  const spki = new X509Certificate(certificateDer).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

/**
 * Connects to Central as the API client does (same TLS options, same SNI) and returns what the
 * browser may trust; a certificate the API client refuses is the API client's CENTRAL_TLS error.
 */
export async function centralBrowserTrust(
  central: CentralSettings,
  timeoutMs = 15_000,
): Promise<BrowserTrust> {
  const endpoint = central.endpoint;
  if (endpoint === undefined || !endpoint.startsWith('https:')) return { kind: 'plain' };
  if (central.insecureSkipTlsVerify) return { kind: 'skip-verify' };
  const what = `Verifying Central's certificate for the browser (ROX_ENDPOINT=${endpoint})`;
  const agent = new https.Agent({ ...centralTlsOptions(central), keepAlive: false });
  try {
    const der = await new Promise<Buffer>((resolve, reject) => {
      const req = https.request(new URL('/v1/ping', endpoint), { method: 'GET', agent }, (res) => {
        const leaf = (res.socket as TLSSocket).getPeerCertificate();
        res.resume();
        if (leaf?.raw) resolve(leaf.raw);
        else reject(new Error('the TLS session showed no peer certificate'));
      });
      req.setTimeout(timeoutMs, () =>
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end();
    });
    return { kind: 'verified', spkiSha256: spkiSha256(der) };
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    throw transportError(e instanceof Error ? e : new Error(String(e)), what, endpoint, central);
  } finally {
    agent.destroy();
  }
}
