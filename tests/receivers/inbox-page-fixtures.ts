// Full RHACS payloads for the workshop alert (reference/rhacs-payloads.md) with fixed ids and times,
// encoded like Go's JSON encoder (&, <, > as \u escapes), for the inbox page tests and screenshot.

export const PAGE_ALERT_ID = '7d1e4c2a-5b3f-4a8e-9c6d-0f1e2d3c4b5a';
const CENTRAL = 'https://central.lab.example';
const ALERT_URL = `${CENTRAL}/main/violations/${PAGE_ALERT_ID}`;
export const PAGE_SUMMARY =
  "Deployment visa-processor (in cluster Production) violates 'No bash allowed' Policy";
const DEPLOYMENT_ID = '5e0a8c3d-2f4b-4c1a-9d7e-6b5a4c3d2e1f';
const CLUSTER_ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const IMAGES =
  'quay.io/rhacs-demo/visa-processor:latest-v2, quay.io/rhacs-demo/visa-processor:sidecar-latest-v2';

const i8 = ' '.repeat(8);
const i12 = ' '.repeat(12);
const i16 = ' '.repeat(16);
const i24 = ' '.repeat(24);

export const SLACK_ALERT_BODY = [
  `Alert ID: ${PAGE_ALERT_ID}`,
  `Alert URL: ${ALERT_URL}`,
  'Time (UTC): 2026-03-03 12:34:56',
  'Severity: High',
  '',
  '*Violations:*',
  `${i12}- Binary '/bin/bash' executed without arguments under user ID 1000`,
  '',
  '*Policy Definition:*',
  '',
  `${i8}*Description:*`,
  `${i12}- Privilege escalation technique`,
  '',
  `${i8}*Rationale:*`,
  `${i12}- `,
  '',
  `${i8}*Remediation:*`,
  `${i12}- Uninstall during container build`,
  '',
  `${i8}*Policy Criteria:*`,
  '',
  `${i16}*Section Unnamed :*`,
  '',
  `${i24}*Process Name*: \`bash\``,
  '',
  '',
  '*Deployment:*',
  `${i12}- ID: ${DEPLOYMENT_ID}`,
  `${i12}- Name: visa-processor`,
  `${i12}- Cluster: Production`,
  `${i12}- ClusterId: ${CLUSTER_ID}`,
  `${i12}- Namespace: payments`,
  `${i12}- Images: ${IMAGES}`,
].join('\r\n');

const goJson = (value: unknown): string =>
  JSON.stringify(value).replace(/&/g, '\\u0026').replace(/</g, '\\u003c').replace(/>/g, '\\u003e');

/** RHACS 4.10 and older: the attachment only, `text` empty. */
export const SLACK_ALERT_410_FULL = goJson({
  attachments: [
    {
      fallback: SLACK_ALERT_BODY,
      color: '#FF634E',
      pretext: `*${PAGE_SUMMARY}*`,
      title: '',
      text: SLACK_ALERT_BODY,
      mrkdwn_in: ['pretext', 'text', 'fields'],
      fields: null,
    },
  ],
  text: '',
});

export const TEAMS_ALERT_FULL = goJson({
  themeColor: '#FF634E',
  title: PAGE_SUMMARY,
  text: PAGE_SUMMARY,
  sections: [
    {
      title: 'Alert Details',
      facts: [
        { name: 'ID', value: PAGE_ALERT_ID },
        { name: 'URL', value: ALERT_URL },
        { name: 'Time', value: '2026-03-03T12:34:56.123456789Z' },
        { name: 'Severity', value: 'High' },
      ],
    },
    {
      title: 'Policy Details',
      facts: [
        { name: 'Description', value: 'Privilege escalation technique' },
        { name: 'Remediation', value: 'Uninstall during container build' },
        { name: 'Section ', value: '\n- Process Name: bash\n__________' },
      ],
    },
    {
      title: 'Deployment Details',
      facts: [
        { name: 'ID', value: DEPLOYMENT_ID },
        { name: 'Name', value: 'visa-processor' },
        { name: 'Namespace', value: 'payments' },
        { name: 'Cluster Id', value: CLUSTER_ID },
        { name: 'Cluster Name', value: 'Production' },
        { name: 'Images', value: IMAGES.replace(', ', ',') },
      ],
    },
  ],
});

export const SLACK_TEST_MESSAGE =
  '{"text":"This is a test message created to test integration with StackRox."}';
