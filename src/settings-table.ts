// The harness's settings in one table: `.env.example` and the settings table in docs/cluster.md are generated
// from it (`npm run settings`), and tests/harness/settings-table.test.ts keeps both equal to it and
// checks that every variable src/config.ts reads is listed. Reading and validating stay in src/config.ts.

export interface SettingGroup {
  id: string;
  /** The `# --- title ---` line of .env.example. */
  title: string;
}

export interface Setting {
  /** Every variable the entry documents. */
  variables: string[];
  group: string;
  /** The README row: its first cell and its meaning; absent for settings documented elsewhere in the README. */
  readme?: { names: string; meaning: string };
  /** The .env.example lines, comments and commented-out examples. */
  env: string[];
}

export const ENV_HEADER: string[] = [
  '# Settings for the RHACS Notifications harness. Copy to .env (never commit .env) and uncomment what you need.',
  '# Values already present in the environment win over .env. Nothing here is ever printed: tokens,',
  '# passwords and webhook secrets are redacted from all output and reports.',
];

export const SETTING_GROUPS: SettingGroup[] = [
  { id: 'target', title: 'Target' },
  { id: 'kube', title: 'Kubernetes / OpenShift' },
  { id: 'central', title: 'RHACS Central (roxctl conventions)' },
  { id: 'channels', title: 'Chat channels' },
  { id: 'receivers', title: 'Receivers the harness provides (instead of real channels)' },
  {
    id: 'readback',
    title: 'Read-back of real channels (without it, delivery is reported as "not verified")',
  },
  { id: 'module', title: 'The module' },
  { id: 'run', title: 'Run behaviour' },
  { id: 'lab', title: 'The embedded lab' },
];

