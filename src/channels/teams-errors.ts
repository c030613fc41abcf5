// Microsoft Graph failures when reading a Teams channel, each with what to do about it.

import { GraphError } from '@microsoft/microsoft-graph-client';
import { HarnessError } from '../errors.ts';
import { redact } from '../redact.ts';
import { TokenAcquisitionError } from './teams-graph-client.ts';

const CREDENTIALS_FIX =
  'set TEAMS_GRAPH_TOKEN to a current delegated token with ChannelMessage.Read.All, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET of an app registration (check the secret has not expired)';

const PERMISSION_FIX =
  'use resource-specific consent: grant the app ChannelMessage.Read.Group in a Teams app manifest and install that app in the team; or use a delegated token (TEAMS_GRAPH_TOKEN) with ChannelMessage.Read.All. Plain application ChannelMessage.Read.All needs Microsoft to approve Protected API access first';

export interface TeamsTarget {
  teamId: string;
  channelId: string;
}

export function teamsReadError(
  err: unknown,
  what: string,
  target: TeamsTarget,
  secrets: string[],
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
