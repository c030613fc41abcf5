// Slack Web API failures, each turned into what it means for reading the channel and what to do.

import { WebAPIHTTPError, WebAPIPlatformError, WebAPIRequestError } from '@slack/web-api';
import { HarnessError } from '../errors.ts';
import { redact } from '../redact.ts';

interface Explanation {
  code: string;
  cause: string;
  fix: string;
}

const TOKEN_FIX =
  'set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...) shown under OAuth & Permissions of the installed Slack app';

const REINSTALL_FIX =
  'reinstall the Slack app to the workspace (OAuth & Permissions -> Install to Workspace), invite it to the channel again, and set SLACK_BOT_TOKEN to its new Bot User OAuth Token (xoxb-...)';

function explainPlatform(error: string, data: Record<string, unknown>, channelId: string): Explanation {
  switch (error) {
    case 'not_in_channel':
      return {
        code: 'SLACK_NOT_IN_CHANNEL',
        cause: `the Slack app is not a member of channel ${channelId} (not_in_channel)`,
        fix: `invite the app to the channel: type /invite @<app name> in the channel (or channel details -> Integrations -> Add apps), then re-run`,
      };
    case 'missing_scope': {
      const needed = typeof data.needed === 'string' ? data.needed : 'channels:history';
      const provided = typeof data.provided === 'string' ? `; the token has ${data.provided}` : '';
      return {
        code: 'SLACK_MISSING_SCOPE',
        cause: `the bot token lacks the scope ${needed} (missing_scope${provided})`,
        fix: 'add the Bot Token Scope channels:history (public channel) or groups:history (private channel) under OAuth & Permissions, reinstall the app to the workspace, and use the new xoxb- token',
      };
    }
    case 'invalid_auth':
    case 'not_authed':
      return { code: 'SLACK_INVALID_AUTH', cause: `Slack rejected the bot token (${error})`, fix: TOKEN_FIX };
    // The token was valid once: setting it again does not help, a new one is needed.
    case 'token_revoked':
    case 'account_inactive':
      return {
        code: 'SLACK_INVALID_AUTH',
        cause: `Slack no longer accepts the bot token (${error}): the app was uninstalled, or the user or workspace it belongs to was deactivated`,
        fix: REINSTALL_FIX,
      };
    case 'token_expired':
      return {
        code: 'SLACK_INVALID_AUTH',
        cause: 'the bot token has expired (token_expired): the Slack app has token rotation turned on',
        fix: `${REINSTALL_FIX}; or turn token rotation off for the app (OAuth & Permissions) so its token does not expire after 12 hours`,
      };
    case 'channel_not_found':
      return {
        code: 'SLACK_CHANNEL_NOT_FOUND',
        cause: `Slack knows no channel ${channelId} that this app can see (channel_not_found)`,
        fix: 'set SLACK_CHANNEL_ID to the channel ID (C..., at the bottom of the channel details), not its name; a private channel also needs the app invited',
      };
    default:
      return {
        code: 'SLACK_API_ERROR',
        cause: `conversations.history answered ${error}`,
        fix: 'look the error up at https://api.slack.com/methods/conversations.history#errors',
      };
  }
}

/** Any error from WebClient#conversations.history -> a HarnessError with its fix; secrets removed. */
export function slackReadError(
  err: unknown,
  what: string,
  channelId: string,
  secrets: string[],
): HarnessError {
  let e: Explanation;
  if (err instanceof WebAPIPlatformError) {
    e = explainPlatform(err.data.error, err.data as unknown as Record<string, unknown>, channelId);
  } else if (err instanceof WebAPIHTTPError) {
    e = {
      code: 'SLACK_HTTP_ERROR',
      cause: `the Slack API answered HTTP ${err.statusCode} ${err.statusMessage}`,
      fix: 'retry later; check https://status.slack.com',
    };
  } else if (err instanceof WebAPIRequestError) {
    e = {
      code: 'SLACK_UNREACHABLE',
      cause: `the Slack API could not be reached (${err.original.message})`,
      fix: 'check network access to slack.com from where the harness runs (proxy, firewall)',
    };
  } else {
    e = {
      code: 'SLACK_API_ERROR',
      cause: err instanceof Error ? err.message : String(err),
      fix: 're-run; if it persists, report it with the HTML report attached',
    };
  }
  return new HarnessError({
    code: e.code,
    what,
    cause: redact(e.cause, secrets),
    fix: e.fix,
    details: { channelId },
  });
}
