// Microsoft Graph failures when reading a Teams channel, each with what to do about it.

import { GraphError } from '@microsoft/microsoft-graph-client';
import { HarnessError } from '../errors.ts';
import { redact } from '../redact.ts';
import { TokenAcquisitionError } from './teams-graph-client.ts';
import { durationText } from './token-expiry.ts';

const CREDENTIALS_FIX =
  'set TEAMS_GRAPH_TOKEN to a current delegated token with ChannelMessage.Read.All, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET of an app registration (check the secret has not expired)';

const PERMISSION_FIX =
  'use resource-specific consent: grant the app ChannelMessage.Read.Group in a Teams app manifest and install that app in the team; or use a delegated token (TEAMS_GRAPH_TOKEN) with ChannelMessage.Read.All. Plain application ChannelMessage.Read.All needs Microsoft to approve Protected API access first';

// Access tokens live 60-90 minutes by default (learn.microsoft.com/entra/identity-platform/access-tokens,
// "Token lifetime"); a client-credentials run asks Entra ID
// for a new one each time, a delegated token given in TEAMS_GRAPH_TOKEN cannot be renewed here.
// Application ChannelMessage.Read.All is a Protected API (learn.microsoft.com/graph/teams-protected-apis).
const EXPIRED_FIX =
  "a delegated token lasts about an hour (60-90 min) and the harness cannot renew it: get a new one for a run by hand; for nightly runs set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET of an app registration instead and unset TEAMS_GRAPH_TOKEN, which wins when both are set (client credentials: a fresh token every run) with the application permission ChannelMessage.Read.All (admin consent, and Microsoft's Protected API approval) or ChannelMessage.Read.Group through resource-specific consent";

export interface TeamsTarget {
  teamId: string;
  channelId: string;
}

export function teamsReadError(
  err: unknown,
  what: string,
  target: TeamsTarget,
  secrets: string[],
  /** When the delegated token (TEAMS_GRAPH_TOKEN) expires, from its exp claim (ms); undefined otherwise. */
  delegatedExpiresAt?: number,
): HarnessError {
  const make = (code: string, cause: string, fix: string, extra: Record<string, unknown> = {}) =>
    new HarnessError({ code, what, cause: redact(cause, secrets), fix, details: { ...target, ...extra } });

  // The SDK rewraps errors thrown inside the middleware as GraphError, keeping the name as `code`.
  const tokenFailure =
    err instanceof TokenAcquisitionError ||
    (err instanceof GraphError && err.code === 'TokenAcquisitionError');
  if (tokenFailure) {
    return make(
      'TEAMS_UNAUTHORIZED',
      `no Graph token could be obtained (${(err as Error).message})`,
      CREDENTIALS_FIX,
    );
  }
  if (err instanceof GraphError) {
    const graphCode = err.code ?? '';
    const message = err.message || graphCode || 'no error message';
    const said = `Graph answered ${err.statusCode}${graphCode ? ` ${graphCode}` : ''}: ${message}`;
    const extra = { status: err.statusCode, graphCode, requestId: err.requestId };
    const now = Date.now();
    if (err.statusCode === 401 && delegatedExpiresAt !== undefined && delegatedExpiresAt <= now) {
      const at = new Date(delegatedExpiresAt).toISOString().replace(/\.000Z$/, 'Z');
      return make(
        'TEAMS_TOKEN_EXPIRED',
        `the delegated token in TEAMS_GRAPH_TOKEN expired at ${at} (its exp claim), ${durationText(now - delegatedExpiresAt)} before this request; ${said}`,
        EXPIRED_FIX,
        { ...extra, expiredAt: at },
      );
    }
    if (err.statusCode === 401) return make('TEAMS_UNAUTHORIZED', said, CREDENTIALS_FIX, extra);
    if (err.statusCode === 403 && /protected api/i.test(message)) {
      return make(
        'TEAMS_PROTECTED_API',
        `${said} (application-only ChannelMessage.Read.All is a Protected API)`,
        PERMISSION_FIX,
        extra,
      );
    }
    if (err.statusCode === 403) return make('TEAMS_FORBIDDEN', said, PERMISSION_FIX, extra);
    if (err.statusCode === 404 || err.statusCode === 400) {
      return make(
        'TEAMS_CHANNEL_NOT_FOUND',
        said,
        "set TEAMS_TEAM_ID to the team's group id (a GUID) and TEAMS_CHANNEL_ID to the channel id (19:...@thread.tacv2), both from the channel's 'Get link to channel' URL",
        extra,
      );
    }
    if (err.statusCode <= 0) {
      return make(
        'TEAMS_UNREACHABLE',
        `Microsoft Graph could not be reached (${message})`,
        'check network access to graph.microsoft.com (proxy, firewall)',
        extra,
      );
    }
    return make('TEAMS_GRAPH_ERROR', said, 'retry later; check the Microsoft 365 service health', extra);
  }
  const message = err instanceof Error ? err.message : String(err);
  return make(
    'TEAMS_GRAPH_ERROR',
    message,
    're-run; if it persists, report it with the HTML report attached',
  );
}
