// What a chat webhook's refusal means, read from Central's administration event for the notifier
// ("Received an error response for notifier (notifier: X, status code: 404, response: no_service)").
// Slack's plain-text error codes: reference/chat-webhooks.md.

export interface WebhookRefusal {
  status: number;
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

/** The refusal named in a notifier error event, when it is one a person can act on. */
export function webhookRefusal(eventMessage: string): WebhookRefusal | undefined {
  const m = /status code: (\d{3}), response: ([a-z_]+)/.exec(eventMessage);
  if (!m) return undefined;
  const known = SLACK_CODES[m[2] ?? ''];
  if (!known) return undefined;
  return { status: Number(m[1]), code: m[2] ?? '', ...known };
}
