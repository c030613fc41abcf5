// The exact bytes Central POSTs to Slack and Teams webhooks (shared/reference/rhacs-payloads.md).
// Objects are built with their keys in Go struct order; goJson reproduces encoding/json's escaping.
import type { Alert, RhacsVersion } from '../../types/rhacs.ts';
import {
  alertSummary,
  deploymentImages,
  joinGroupValues,
  readableUtcTime,
  rfc3339Nano,
  severityColour,
  severityWord,
  slackAlertText,
  violationMessages,
} from './alertFormat.ts';

const GO_ESCAPES = /[&<>\u2028\u2029]/g;

/** JSON.stringify, then the HTML-safe escaping Go's encoding/json applies inside strings. */
export function goJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) return 'null';
  return json.replace(GO_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * `<uiEndpoint>/main/violations/<id>`. Central resolves the path against the endpoint URL, so a path
 * already on the endpoint is replaced; an endpoint that is not an absolute URL yields the bare path.
 */
export function alertLink(uiEndpoint: string, alertId: string): string {
  const path = `/main/violations/${alertId}`;
  try {
    return new URL(path, uiEndpoint).toString();
  } catch {
    return path;
  }
}

const SLACK_TEST_TEXT = 'This is a test message created to test integration with StackRox.';
const TEAMS_TEST_TEXT = 'This is a test message created to test teams integration with StackRox.';

export function slackTestBody(version: RhacsVersion): string {
  if (version === '4.10') return goJson({ attachments: null, text: SLACK_TEST_TEXT });
  return goJson({ text: SLACK_TEST_TEXT });
}

export function slackAlertBody(alert: Alert, uiEndpoint: string, version: RhacsVersion): string {
  const url = alertLink(uiEndpoint, alert.id);
  const body = slackAlertText(alert, url);
  const summary = alertSummary(alert);
  const notification: Record<string, unknown> = {
    attachments: [
      {
        fallback: body,
        color: severityColour(alert.policy.severity),
        pretext: `*${summary}*`,
        title: '',
        text: body,
        mrkdwn_in: ['pretext', 'text', 'fields'],
        fields: null,
      },
    ],
    text: '',
  };
  if (version === '4.10') return goJson(notification);

  // 4.11+: flat string keys for Slack workflow webhooks, each omitted when empty.
  const flat: [string, string][] = [
    ['summary', summary],
    ['alert_id', alert.id],
    ['alert_url', url],
    ['severity', severityWord(alert.policy.severity)],
    ['time', readableUtcTime(alert.time)],
    ['policy', alert.policy.name],
    ['cluster', alert.deployment.clusterName || alert.clusterName],
    ['namespace', alert.deployment.namespace || alert.namespace],
    ['entity', alert.deployment.name],
    ['entity_type', alert.deployment.name ? 'Deployment' : ''],
    ['violations', violationMessages(alert).join('\n')],
    ['description', body],
  ];
  for (const [key, value] of flat) if (value !== '') notification[key] = value;
  return goJson(notification);
}

export function teamsTestBody(): string {
  return goJson({ themeColor: '', title: '', text: TEAMS_TEST_TEXT, sections: null });
}

interface Fact {
  name: string;
  value: string;
}

function nonEmptyFacts(pairs: [string, string][]): Fact[] {
  return pairs.filter(([, value]) => value !== '').map(([name, value]) => ({ name, value }));
}

export function teamsAlertBody(alert: Alert, uiEndpoint: string): string {
  const { policy, deployment } = alert;
  const summary = alertSummary(alert);
  const sections: { title: string; facts: Fact[] }[] = [];

  sections.push({
    title: 'Alert Details',
    facts: nonEmptyFacts([
      ['ID', alert.id],
      ['URL', alertLink(uiEndpoint, alert.id)],
      ['Time', rfc3339Nano(alert.time)],
      ['Severity', severityWord(policy.severity)],
    ]),
  });

  const criteria = policy.policySections.map((s) => ({
    name: s.sectionName ? `Section  "${s.sectionName}"` : 'Section ',
    value: `${s.policyGroups.map((g) => `\n- ${g.fieldName}: ${joinGroupValues(g, (v) => v)}`).join('')}\n__________`,
  }));
  const policyFacts = [
    ...nonEmptyFacts([
      ['Description', policy.description],
      ['Remediation', policy.remediation],
      ['Rationale', policy.rationale],
    ]),
    ...criteria,
  ];
  if (policyFacts.length > 0) sections.push({ title: 'Policy Details', facts: policyFacts });

  // Built only from violations[]: a process alert's message (processViolation) never reaches Teams.
  const violationFacts = alert.violations
    .filter((v) => v.message !== '')
    .map((v) => ({ name: 'Description', value: `Message : ${v.message}` }));
  if (violationFacts.length > 0) sections.push({ title: 'Violation Details', facts: violationFacts });

  const deploymentFacts = nonEmptyFacts([
    ['ID', deployment.id],
    ['Name', deployment.name],
    ['Namespace', deployment.namespace],
    ['Cluster Id', deployment.clusterId],
    ['Cluster Name', deployment.clusterName],
    // Comma and space, every release from 4.6 on (stackrox/central/notifiers/teams/teams.go getDeploymentSection).
    ['Images', deploymentImages(alert).join(', ')],
  ]);
  if (deploymentFacts.length > 0) sections.push({ title: 'Deployment Details', facts: deploymentFacts });

  return goJson({ themeColor: severityColour(policy.severity), title: summary, text: summary, sections });
}
