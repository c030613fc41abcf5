// Payloads exactly as Central sends them (reference/rhacs-payloads.md), and an in-process receiver setup.
import { getResponse } from 'msw';
import { createReceiverHandlers, type ReceiverHandlerOptions } from '../../mocks/receivers/handlers.ts';
import { type HookInfo, Inbox } from '../../mocks/receivers/inbox.ts';
import type { HookKind } from '../../types/receivers.ts';

export const ALERT_ID = '3f2c9a7e-1b2d-4c5e-8f90-a1b2c3d4e5f6';
const URL_ = `https://central.lab/main/violations/${ALERT_ID}`;
const SUMMARY = "Deployment visa-processor (in cluster Production) violates 'No bash allowed' Policy";
const BODY = `Alert ID: ${ALERT_ID}\\r\\nAlert URL: ${URL_}\\r\\nTime (UTC): 2026-03-03 12:34:56\\r\\nSeverity: High\\r\\n`;

export const SLACK_TEST_410 =
  '{"attachments":null,"text":"This is a test message created to test integration with StackRox."}';
export const SLACK_TEST_411 = '{"text":"This is a test message created to test integration with StackRox."}';

const slackAttachments = `[{"fallback":"${BODY}","color":"#FF634E","pretext":"*${SUMMARY}*","title":"","text":"${BODY}","mrkdwn_in":["pretext","text","fields"],"fields":null}]`;
export const SLACK_ALERT_410 = `{"attachments":${slackAttachments},"text":""}`;
export const SLACK_ALERT_411 =
  `{"attachments":${slackAttachments},"text":"","summary":"${SUMMARY}","alert_id":"${ALERT_ID}",` +
  `"alert_url":"${URL_}","severity":"High","time":"2026-03-03 12:34:56","policy":"No bash allowed",` +
  `"cluster":"Production","namespace":"payments","entity":"visa-processor","entity_type":"Deployment",` +
  `"violations":"Binary '/bin/bash' executed without arguments under user ID 1000","description":"${BODY}"}`;

export const TEAMS_TEST =
  '{"themeColor":"","title":"","text":"This is a test message created to test teams integration with StackRox.","sections":null}';
export const TEAMS_ALERT = JSON.stringify({
  themeColor: '#FF634E',
  title: SUMMARY,
  text: SUMMARY,
  sections: [
    {
      title: 'Alert Details',
      facts: [
        { name: 'ID', value: ALERT_ID },
        { name: 'URL', value: URL_ },
        { name: 'Severity', value: 'High' },
      ],
    },
    {
      title: 'Policy Details',
      facts: [{ name: 'Description', value: 'Privilege escalation (MITRE ATT&CK)' }],
    },
    { title: 'Deployment Details', facts: [{ name: 'Namespace', value: 'payments' }] },
  ],
}).replace(/&/g, '\\u0026');

export function adaptiveEnvelope(...texts: string[]): string {
  const attachment = (text: string) => ({
    contentType: 'application/vnd.microsoft.card.adaptive',
    contentUrl: null,
    content: {
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text, weight: 'Bolder' },
        { type: 'TextBlock', text: `body of ${text}` },
        { type: 'FactSet', facts: [{ title: 'Alert ID', value: ALERT_ID }] },
      ],
    },
  });
  return JSON.stringify({ type: 'message', attachments: texts.map(attachment) });
}

export const ORIGIN = 'http://receivers.lab.test';

export interface InProcessLab {
  inbox: Inbox;
  hooks: Record<HookKind, HookInfo>;
  post(url: string, body: string, contentType?: string): Promise<Response>;
  fetch(url: string, init?: RequestInit): Promise<Response | undefined>;
}

/** The receivers without a server: requests go straight to the msw handlers via getResponse. */
export function inProcessLab(options: ReceiverHandlerOptions = {}): InProcessLab {
  const inbox = new Inbox();
  const handlers = createReceiverHandlers(inbox, options);
  const kinds: HookKind[] = [
    'slack-incoming',
    'slack-workflow',
    'teams-workflow-template',
    'teams-workflow-fixed',
    'teams-legacy-connector',
  ];
  const hooks = Object.fromEntries(kinds.map((k) => [k, inbox.createHook(k, ORIGIN)])) as Record<
    HookKind,
    HookInfo
  >;
  const fetchIt = (url: string, init?: RequestInit) => getResponse(handlers, new Request(url, init));
  return {
    inbox,
    hooks,
    fetch: fetchIt,
    async post(url, body, contentType = 'application/json') {
      const response = await fetchIt(url, { method: 'POST', body, headers: { 'content-type': contentType } });
      if (!response) throw new Error(`no handler for ${url}`);
      return response;
    },
  };
}
