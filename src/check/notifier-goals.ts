// The slack-alerts and teams-alerts integrations: exact name, type, and a webhook of the right kind.

import type { Notifier } from '../../types/rhacs.ts';
import { redactUrl } from '../redact.ts';
import { type GoalResult, goal } from './goal.ts';
import type { CheckState } from './state.ts';
import { classifySlackWebhook, classifyTeamsWebhook } from './webhook-kind.ts';

const SLACK_FORM =
  'Platform Configuration -> Integrations -> Notifier Integrations -> Slack -> New integration';
const TEAMS_FORM =
  'Platform Configuration -> Integrations -> Notifier Integrations -> Microsoft Teams -> New integration';

/** Notifiers of a type whose name is close to the wanted one (case, plural, spaces). */
function nearMisses(notifiers: Notifier[], name: string, type: string): Notifier[] {
  const squash = (s: string) =>
    s
      .toLowerCase()
      .replace(/[\s_-]+/g, '')
      .replace(/s$/, '');
  return notifiers.filter((n) => n.name !== name && (n.type === type || squash(n.name) === squash(name)));
}

function missingNotifier(
  state: CheckState,
  id: 'slack-notifier' | 'teams-notifier',
  name: string,
  type: string,
  form: string,
): GoalResult {
  const near = nearMisses(state.notifiers, name, type);
  const label = type === 'slack' ? 'Slack' : 'Teams';
  const found =
    near.length > 0
      ? `No integration is named exactly ${name}; found ${near.map((n) => `"${n.name}" (${n.type})`).join(', ')}.`
      : `No integration named ${name} exists.`;
  const hint =
    near.length > 0
      ? `Rename the ${label} integration to exactly ${name}: the policy refers to notifiers by this name.`
      : `Create it in ${form}: Integration name ${name}, paste the webhook URL, click Test, then Save.`;
  return goal(id, 'fail', found, { hint });
}

function testResult(state: CheckState, name: string): { failed: string } | undefined {
  const t = state.notifierTests?.[name];
  if (t === undefined || t.ok) return undefined;
  return { failed: t.message };
}

export function evaluateSlackNotifier(state: CheckState): GoalResult {
  const name = state.names.slackNotifier;
  const n = state.notifiers.find((x) => x.name === name);
  if (n === undefined) return missingNotifier(state, 'slack-notifier', name, 'slack', SLACK_FORM);
  if (n.type !== 'slack') {
    return goal('slack-notifier', 'fail', `${name} exists but is a "${n.type}" integration, not Slack.`, {
      hint: `Delete it and create ${name} under ${SLACK_FORM}.`,
    });
  }
  const shape = classifySlackWebhook(n.labelDefault, state.labInboxUrl);
  const shown = redactUrl(n.labelDefault);
  switch (shape.kind) {
    case 'empty':
      return goal('slack-notifier', 'fail', `${name} has no webhook URL.`, {
        hint: 'Edit it and paste the Slack webhook URL into "Default Slack webhook", then Test and Save.',
      });
    case 'invalid':
      return goal('slack-notifier', 'fail', `${name}'s webhook is not a Slack webhook URL: ${shown}`, {
        hint: 'A Slack app incoming webhook looks like https://hooks.slack.com/services/T.../B.../...; copy it again from your app\'s "Incoming Webhooks" page.',
      });
    case 'other-host':
      return goal(
        'slack-notifier',
        'fail',
        `${name} posts to ${shape.host}, which is not Slack (hooks.slack.com).`,
        {
          hint: 'Paste the URL Slack gave you (https://hooks.slack.com/services/...). If this is a relay or lab receiver on purpose, set LAB_INBOX_URL to its inbox so check can read it.',
          basis: 'webhook-host',
        },
      );
    case 'workflow-trigger':
      return goal(
        'slack-notifier',
        'fail',
        `${name} posts to a Slack workflow trigger, not an incoming webhook: ${shown}`,
        {
          hint: "A workflow trigger keeps only flat text variables and silently drops RHACS's alert attachments: the Test message works, but alerts arrive empty or missing their details. Create a Slack app with an Incoming Webhook (https://api.slack.com/apps -> Incoming Webhooks) and use its /services/ URL; or declare and use summary, severity, policy, alert_url and violations in the workflow (RHACS 4.11+).",
          finding: 'F3',
        },
      );
    case 'incoming': {
      const failed = testResult(state, name);
      if (failed) {
        return goal('slack-notifier', 'fail', `${name} exists, but its Test failed: ${failed.failed}.`, {
          hint: 'Slack refused the message: the webhook may be revoked or its channel archived. Create a new incoming webhook and paste it.',
        });
      }
      return goal('slack-notifier', 'ok', `${name} posts to an incoming webhook: ${shown}`);
    }
  }
}

export function evaluateTeamsNotifier(state: CheckState): GoalResult {
  const name = state.names.teamsNotifier;
  const n = state.notifiers.find((x) => x.name === name);
  if (n === undefined) return missingNotifier(state, 'teams-notifier', name, 'teams', TEAMS_FORM);
  if (n.type !== 'teams') {
    return goal(
      'teams-notifier',
      'fail',
      `${name} exists but is a "${n.type}" integration, not Microsoft Teams.`,
      {
        hint: `Delete it and create ${name} under ${TEAMS_FORM}.`,
      },
    );
  }
  const shape = classifyTeamsWebhook(n.labelDefault, state.labInboxUrl);
  const shown = redactUrl(n.labelDefault);
  switch (shape.kind) {
    case 'empty':
      return goal('teams-notifier', 'fail', `${name} has no webhook URL.`, {
        hint: 'Edit it and paste the Workflows webhook URL from Teams, then Test and Save.',
      });
    case 'retired-connector':
      return goal('teams-notifier', 'fail', `${name} posts to an Office 365 connector (${shape.host}).`, {
        hint: 'Office 365 connector webhooks (webhook.office.com) were switched off in May 2026: every such URL is dead. In Teams, use the channel\'s ... -> Workflows -> "Send webhook alerts to a channel" and paste the URL it generates.',
      });
    case 'other-host':
      return goal(
        'teams-notifier',
        'fail',
        `${name} posts to ${shape.host}, which is not a Teams Workflows host.`,
        {
          hint: 'Paste the URL the Teams workflow generated (https://...logic.azure.com/workflows/... or https://...environment.api.powerplatform.com/...). If this is a relay or lab receiver on purpose, set LAB_INBOX_URL to its inbox.',
          basis: 'webhook-host',
        },
      );
    case 'invalid':
      return goal('teams-notifier', 'fail', `${name}'s webhook is not a Workflows webhook URL: ${shown}`, {
        hint: "Copy the whole URL from the workflow's trigger, including the query string ending in &sig=...: the sig parameter is what lets RHACS post.",
      });
    case 'workflows': {
      const failed = testResult(state, name);
      if (failed) {
        return goal('teams-notifier', 'fail', `${name} exists, but its Test failed: ${failed.failed}.`, {
          hint: 'The workflow refused the request: check it is turned on and that "Who can trigger" allows anyone.',
        });
      }
      return goal('teams-notifier', 'ok', `${name} posts to a Teams Workflows webhook: ${shown}`, {
        hint: 'A Workflows webhook answers 202 to anything, so "The test was successful" does not prove the card appeared. The flow must wrap RHACS\'s card in an Adaptive Card (add a Compose step); check the channel or the flow\'s run history.',
        finding: 'F5',
      });
    }
  }
}
