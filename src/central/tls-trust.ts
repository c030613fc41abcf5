// Which Central certificates the harness trusts: what roxctl trusts (stackrox roxctl/common/tls.go,
// pkg/clientconn/client.go TLSConfig), so a run that works with roxctl works here.
import { readFileSync } from 'node:fs';
import { checkServerIdentity, type PeerCertificate, rootCertificates } from 'node:tls';
import type { CentralSettings } from '../config.ts';

/** The name in every Central service certificate (stackrox pkg/mtls CentralSubject.Hostname()). */
export const CENTRAL_SERVICE_NAME = 'central.stackrox';
const SERVICE_CA_CN = 'StackRox Certificate Authority';

export interface CentralTlsOptions {
  rejectUnauthorized: boolean;
  ca?: string[];
  servername?: string;
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

export function centralTlsOptions(
  central: Pick<CentralSettings, 'caCertFile' | 'insecureSkipTlsVerify' | 'serverName'>,
): CentralTlsOptions {
  return {
    rejectUnauthorized: !central.insecureSkipTlsVerify,
    // roxctl appends ROX_CA_CERT_FILE to the system pool (getCertPool); Node's `ca` would replace it.
    ...(central.caCertFile ? { ca: [...systemRoots(), readFileSync(central.caCertFile, 'utf8')] } : {}),
    ...(central.serverName ? { servername: central.serverName } : {}),
    checkServerIdentity: withServiceCertFallback,
  };
}

/** Node's bundled roots plus NODE_EXTRA_CA_CERTS, which an explicit `ca` list would otherwise drop. */
function systemRoots(): string[] {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra === undefined || extra === '') return [...rootCertificates];
  try {
    return [...rootCertificates, readFileSync(extra, 'utf8')];
  } catch {
    return [...rootCertificates];
  }
}

/**
 * Behind the default passthrough route, the client sees Central's service certificate, which names
 * central.stackrox but not the route host. roxctl then verifies the leaf again for central.stackrox
 * (pkg/clientconn/service_cert_fallback_verifier.go); the chain was already verified against the pool.
 */
function withServiceCertFallback(host: string, cert: PeerCertificate): Error | undefined {
  const error = checkServerIdentity(host, cert);
  if (error === undefined || !isCentralServiceCertificate(cert)) return error;
  return checkServerIdentity(CENTRAL_SERVICE_NAME, cert) === undefined ? undefined : error;
}

/** isServiceCert in service_cert_fallback_verifier.go: issued by the StackRox CA to CENTRAL_SERVICE. */
function isCentralServiceCertificate(cert: PeerCertificate): boolean {
  if (cert.issuer?.CN !== SERVICE_CA_CN) return false;
  return cert.subject?.CN === 'CENTRAL_SERVICE: Central' || cert.subject?.OU === 'CENTRAL_SERVICE';
}
