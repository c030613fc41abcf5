// What a chat webhook's refusal means, read from Central's administration event for the notifier.
// The message is the log line and its fields in zap's console encoding (stackrox pkg/logging/encoder.go,
// pkg/notifiers/common.go wrapError), with no status code:
//   Received an error response for notifier {"err_code": "slack-generic", "notifier": "slack-alerts", "response": "no_service"}
// Slack's plain-text error codes: reference/chat-webhooks.md.

export interface WebhookRefusal {
  /** Slack's error code, the body it answered with. */
  code: string;
  meaning: string;
  fix: string;
}

const NEW_SLACK_HOOK =
  "create a new Incoming Webhook (Slack app -> Incoming Webhooks -> Add New Webhook), paste it into the notifier's Webhook URL and SLACK_WEBHOOK_URL, then click Test";

const SLACK_CODES: Record<string, { meaning: string; fix: string }> = {
  no_service: { meaning: 'Slack says the webhook was revoked or deleted', fix: NEW_SLACK_HOOK },
  no_team: { meaning: "Slack says the webhook's workspace no longer exists", fix: NEW_SLACK_HOOK },
  no_active_hooks: {
    meaning: "Slack says the webhook's app has no active webhooks (uninstalled or disabled)",
    fix: `reinstall the Slack app, then ${NEW_SLACK_HOOK}`,
  },
  channel_not_found: {
    meaning: "Slack says the webhook's channel was deleted",
    fix: `pick an existing channel: ${NEW_SLACK_HOOK}`,
  },
  channel_is_archived: {
    meaning: "Slack says the webhook's channel is archived",
    fix: `unarchive the channel, or ${NEW_SLACK_HOOK}`,
  },
  action_prohibited: {
    meaning: 'Slack says an admin restricted posting to the channel',
    fix: 'ask a workspace admin to allow the app to post there, or use another channel',
  },
};

/** An event message split into its log line and the fields logged with it (none when not JSON). */
export function eventFields(message: string): { line: string; fields: Record<string, string> } {
  const brace = message.indexOf(' {');
  if (brace >= 0 && message.endsWith('}')) {
    try {
      const parsed: unknown = JSON.parse(message.slice(brace + 1));
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(parsed))
          fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
        return { line: message.slice(0, brace), fields };
      }
    } catch {
      // not zap's fields: the whole message is the line
    }
  }
  return { line: message, fields: {} };
}

const ERROR_RESPONSE_LINE = 'Received an error response for notifier';

/** The refusal named in a notifier error event, when it is one a person can act on. */
export function webhookRefusal(eventMessage: string): WebhookRefusal | undefined {
  const { line, fields } = eventFields(eventMessage);
  if (line !== ERROR_RESPONSE_LINE || fields.err_code !== 'slack-generic') return undefined;
  const code = fields.response?.trim() ?? '';
  const known = Object.hasOwn(SLACK_CODES, code) ? SLACK_CODES[code] : undefined;
  return known ? { code, ...known } : undefined;
}