export const SETTINGS: Setting[] = [
  {
    variables: ['TARGET'],
    group: 'target',
    readme: { names: '`TARGET`', meaning: '`embedded` or `cluster`; unset: chosen as described above' },
    env: [
      '# embedded = the built-in lab on 127.0.0.1 (no cluster needed); cluster = a real cluster.',
      '# Unset: embedded when none of KUBECONFIG, KUBE_CONTEXT, ROX_ENDPOINT is set, otherwise cluster.',
      '# TARGET=embedded',
    ],
  },
  {
    variables: ['CI'],
    group: 'target',
    readme: {
      names: '`CI`',
      meaning:
        '`true` (as CI systems set it): a kubeconfig or Central credentials without `ROX_ENDPOINT` stop the run, naming `ROX_ENDPOINT` and `TARGET=embedded`, instead of verifying the embedded lab',
    },
    env: [
      '# CI=true (set by CI systems): a kubeconfig without ROX_ENDPOINT stops the run instead of using the lab.',
      '# CI=true',
    ],
  },
  {
    variables: ['KUBECONFIG', 'KUBE_CONTEXT'],
    group: 'kube',
    readme: {
      names: '`KUBECONFIG`, `KUBE_CONTEXT`',
      meaning: 'the kubeconfig (as written by `oc login`) and an optional context',
    },
    env: [
      '# Kubeconfig path(s), as for kubectl/oc (default: ~/.kube/config, as written by `oc login`).',
      '# KUBECONFIG=/home/me/.kube/config',
      "# Context to use instead of the kubeconfig's current-context.",
      '# KUBE_CONTEXT=admin/api-cluster-example-com:6443',
    ],
  },
  {
    variables: ['ROX_ENDPOINT', 'ROX_CENTRAL_ADDRESS'],
    group: 'central',
    readme: {
      names: '`ROX_ENDPOINT`',
      meaning: 'Central, `host:port` or URL (`https://` assumed), as for roxctl',
    },
    env: [
      '# host:port or URL; https:// is assumed when no scheme is given.',
      '# ROX_ENDPOINT=central-stackrox.apps.cluster.example.com:443',
    ],
  },
  {
    variables: ['ROX_API_TOKEN', 'ROX_API_TOKEN_FILE', 'ROX_ADMIN_PASSWORD'],
    group: 'central',
    readme: {
      names: '`ROX_API_TOKEN` / `ROX_API_TOKEN_FILE` / `ROX_ADMIN_PASSWORD`',
      meaning: 'Central credentials (Admin role); one is required',
    },
    env: [
      '# An API token with the Admin role (Platform Configuration -> Integrations -> API Token) ...',
      '# ROX_API_TOKEN=',
      '# ... or a file holding it ...',
      '# ROX_API_TOKEN_FILE=/run/secrets/rox-token',
      '# ... or the admin password (secret central-htpasswd, key password, namespace stackrox).',
      '# ROX_ADMIN_PASSWORD=',
    ],
  },
  {
    variables: ['ROX_CA_CERT_FILE', 'ROX_INSECURE_SKIP_TLS_VERIFY', 'ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY'],
    group: 'central',
    readme: {
      names: '`ROX_CA_CERT_FILE`, `ROX_INSECURE_SKIP_TLS_VERIFY`',
      meaning:
        "Central's CA (PEM, added to the system roots as roxctl does), or an explicit `true` to skip verification (roxctl's `ROX_INSECURE_CLIENT_SKIP_TLS_VERIFY` too)",
    },
    env: [
      "# Central's CA certificate (PEM) when it is self-signed or signed by the cluster CA.",
      '# ROX_CA_CERT_FILE=/path/to/central-ca.pem',
      '# Skip certificate verification (explicit opt-in; only "true" enables it). Prefer ROX_CA_CERT_FILE.',
      '# ROX_INSECURE_SKIP_TLS_VERIFY=false',
    ],
  },
  {
    variables: ['ROX_SERVER_NAME'],
    group: 'central',
    readme: {
      names: '`ROX_SERVER_NAME`',
      meaning:
        "the TLS name to expect instead of the endpoint's host; Central's own certificate (`central.stackrox`) is accepted behind a passthrough route without it",
    },
    env: [
      "# The TLS name to expect instead of the endpoint's host, as roxctl's ROX_SERVER_NAME (Central's own",
      '# certificate, central.stackrox, is accepted behind a passthrough route without it).',
      '# ROX_SERVER_NAME=central.stackrox',
    ],
  },
  {
    variables: ['CENTRAL_NAMESPACE'],
    group: 'central',
    readme: {
      names: '`CENTRAL_NAMESPACE`',
      meaning:
        "Central's namespace, the only one its config-controller reconciles SecurityPolicy CRs in (default `stackrox`); verify, check, solve and the console steps apply and read the CR there",
    },
    env: [
      '# Namespace where Central and its config-controller run; SecurityPolicy CRs are only reconciled here.',
      '# CENTRAL_NAMESPACE=stackrox',
    ],
  },
  {
    variables: ['SLACK_WEBHOOK_URL', 'TEAMS_WEBHOOK_URL'],
    group: 'channels',
    readme: {
      names: '`SLACK_WEBHOOK_URL`, `TEAMS_WEBHOOK_URL`',
      meaning: 'the webhooks the notifiers `slack-alerts` and `teams-alerts` post to',
    },
    env: [
      '# Real Slack incoming webhook (https://hooks.slack.com/services/T.../B.../...). Secret: keep out of logs.',
      '# SLACK_WEBHOOK_URL=',
      '# Real Teams Workflows webhook (https://...logic.azure.com/workflows/...&sig=...). Secret.',
      '# TEAMS_WEBHOOK_URL=',
    ],
  },
  {
    variables: ['GENERIC_WEBHOOK_URL', 'GENERIC_WEBHOOK_READ_URL'],
    group: 'channels',
    readme: {
      names: '`GENERIC_WEBHOOK_URL`, `GENERIC_WEBHOOK_READ_URL`',
      meaning:
        "the Generic Webhook's Endpoint when the guide creates one (e.g. your `https://webhook.site/<uuid>`), and where its requests are read back (webhook.site's `https://webhook.site/token/<uuid>/requests`, derived for a webhook.site URL); both secret",
    },
    env: [
      "# The Generic Webhook's Endpoint, when the guide creates one: your unique webhook.site URL. Secret.",
      '# GENERIC_WEBHOOK_URL=https://webhook.site/00000000-0000-0000-0000-000000000000',
      '# Where its requests are read back (derived for webhook.site: https://webhook.site/token/<uuid>/requests).',
      '# GENERIC_WEBHOOK_READ_URL=',
    ],
  },
  {
    variables: ['LAB_INBOX_URL'],
    group: 'channels',
    readme: {
      names: '`LAB_INBOX_URL`',
      meaning: 'a harness receiver inbox reachable from Central, instead of reading real channels',
    },
    env: [
      '# Base URL of a harness-provided receiver inbox reachable from Central (instead of real channels).',
      '# LAB_INBOX_URL=http://127.0.0.1:8089',
    ],
  },
  {
    variables: ['RECEIVER_MODE'],
    group: 'receivers',
    readme: {
      names: '`RECEIVER_MODE`',
      meaning: '`in-cluster` or `public`: the harness provides the receivers (below); unset: `lab`',
    },
    env: [
      '# lab (default) = the settings above; in-cluster = deploy a receiver into the cluster (a namespace,',
      '# removed at the end) and point the notifiers at its Service; public = start receivers on this',
      '# machine and give Central RECEIVER_PUBLIC_URL (setting RECEIVER_PUBLIC_URL alone selects public).',
      '# RECEIVER_MODE=in-cluster',
    ],
  },
  {
    variables: ['RECEIVER_PUBLIC_URL', 'RECEIVER_BIND', 'RECEIVER_PORT'],
    group: 'receivers',
    readme: {
      names: '`RECEIVER_PUBLIC_URL`, `RECEIVER_BIND`, `RECEIVER_PORT`',
      meaning:
        'public mode: the URL by which Central reaches this machine, and where the receivers listen (`127.0.0.1`, a free port)',
    },
    env: [
      '# Public mode: the URL by which Central reaches the receivers on this machine.',
      '# RECEIVER_PUBLIC_URL=https://receiver.example.com',
      '# Address and port the public-mode receivers listen on (default 127.0.0.1 and a free port).',
      '# RECEIVER_BIND=127.0.0.1',
      '# RECEIVER_PORT=8089',
    ],
  },
  {
    variables: ['RECEIVER_NAMESPACE', 'RECEIVER_IMAGE'],
    group: 'receivers',
    readme: {
      names: '`RECEIVER_NAMESPACE`, `RECEIVER_IMAGE`',
      meaning:
        'in-cluster mode: an existing namespace to deploy the receiver into, for a user who may not create namespaces (default: the harness creates `rhacs-harness-<run id>`), and an image with node 20+',
    },
    env: [
      '# An existing namespace to deploy the in-cluster receiver into, for a user who may not create',
      "# namespaces: only the receiver's Deployment, Service and ConfigMap are created there and removed.",
      '# Unset: the harness creates rhacs-harness-<run id> (or requests it as an OpenShift project).',
      '# RECEIVER_NAMESPACE=team-receivers',
      '# Image for the in-cluster receiver; it must provide node 20+.',
      '# RECEIVER_IMAGE=registry.access.redhat.com/ubi9/nodejs-20-minimal:latest',
    ],
  },
  {
    variables: ['SLACK_BOT_TOKEN', 'SLACK_CHANNEL_ID'],
    group: 'readback',
    readme: {
      names: '`SLACK_BOT_TOKEN`, `SLACK_CHANNEL_ID`',
      meaning: 'Slack read-back (`conversations.history`, the bot must be in the channel)',
    },
    env: [
      '# Slack: a bot token (xoxb-...) of an app invited to the channel, and the channel id. Secret.',
      '# SLACK_BOT_TOKEN=',
      '# SLACK_CHANNEL_ID=C0123ABCD',
    ],
  },
  {
    variables: [
      'TEAMS_TEAM_ID',
      'TEAMS_CHANNEL_ID',
      'TEAMS_GRAPH_TOKEN',
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
    ],
    group: 'readback',
    readme: {
      names: '`TEAMS_TEAM_ID`, `TEAMS_CHANNEL_ID`',
      meaning:
        'Teams read-back (Microsoft Graph), with `TEAMS_GRAPH_TOKEN` or `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`; a delegated token lives 60-90 min and cannot be renewed by the harness (an expired one fails with `TEAMS_TOKEN_EXPIRED`, naming when, from its `exp` claim): use client credentials for nightly runs',
    },
    env: [
      '# Teams (Microsoft Graph): the team and channel ids, and a delegated token (it expires after 60-90',
      '# min and the harness cannot renew it: for a run by hand) ...',
      '# TEAMS_TEAM_ID=',
      '# TEAMS_CHANNEL_ID=19:...@thread.tacv2',
      '# TEAMS_GRAPH_TOKEN=',
      '# ... or an app registration (client credentials, recommended for nightly runs). Secret.',
      '# AZURE_TENANT_ID=',
      '# AZURE_CLIENT_ID=',
      '# AZURE_CLIENT_SECRET=',
    ],
  },
  {
    variables: ['READBACK_POLL_MS'],
    group: 'readback',
    readme: {
      names: '`READBACK_POLL_MS`',
      meaning: 'first poll interval of the read-back (it backs off and honours `Retry-After`)',
    },
    env: [
      '# First poll interval of the read-back in ms (it backs off and honours Retry-After).',
      '# READBACK_POLL_MS=10000',
    ],
  },
  {
    variables: ['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY'],
    group: 'readback',
    readme: {
      names: '`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (or lower case)',
      meaning:
        "the proxy every client takes (Central, Kubernetes, Slack, Graph and Azure sign-in, inboxes, the console's browser), decided as Go decides for kubectl: `localhost` and loopback never proxied; `NO_PROXY` lists hosts, domains (`example.com` and its subdomains, `.example.com` subdomains only), IPs, CIDRs or `*`. A cluster's `proxy-url` in the kubeconfig wins for the Kubernetes API. An unreachable proxy stops with `PROXY_UNREACHABLE` naming the variable; credentials in the URL are never printed",
    },
    env: [
      "# A forward proxy for every client, as kubectl reads it (Go's rules: loopback is never proxied).",
      '# HTTPS_PROXY=http://user:password@proxy.example.com:3128',
      '# HTTP_PROXY=http://proxy.example.com:3128',
      '# NO_PROXY=.svc,.cluster.local,10.0.0.0/8',
    ],
  },
  {
    variables: ['SLACK_API_URL'],
    group: 'readback',
    readme: {
      names: '`SLACK_API_URL`',
      meaning:
        'testing or a proxy only: the Slack Web API base for read-back (default `https://slack.com/api/`)',
    },
    env: [
      '# Testing/proxy only: the Slack Web API base (default https://slack.com/api/).',
      '# SLACK_API_URL=http://127.0.0.1:9000/api/',
    ],
  },
  {
    variables: ['LAB_PROFILE'],
    group: 'module',
    readme: {
      names: '`LAB_PROFILE`',
      meaning: '`default` (the corrected module) or `as-written` (the module verbatim)',
    },
    env: [
      '# default = the corrected module; as-written = the module text verbatim (to reproduce its defects).',
      '# LAB_PROFILE=default',
    ],
  },
  {
    variables: ['MODULE_CR_FILE'],
    group: 'module',
    readme: {
      names: '`MODULE_CR_FILE`',
      meaning:
        'the SecurityPolicy YAML to apply (default `module/no-bash-allowed.yaml`, or the as-written one)',
    },
    env: [
      '# SecurityPolicy YAML to apply (default: module/no-bash-allowed.yaml, or',
      '# module/no-bash-allowed.as-written.yaml with LAB_PROFILE=as-written).',
      '# MODULE_CR_FILE=module/no-bash-allowed.yaml',
    ],
  },
  {
    variables: ['MODULE_GUIDE'],
    group: 'module',
    readme: {
      names: '`MODULE_GUIDE`',
      meaning:
        "the module's AsciiDoc guide to verify (also `--guide FILE`); its names, CR and commands replace the built-in copy",
    },
    env: [
      "# The module's own AsciiDoc (Showroom/Antora): names, CR and commands are read from it (also --guide FILE).",
      '# MODULE_GUIDE=content/modules/ROOT/pages/07-acs-notifications.adoc',
    ],
  },
  {
    variables: ['POD_NAMESPACE', 'POD_SELECTOR'],
    group: 'module',
    readme: {
      names: '`POD_NAMESPACE`, `POD_SELECTOR`',
      meaning: 'where the workload runs (`payments`, `app=visa-processor`)',
    },
    env: [
      '# Where the visa-processor workload runs, and how to find its pod.',
      '# POD_NAMESPACE=payments',
      '# POD_SELECTOR=app=visa-processor',
    ],
  },
  {
    variables: ['ALERT_TIMEOUT_MS'],
    group: 'run',
    readme: {
      names: '`ALERT_TIMEOUT_MS`',
      meaning:
        "how long to wait for an alert or a Slack message (default 90 s on a cluster, 15 s embedded); each scenario's test timeout is the sum of its waits (`src/module/time-budget.ts`), so raising it never ends in a Playwright timeout",
    },
    env: [
      '# How long to wait for an alert/notification, in ms (default 90000 on a cluster, 15000 embedded).',
      '# ALERT_TIMEOUT_MS=90000',
    ],
  },
  {
    variables: ['TEAMS_READBACK_TIMEOUT_MS'],
    group: 'run',
    readme: {
      names: '`TEAMS_READBACK_TIMEOUT_MS`',
      meaning:
        'how long a Teams message, its flow run and the card may take to be listed in the channel (default 120 s on a cluster, 15 s embedded); in the time budgets too',
    },
    env: [
      "# How long a Teams message may take to be listed in the channel: Central's post, the Workflows flow",
      '# run (seconds to a minute) and Graph, in ms (default 120000 on a cluster, 15000 embedded).',
      '# TEAMS_READBACK_TIMEOUT_MS=120000',
    ],
  },
  {
    variables: ['KEEP'],
    group: 'run',
    readme: { names: '`KEEP=1`', meaning: 'keep what the run created, for inspection' },
    env: ['# KEEP=1 keeps what the run created (policies, notifiers, CRs) for inspection.', '# KEEP=1'],
  },
  {
    variables: ['RUN_ID'],
    group: 'run',
    readme: { names: '`RUN_ID`', meaning: 'a short id tagging what the run creates (default random)' },
    env: [
      '# Short id tagging everything this run creates (default: random). Lowercase letters, digits, dashes.',
      '# RUN_ID=nightly-42',
    ],
  },
  {
    variables: ['REPORTS_DIR'],
    group: 'run',
    env: ['# Where the reports go (default reports/).', '# REPORTS_DIR=reports'],
  },
  {
    variables: ['TARGETS_FILE'],
    group: 'run',
    env: [
      '# A targets file listing many labs (same as `npm run verify -- --targets FILE`).',
      '# TARGETS_FILE=room.yaml',
    ],
  },
  {
    variables: ['LAB_TLS'],
    group: 'lab',
    env: [
      "# LAB_TLS=1 serves the lab's Central over HTTPS with a self-signed certificate (its CA is written to",
      '# .lab/central-ca.pem and ROX_CA_CERT_FILE in .lab/lab.env).',
      '# LAB_TLS=1',
    ],
  },
];
