// Throwaway certificates for the lab's HTTPS sides. The Kubernetes API's is self-signed. kubectl only sends kubeconfig
// credentials over TLS (client-go drops them for http:// servers), so the lab must speak HTTPS;
// clients use `insecure-skip-tls-verify: true`. Node can sign but not build X.509, hence this DER.
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const sequence = (...c: Buffer[]) => tlv(0x30, ...c);
const set = (...c: Buffer[]) => tlv(0x31, ...c);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [(parts[0] ?? 0) * 40 + (parts[1] ?? 0)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}

function name(subject: CertificateName): Buffer {
  const rdn = (type: string, value: string) =>
    set(sequence(oid(type), tlv(0x0c, Buffer.from(value, 'utf8'))));
  return sequence(
    ...(subject.ou === undefined ? [] : [rdn('2.5.4.11', subject.ou)]),
    rdn('2.5.4.3', subject.cn),
  );
}

export interface CertificateName {
  cn: string;
  ou?: string;
}

export interface SelfSignedCertificate {
  cert: string;
  key: string;
}

interface IssueOptions {
  subject: CertificateName;
  /** Signed by this CA; self-signed when absent. */
  issuer?: { name: CertificateName; key: KeyObject };
  dnsNames: string[];
  ipAddresses: number[][];
  isCa: boolean;
}

function issue(options: IssueOptions): SelfSignedCertificate & { privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
  const serial = randomBytes(16);
  // Positive and without a leading zero byte: DER integers must be minimal (else "illegal padding").
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const now = Date.now();
  const altNames = [
    ...options.dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...options.ipAddresses.map((ip) => tlv(0x87, Buffer.from(ip))),
  ];
  const basicConstraints = options.isCa
    ? sequence(
        oid('2.5.29.19'),
        tlv(0x01, Buffer.from([0xff])),
        tlv(0x04, sequence(tlv(0x01, Buffer.from([0xff])))),
      )
    : sequence(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, sequence()));
  const extensions = tlv(
    0xa3,
    sequence(
      ...(altNames.length === 0 ? [] : [sequence(oid('2.5.29.17'), tlv(0x04, sequence(...altNames)))]),
      basicConstraints,
    ),
  );
  const issuerName = options.issuer?.name ?? options.subject;
  const tbs = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    ecdsaWithSha256,
    name(issuerName),
    sequence(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name(options.subject),
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, options.issuer?.key ?? privateKey);
  const der = sequence(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64.trimEnd()}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
  };
}

/** A self-signed certificate for localhost and 127.0.0.1 (the lab's Kubernetes API server). */
export function selfSignedCertificate(commonName = 'kube-apiserver'): SelfSignedCertificate {
  const { cert, key } = issue({
    subject: { cn: commonName },
    dnsNames: ['localhost'],
    ipAddresses: [[127, 0, 0, 1]],
    isCa: false,
  });
  return { cert, key };
}

export interface ServiceCertificate extends SelfSignedCertificate {
  /** The CA that signed `cert`: what ROX_CA_CERT_FILE holds. */
  caCert: string;
}

/**
 * Central's own service certificate, as the default passthrough route shows it to a client: issued by
 * the `StackRox Certificate Authority` (stackrox pkg/mtls/defs.go ServiceCACommonName) with subject
 * `CENTRAL_SERVICE: Central`, OU `CENTRAL_SERVICE` (pkg/mtls/cn.go) and only the service names
 * central.<ns> and central.<ns>.svc (pkg/mtls/crypto.go, AllHostnamesForNamespace), so the address the
 * lab is reached on (127.0.0.1, like a route host) is not in it.
 */
export function stackroxServiceCertificate(namespace = 'stackrox'): ServiceCertificate {
  const names = [...new Set(['stackrox', namespace])].flatMap((ns) => [`central.${ns}`, `central.${ns}.svc`]);
  return issuedCertificate({
    caName: 'StackRox Certificate Authority',
    subject: { cn: 'CENTRAL_SERVICE: Central', ou: 'CENTRAL_SERVICE' },
    dnsNames: names,
  });
}

/** A fresh CA and a leaf it signed for `dnsNames`. */
export function issuedCertificate(options: {
  caName: string;
  subject: CertificateName;
  dnsNames: string[];
}): ServiceCertificate {
  const caName = { cn: options.caName };
  const ca = issue({ subject: caName, dnsNames: [], ipAddresses: [], isCa: true });
  const leaf = issue({
    subject: options.subject,
    issuer: { name: caName, key: ca.privateKey },
    dnsNames: options.dnsNames,
    ipAddresses: [],
    isCa: false,
  });
  return { cert: leaf.cert, key: leaf.key, caCert: ca.cert };
}
