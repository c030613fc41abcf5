// The fields a lab may have in a targets file and the harness setting each one becomes. The
// harness reads a lab exactly as it reads one target from the environment (src/config.ts).

/** `${NAME}`, as a user writes a reference in the file. */
export const ref = (name: string): string => `\${${name}}`;

export type FieldKind = 'string' | 'path' | 'url' | 'boolean' | 'integer';

export interface FieldSpec {
  /** As written in YAML, dotted: `central.token`. */
  path: string;
  /** The environment variable of src/config.ts (or the read-back settings) it sets. */
  variable: string;
  kind: FieldKind;
  /** Never echoed in a problem; added to the lab's redaction list. */
  secret?: boolean;
  /** Allowed on an `embedded: true` lab. */
  embedded?: boolean;
  /** A run-wide value from the environment applies to a lab that does not set its own. */
  inherits?: boolean;
  /** What to put there, for fix texts. */
  hint: string;
}

export const LAB_FIELDS: readonly FieldSpec[] = [
  { path: 'kubeconfig', variable: 'KUBECONFIG', kind: 'path', hint: 'the kubeconfig written by `oc login`' },
  { path: 'context', variable: 'KUBE_CONTEXT', kind: 'string', hint: 'a context name of the kubeconfig' },
  {
    path: 'central.endpoint',
    variable: 'ROX_ENDPOINT',
    kind: 'string',
    hint: "Central's host:port or https:// URL, as for roxctl",
  },
  {
    path: 'central.token',
    variable: 'ROX_API_TOKEN',
    kind: 'string',
    secret: true,
    hint: `an Admin API token, as a reference such as ${ref('ROOM01_ROX_TOKEN')}`,
  },
  {
    path: 'central.tokenFile',
    variable: 'ROX_API_TOKEN_FILE',
    kind: 'path',
    hint: 'a file holding an Admin API token',
  },
  {
    path: 'central.adminPassword',
    variable: 'ROX_ADMIN_PASSWORD',
    kind: 'string',
    secret: true,
    hint: `the admin password, as a reference such as ${ref('ROOM01_ADMIN_PASSWORD')}`,
  },
  { path: 'central.caCertFile', variable: 'ROX_CA_CERT_FILE', kind: 'path', hint: "Central's CA (PEM)" },
  {
    path: 'central.insecureSkipTlsVerify',
    variable: 'ROX_INSECURE_SKIP_TLS_VERIFY',
    kind: 'boolean',
    hint: 'true or false',
  },
  {
    path: 'central.namespace',
    variable: 'CENTRAL_NAMESPACE',
    kind: 'string',
    inherits: true,
    hint: "Central's namespace",
  },
  {
    path: 'channels.slackWebhookUrl',
    variable: 'SLACK_WEBHOOK_URL',
    kind: 'url',
    secret: true,
    hint: `the Slack webhook URL, as a reference such as ${ref('ROOM01_SLACK_WEBHOOK')}`,
  },
  {
    path: 'channels.teamsWebhookUrl',
    variable: 'TEAMS_WEBHOOK_URL',
    kind: 'url',
    secret: true,
    hint: `the Teams Workflows URL, as a reference such as ${ref('ROOM01_TEAMS_WEBHOOK')}`,
  },
  {
    path: 'channels.inboxUrl',
    variable: 'LAB_INBOX_URL',
    kind: 'url',
    hint: 'the base URL of a harness receiver inbox reachable from Central',
  },
  {
    path: 'channels.slack.botToken',
    variable: 'SLACK_BOT_TOKEN',
    kind: 'string',
    secret: true,
    hint: `a Slack bot token (xoxb-...), as a reference such as ${ref('SLACK_BOT_TOKEN')}`,
  },
  { path: 'channels.slack.channelId', variable: 'SLACK_CHANNEL_ID', kind: 'string', hint: 'C0123ABCD' },
  { path: 'channels.teams.teamId', variable: 'TEAMS_TEAM_ID', kind: 'string', hint: 'the team id' },
  { path: 'channels.teams.channelId', variable: 'TEAMS_CHANNEL_ID', kind: 'string', hint: 'the channel id' },
  {
    path: 'channels.teams.graphToken',
    variable: 'TEAMS_GRAPH_TOKEN',
    kind: 'string',
    secret: true,
    hint: 'a Microsoft Graph token, as a reference',
  },
  { path: 'channels.teams.tenantId', variable: 'AZURE_TENANT_ID', kind: 'string', hint: 'the tenant id' },
  { path: 'channels.teams.clientId', variable: 'AZURE_CLIENT_ID', kind: 'string', hint: 'the app id' },
  {
    path: 'channels.teams.clientSecret',
    variable: 'AZURE_CLIENT_SECRET',
    kind: 'string',
    secret: true,
    hint: 'the app secret, as a reference',
  },
  {
    path: 'profile',
    variable: 'LAB_PROFILE',
    kind: 'string',
    embedded: true,
    hint: 'default or as-written',
  },
  {
    path: 'pod.namespace',
    variable: 'POD_NAMESPACE',
    kind: 'string',
    embedded: true,
    inherits: true,
    hint: "visa-processor's namespace",
  },
  {
    path: 'pod.selector',
    variable: 'POD_SELECTOR',
    kind: 'string',
    embedded: true,
    inherits: true,
    hint: 'app=visa-processor',
  },
  {
    path: 'alertTimeoutMs',
    variable: 'ALERT_TIMEOUT_MS',
    kind: 'integer',
    embedded: true,
    inherits: true,
    hint: 'milliseconds, e.g. 90000',
  },
];

/** A lab's identity and credentials: its own settings replace these, whatever the environment holds. */
export const PER_LAB_VARIABLES: readonly string[] = [
  'TARGET',
  ...LAB_FIELDS.filter((f) => !f.inherits).map((f) => f.variable),
];

export const fieldForVariable = (variable: string): FieldSpec | undefined =>
  LAB_FIELDS.find((f) => f.variable === variable);
