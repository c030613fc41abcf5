// What kind of webhook a notifier's URL (labelDefault) is, judged from its shape alone
// (reference/chat-webhooks.md). The URL's secret part is never looked at or returned.

export type SlackWebhookKind = 'incoming' | 'workflow-trigger' | 'other-host' | 'invalid' | 'empty';
export type TeamsWebhookKind = 'workflows' | 'retired-connector' | 'other-host' | 'invalid' | 'empty';

export interface WebhookShape<K extends string> {
  kind: K;
  /** host[:port] of the URL when it parses. */
  host?: string;
  /** True when the URL is on the lab receivers' origin (LAB_INBOX_URL), which serves every hook shape. */
  onLabReceiver: boolean;
}

function parse(url: string): URL | undefined {
  const trimmed = url.trim();
  if (trimmed === '') return undefined;
  try {
    // Central prepends https:// when the URL has no scheme.
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return undefined;
  }
}

function originOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

export function classifySlackWebhook(url: string, labInboxUrl?: string): WebhookShape<SlackWebhookKind> {
  if (url.trim() === '') return { kind: 'empty', onLabReceiver: false };
  const u = parse(url);
  if (u === undefined) return { kind: 'invalid', onLabReceiver: false };
  const onLabReceiver = originOf(labInboxUrl) === u.origin;
  const base = { host: u.host, onLabReceiver };
  if (u.hostname !== 'hooks.slack.com' && !onLabReceiver) return { kind: 'other-host', ...base };
  if (/^\/services\/[^/]+\/[^/]+\/[^/]+$/.test(u.pathname)) return { kind: 'incoming', ...base };
  if (/^\/triggers\/[^/]+\/[^/]+\/[^/]+$/.test(u.pathname)) return { kind: 'workflow-trigger', ...base };
  return { kind: 'invalid', ...base };
}

const WORKFLOWS_HOST = /(\.logic\.azure\.com|\.environment\.api\.powerplatform\.com)$/i;
const WORKFLOWS_PATH = /\/workflows\/[0-9a-f]{32}\/triggers\/manual\/paths\/invoke$/i;

export function classifyTeamsWebhook(url: string, labInboxUrl?: string): WebhookShape<TeamsWebhookKind> {
  if (url.trim() === '') return { kind: 'empty', onLabReceiver: false };
  const u = parse(url);
  if (u === undefined) return { kind: 'invalid', onLabReceiver: false };
  const onLabReceiver = originOf(labInboxUrl) === u.origin;
  const base = { host: u.host, onLabReceiver };
  const signed = u.searchParams.has('sig');
  if (/(^|\.)webhook\.office\.com$/i.test(u.hostname) || /\/IncomingWebhook\//.test(u.pathname)) {
    if (onLabReceiver || /webhook\.office\.com$/i.test(u.hostname))
      return { kind: 'retired-connector', ...base };
  }
  if (!WORKFLOWS_HOST.test(u.hostname) && !onLabReceiver) return { kind: 'other-host', ...base };
  if (WORKFLOWS_PATH.test(u.pathname) && signed) return { kind: 'workflows', ...base };
  return { kind: 'invalid', ...base };
}

/**
 * Whether posting to this URL runs a flow after the 202 (Teams Workflows, Power Automate), so its
 * run can be awaited. Looser than classifyTeamsWebhook's 'workflows': any flow path or host counts,
 * including the lab's imitation of one.
 */
export function isWorkflowsUrl(url: string): boolean {
  return /\/workflows\/[^/]+\/triggers\//.test(url) || /powerautomate|logic\.azure\.com/.test(url);
}
