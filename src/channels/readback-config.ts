// Settings for reading real Slack and Teams channels back (proof that an alert reached them). Kept
// apart from loadConfig(): read-back is optional, and missing pieces only make the verdict
// "unverified", never a configuration error.

import { HarnessError } from '../errors.ts';

export interface SlackReadbackSettings {
  /** Bot User OAuth Token (xoxb-...) of an app invited to the channel. */
  botToken: string;
  channelId: string;
}

export type TeamsGraphAuth =
  | { kind: 'delegated-token'; token: string }
  | { kind: 'client-secret'; tenantId: string; clientId: string; clientSecret: string };

export interface TeamsReadbackSettings {
  teamId: string;
  channelId: string;
  auth: TeamsGraphAuth;
}

export interface ReadbackConfig {
  slack?: SlackReadbackSettings;
  teams?: TeamsReadbackSettings;
  /** READBACK_POLL_MS: the first poll interval for both readers (each backs off from there). */
  pollMs?: number;
  /** The variables still needed to read each channel back (empty when it can be read). */
  missing: { slack: string[]; teams: string[] };
  /** Every secret value here, for redact(). */
  secrets: string[];
}

const POLL_MIN_MS = 200;
const POLL_MAX_MS = 600_000;

export function loadReadbackConfig(env: NodeJS.ProcessEnv = process.env): ReadbackConfig {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const config: ReadbackConfig = { missing: { slack: [], teams: [] }, secrets: [] };

  const botToken = get('SLACK_BOT_TOKEN');
  const slackChannel = get('SLACK_CHANNEL_ID');
  if (botToken !== undefined) config.secrets.push(botToken);
  if (botToken !== undefined && slackChannel !== undefined) {
    config.slack = { botToken, channelId: slackChannel };
  } else {
    if (botToken === undefined) config.missing.slack.push('SLACK_BOT_TOKEN');
    if (slackChannel === undefined) config.missing.slack.push('SLACK_CHANNEL_ID');
  }

  const teamId = get('TEAMS_TEAM_ID');
  const teamsChannel = get('TEAMS_CHANNEL_ID');
  const token = get('TEAMS_GRAPH_TOKEN');
  const tenantId = get('AZURE_TENANT_ID');
  const clientId = get('AZURE_CLIENT_ID');
  const clientSecret = get('AZURE_CLIENT_SECRET');
  if (token !== undefined) config.secrets.push(token);
  if (clientSecret !== undefined) config.secrets.push(clientSecret);
  let auth: TeamsGraphAuth | undefined;
  // A delegated token wins: it is what works without admin approval of the Protected API.
  if (token !== undefined) auth = { kind: 'delegated-token', token };
  else if (tenantId !== undefined && clientId !== undefined && clientSecret !== undefined)
    auth = { kind: 'client-secret', tenantId, clientId, clientSecret };
  if (teamId === undefined) config.missing.teams.push('TEAMS_TEAM_ID');
  if (teamsChannel === undefined) config.missing.teams.push('TEAMS_CHANNEL_ID');
  if (auth === undefined) {
    const partial = [tenantId, clientId, clientSecret].some((v) => v !== undefined);
    if (partial) {
      const names = {
        AZURE_TENANT_ID: tenantId,
        AZURE_CLIENT_ID: clientId,
        AZURE_CLIENT_SECRET: clientSecret,
      };
      for (const [name, value] of Object.entries(names))
        if (value === undefined) config.missing.teams.push(name);
    } else config.missing.teams.push('TEAMS_GRAPH_TOKEN');
  }
  if (auth !== undefined && teamId !== undefined && teamsChannel !== undefined) {
    config.teams = { teamId, channelId: teamsChannel, auth };
  }

  const pollRaw = get('READBACK_POLL_MS');
  if (pollRaw !== undefined) {
    const n = Number(pollRaw);
    if (!Number.isInteger(n) || n < POLL_MIN_MS || n > POLL_MAX_MS) {
      throw new HarnessError({
        code: 'CONFIG_INVALID',
        what: 'Reading the read-back settings',
        cause: `READBACK_POLL_MS "${pollRaw}" is not a whole number of milliseconds between ${POLL_MIN_MS} and ${POLL_MAX_MS}`,
        fix: 'use e.g. READBACK_POLL_MS=10000 (Teams wants 10-30 s between polls), or unset it for the defaults',
      });
    }
    config.pollMs = n;
  }
  return config;
}
