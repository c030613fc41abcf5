// Secrets never reach console output, reports or attachments: every string the harness prints or
// attaches goes through redact() / redactDeep().

const MASK = '***';

interface Rule {
  pattern: RegExp;
  replace: string;
}

const RULES: Rule[] = [
  // Slack app incoming webhook: /services/T…/B…/<secret>
  { pattern: /(\/services\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/)[A-Za-z0-9_-]+/g, replace: `$1${MASK}` },
  // Slack workflow trigger: /triggers/T…/<id>/<secret> (team ids start with T; Teams flows use /triggers/manual/)
  { pattern: /(\/triggers\/T[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\/)[A-Za-z0-9_-]+/g, replace: `$1${MASK}` },
  // Teams Workflows (Power Automate) signature and legacy connector URLs.
  { pattern: /([?&](?:amp;)?sig=)[A-Za-z0-9_%.~-]*[A-Za-z0-9_%~-]/gi, replace: `$1${MASK}` },
  { pattern: /(\/IncomingWebhook\/)[^\s"'<>?#]+/g, replace: `$1${MASK}` },
  { pattern: /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, replace: `$1${MASK}` },
  { pattern: /\b(Basic\s+)[A-Za-z0-9+/=._~-]+/gi, replace: `$1${MASK}` },
  { pattern: /\bxox[abposre]-[A-Za-z0-9-]+/g, replace: `xox?-${MASK}` },
  { pattern: /\bsha256~[A-Za-z0-9_-]+/g, replace: `sha256~${MASK}` },
  // Credentials embedded in URLs: scheme://user:password@host
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+@/gi, replace: `$1${MASK}@` },
];

/** Removes the given secrets and every known token/webhook-secret shape from free text. */
export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  for (const secret of uniqueSecrets(secrets)) {
    for (const form of secretForms(secret)) out = out.split(form).join(MASK);
  }
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace);
  return out;
}

/** A webhook URL safe to print: scheme, host and the non-secret path segments remain. */
export function redactUrl(url: string, secrets: string[] = []): string {
  return redact(url, secrets);
}

const SECRET_KEY = /(password|passwd|secret|token|authorization|cookie|apikey|api_key)$/i;

/** A deep copy with secret-named fields masked and every string redacted. */
export function redactDeep<T>(value: T, secrets: string[] = []): T {
  return walk(value, secrets, undefined) as T;
}

function walk(value: unknown, secrets: string[], key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && SECRET_KEY.test(key) && value !== '') return MASK;
    return redact(value, secrets);
  }
  if (Array.isArray(value)) return value.map((item) => walk(item, secrets, undefined));
  if (value instanceof Date) return new Date(value.getTime());
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, secrets, k);
    return out;
  }
  return value;
}

function uniqueSecrets(secrets: string[]): string[] {
  // Very short values would mask unrelated text; longest first so overlapping secrets mask fully.
  return [...new Set(secrets.filter((s) => typeof s === 'string' && s.length >= 4))].sort(
    (a, b) => b.length - a.length,
  );
}

function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]);
  return [...forms];
}
