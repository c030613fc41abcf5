// How the harness checks Central's certificate, and the line a run prints when it does not.
import type { CentralSettings } from '../config.ts';

/** plain-http: no TLS at all; system-ca / ca-file: verified; off: ROX_INSECURE_SKIP_TLS_VERIFY=true. */
export type TlsVerification = 'plain-http' | 'system-ca' | 'ca-file' | 'off';

export function tlsVerification(
  central: Pick<CentralSettings, 'endpoint' | 'caCertFile' | 'insecureSkipTlsVerify'>,
): TlsVerification {
  if (!central.endpoint?.startsWith('https:')) return 'plain-http';
  if (central.insecureSkipTlsVerify) return 'off';
  return central.caCertFile ? 'ca-file' : 'system-ca';
}

/** One line for the run's output when verification is off; undefined otherwise. */
export function tlsVerificationNotice(
  central: Pick<CentralSettings, 'endpoint' | 'caCertFile' | 'insecureSkipTlsVerify'>,
): string | undefined {
  if (tlsVerification(central) !== 'off') return undefined;
  return `TLS verification of Central is off (ROX_INSECURE_SKIP_TLS_VERIFY=true): the certificate of ${central.endpoint} is not checked; set ROX_CA_CERT_FILE to Central's CA (PEM) and unset ROX_INSECURE_SKIP_TLS_VERIFY to verify it`;
}

const noticed = new Set<string>();

/** The default: stderr, once per endpoint and process (workers and global setup each say it once). */
export function warnOnce(line: string): void {
  if (noticed.has(line)) return;
  noticed.add(line);
  console.warn(line);
}
