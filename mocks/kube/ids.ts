// Identifiers shaped like the ones a real cluster hands out.
import { createHash, randomBytes, randomUUID } from 'node:crypto';

// k8s.io/apimachinery/pkg/util/rand: no vowels, no confusable characters.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function newUid(): string {
  return randomUUID();
}

/** Seconds-precision RFC 3339, as metav1.Time serialises. */
export function nowTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The random suffix of a generated name (`utilrand.String(5)`). */
export function randomSuffix(length = 5): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += SAFE_ALPHABET[b % SAFE_ALPHABET.length];
  return out;
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The pod-template-hash label: FNV-32a of the template, printed in decimal and each digit mapped
 * through the safe alphabet (rand.SafeEncodeString). A salt keeps it at 10 characters.
 */
export function podTemplateHash(template: unknown): string {
  const json = JSON.stringify(template);
  for (let salt = 0; ; salt++) {
    const value = fnv32a(salt === 0 ? json : `${json}#${salt}`);
    const digits = String(value);
    if (digits.length === 10) {
      let out = '';
      for (const ch of digits) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
      return out;
    }
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
