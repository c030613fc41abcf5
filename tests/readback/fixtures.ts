// Realistic channel content: what conversations.history and Graph return after RHACS (or a workflow)
// posted the workshop alert (reference/rhacs-payloads.md, chat-webhooks.md).
import { randomUUID } from 'node:crypto';

export const SUMMARY = "Deployment visa-processor (in cluster Production) violates 'No bash allowed' Policy";
export const CENTRAL = 'https://central-stackrox.apps.lab.example.com';
export const DEPLOYMENT_ID = '9f1c3a52-6b1e-4a47-8d1f-2e4b7c9d0a11';
export const CLUSTER_ID = '3b7e0c9a-1d2f-4e5a-9b8c-7d6e5f4a3b21';

/** RHACS's <BODY>: the same text in the attachment's fallback and text. */
export function alertBody(alertId: string): string {
  return [
    `Alert ID: ${alertId}`,
    `Alert URL: ${CENTRAL}/main/violations/${alertId}`,
    'Time (UTC): 2026-03-03 12:34:56',
    'Severity: High',
    '',
    '*Violations:*',
    "            - Binary '/bin/bash' executed without arguments under user ID 1000",
    '',
    '*Policy Definition:*',
    '',
    '        *Description:*',
    '            - Privilege escalation technique',
    '',
    '*Deployment:*',
    `            - ID: ${DEPLOYMENT_ID}`,
    '            - Name: visa-processor',
    '            - Namespace: payments',
  ].join('\r\n');
}

export function slackTs(ms: number, seq = 0): string {
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + seq).padStart(6, '0')}`;
}

/** An app incoming webhook's post of RHACS's alert, as conversations.history shows it. */
export function slackBotAlert(alertId: string, atMs: number): Record<string, unknown> {
  const body = alertBody(alertId);
  return {
    type: 'message',
    subtype: 'bot_message',
    text: '',
    ts: slackTs(atMs),
    bot_id: 'B07RHACS01',
    app_id: 'A07RHACS01',
    attachments: [
      {
        id: 1,
        color: 'FF634E',
        fallback: body,
        text: body,
        pretext: `*${SUMMARY}*`,
        mrkdwn_in: ['pretext', 'text', 'fields'],
      },
    ],
  };
}

/** A workflow trigger's post: only the text its message step composed from the 4.11 variables. */
export function slackWorkflowPost(text: string, atMs: number): Record<string, unknown> {
  return {
    type: 'message',
    subtype: 'bot_message',
    text,
    ts: slackTs(atMs, 1),
    bot_id: 'B07WRKFLW1',
    bot_profile: { id: 'B07WRKFLW1', name: 'RHACS alerts workflow' },
    blocks: [
      {
        type: 'rich_text',
        block_id: 'Xy1',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
      },
    ],
  };
}

export function slackChatter(atMs: number, seq: number): Record<string, unknown> {
  return {
    type: 'message',
    user: 'U07HUMAN01',
    text: `deploy #${seq} done &amp; verified`,
    ts: slackTs(atMs, seq),
  };
}

/** RHACS's Teams card after the F5 fix: a Compose step wrapped it in an Adaptive Card. */
export function adaptiveAlertCard(alertId: string): Record<string, unknown> {
  const facts = (pairs: [string, string][]) => pairs.map(([title, value]) => ({ title, value }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: SUMMARY, weight: 'Bolder', wrap: true },
      { type: 'TextBlock', text: 'Alert Details', weight: 'Bolder' },
      {
        type: 'FactSet',
        facts: facts([
          ['ID', alertId],
          ['URL', `${CENTRAL}/main/violations/${alertId}`],
          ['Time', '2026-03-03T12:34:56.123456789Z'],
          ['Severity', 'High'],
        ]),
      },
      { type: 'TextBlock', text: 'Deployment Details', weight: 'Bolder' },
      {
        type: 'FactSet',
        facts: facts([
          ['ID', DEPLOYMENT_ID],
          ['Name', 'visa-processor'],
          ['Namespace', 'payments'],
          ['Cluster Id', CLUSTER_ID],
        ]),
      },
    ],
  };
}

/** The card as RHACS sends it (connector-style sections), e.g. if Workflows accepted it as a MessageCard. */
export function rhacsTeamsCard(alertId: string): Record<string, unknown> {
  return {
    themeColor: '#FF634E',
    title: SUMMARY,
    text: SUMMARY,
    sections: [
      {
        title: 'Alert Details',
        facts: [
          { name: 'ID', value: alertId },
          { name: 'URL', value: `${CENTRAL}/main/violations/${alertId}` },
          { name: 'Severity', value: 'High' },
        ],
      },
      {
        title: 'Deployment Details',
        facts: [
          { name: 'ID', value: DEPLOYMENT_ID },
          { name: 'Name', value: 'visa-processor' },
        ],
      },
    ],
  };
}

/** A Graph chatMessage posted by the Workflows app with one card attachment. */
export function graphCardMessage(card: unknown, atMs: number): Record<string, unknown> {
  const attachmentId = randomUUID();
  const created = new Date(atMs).toISOString();
  return {
    id: String(atMs),
    replyToId: null,
    etag: String(atMs),
    messageType: 'message',
    createdDateTime: created,
    lastModifiedDateTime: created,
    lastEditedDateTime: null,
    deletedDateTime: null,
    subject: null,
    summary: null,
    chatId: null,
    importance: 'normal',
    locale: 'en-us',
    webUrl: `https://teams.microsoft.com/l/message/19%3Aabc%40thread.tacv2/${atMs}`,
    from: {
      application: {
        '@odata.type': '#microsoft.graph.teamworkApplicationIdentity',
        id: 'wf',
        displayName: 'Workflows',
      },
      user: null,
    },
    body: { contentType: 'html', content: `<attachment id="${attachmentId}"></attachment>` },
    attachments: [
      {
        id: attachmentId,
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: JSON.stringify(card),
        name: null,
        thumbnailUrl: null,
      },
    ],
    mentions: [],
    reactions: [],
  };
}

export function graphTextMessage(html: string, atMs: number): Record<string, unknown> {
  const created = new Date(atMs).toISOString();
  return {
    id: String(atMs),
    messageType: 'message',
    createdDateTime: created,
    lastModifiedDateTime: created,
    deletedDateTime: null,
    subject: null,
    from: { user: { id: 'u1', displayName: 'Ada Operator' } },
    body: { contentType: 'html', content: html },
    attachments: [],
  };
}
