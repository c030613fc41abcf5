// Text pieces shared by the Slack and Teams payloads: severity words and colours, times, the summary
// line, images, and the Slack attachment body (StackRox's alert template rendered with Slack's helpers).
import type { Alert, PolicyGroup, Severity } from '../../types/rhacs.ts';

const SEVERITY_WORDS: Record<Severity, string> = {
  UNSET_SEVERITY: 'Unset',
  LOW_SEVERITY: 'Low',
  MEDIUM_SEVERITY: 'Medium',
  HIGH_SEVERITY: 'High',
  CRITICAL_SEVERITY: 'Critical',
};

const SEVERITY_COLOURS: Partial<Record<Severity, string>> = {
  CRITICAL_SEVERITY: '#FF2C4D',
  HIGH_SEVERITY: '#FF634E',
  MEDIUM_SEVERITY: '#FF9365',
  LOW_SEVERITY: '#FFC780',
};

export function severityWord(severity: Severity): string {
  return SEVERITY_WORDS[severity] ?? 'Unset';
}

export function severityColour(severity: Severity): string {
  return SEVERITY_COLOURS[severity] ?? 'warning';
}

/** `YYYY-MM-DD hh:mm:ss` in UTC, as Go's protoconv.ReadableTime prints it. */
export function readableUtcTime(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * RFC 3339 in UTC with nine fractional digits. Date keeps only milliseconds, so the fraction is taken
 * from the input string and zero-padded (".123" -> ".123000000").
 */
export function rfc3339Nano(rfc3339: string): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return '';
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(rfc3339)?.[1] ?? '';
  return `${date.toISOString().slice(0, 19)}.${fraction.slice(0, 9).padEnd(9, '0')}Z`;
}

export function alertSummary(alert: Alert): string {
  return `Deployment ${alert.deployment.name} (in cluster ${alert.deployment.clusterName}) violates '${alert.policy.name}' Policy`;
}

export function deploymentImages(alert: Alert): string[] {
  return alert.deployment.containers.map((c) => c.image.name.fullName).filter((name) => name !== '');
}

/** Every violation message, then the process violation message (what `violations` carries). */
export function violationMessages(alert: Alert): string[] {
  const messages = alert.violations.map((v) => v.message).filter((m) => m !== '');
  if (alert.processViolation?.message) messages.push(alert.processViolation.message);
  return messages;
}

/** RHACS prints a negated group as `NOT (<values>)`, in both Slack and Teams. */
export function joinGroupValues(group: PolicyGroup, quote: (value: string) => string): string {
  const joined = group.values.map((v) => quote(v.value)).join(` ${group.booleanOperator} `);
  return group.negate ? `NOT (${joined})` : joined;
}

const TAB = ' '.repeat(8);
const CRLF = '\r\n';

// The Slack formatting helpers StackRox passes to its alert template.
const header = (s: string) => `${CRLF}*${s}*${CRLF}`;
const subheader = (s: string) => `${CRLF}${TAB}*${s}*${CRLF}`;
const line = (s: string) => `${s}${CRLF}`;
const list = (s: string) => `${TAB}    - ${s}${CRLF}`;
const section = (s: string) => `${CRLF}${TAB}${TAB}*${s}*${CRLF}`;
const group = (s: string) => `${CRLF}${TAB}${TAB}${TAB}*${s}*`;
/** Go template `stringify`: non-empty parts joined with a space. */
const stringify = (...parts: string[]) => parts.filter((p) => p !== '').join(' ');

/**
 * The Slack attachment text. MITRE ATT&CK vectors are not rendered (the lab has no MITRE store);
 * the workshop policy has none.
 */
export function slackAlertText(alert: Alert, alertUrl: string): string {
  const { policy, deployment } = alert;
  let out = '';
  out += line(stringify('Alert ID:', alert.id));
  out += line(stringify('Alert URL:', alertUrl));
  out += line(stringify('Time (UTC):', readableUtcTime(alert.time)));
  out += line(stringify('Severity:', severityWord(policy.severity)));
  out += header('Violations:');
  for (const v of alert.violations) out += list(v.message);
  if (alert.processViolation) out += list(alert.processViolation.message);
  out += header('Policy Definition:');
  out += subheader('Description:') + list(policy.description);
  out += subheader('Rationale:') + list(policy.rationale);
  out += subheader('Remediation:') + list(policy.remediation);
  out += subheader('Policy Criteria:');
  for (const s of policy.policySections) {
    out += section(stringify('Section', s.sectionName || 'Unnamed', ':'));
    for (const g of s.policyGroups) {
      out += `${group(g.fieldName)}: ${joinGroupValues(g, (v) => `\`${v}\``)}${CRLF}`;
    }
  }
  out += line('') + header('Deployment:');
  out += list(stringify('ID:', deployment.id));
  out += list(stringify('Name:', deployment.name));
  out += list(stringify('Cluster:', deployment.clusterName));
  out += list(stringify('ClusterId:', deployment.clusterId));
  if (deployment.namespace) out += list(stringify('Namespace:', deployment.namespace));
  out += list(stringify('Images:', deploymentImages(alert).join(', ')));
  return out;
}
