// "Click Test ... The test message appears in the channel": what each integration's Test must
// deliver, read back where it lands (the channel, the flow run for a Workflows URL, the endpoint).

import type { Notifier } from '../../types/rhacs.ts';
import { CatcherReader, GENERIC_TEST_ALERT_ID, genericAlertOf } from '../channels/catcher-reader.ts';
import { type ChannelWaiter, isTestMessage, TEST_MESSAGE_TEXT } from '../channels/index.ts';
import { isWorkflowsUrl } from '../check/webhook-kind.ts';
import { detectTeamsFlowFailure } from '../diagnose/index.ts';
import { HarnessError } from '../errors.ts';
import type { StepDeps } from './step-deps.ts';
import { failWith } from './step-sink.ts';

/** The title Central gives its Generic Webhook test alert's policy (stackrox central/notifiers/generic/generic.go Test). */
const GENERIC_TEST_POLICY = 'This is a test message created to test integration with StackRox.';

function notShown(channel: string, status: number | undefined): HarnessError {
  return new HarnessError({
    code: 'TEST_MESSAGE_NOT_SHOWN',
    what: `Checking the ${channel} test message reached the channel`,
    cause: `the ${channel} webhook answered ${status ?? '?'} and the message did not appear in the channel`,
    fix: `Paste the webhook URL again from ${channel} and press Test`,
  });
}

function lacksText(channel: string, text: string): HarnessError {
  return new HarnessError({
    code: 'TEST_MESSAGE_INCOMPLETE',
    what: `Checking the ${channel} test message`,
    cause: `the channel shows a message without RHACS's test text "${text}"`,
    fix: `Look at the message in ${channel}: the webhook's app rewrites RHACS's message`,
  });
}

export async function slackTestMessage(
  deps: Pick<StepDeps, 'config' | 'sink'>,
  waiter: ChannelWaiter,
  since: number,
): Promise<void> {
  const message = await waiter.waitForMessage(isTestMessage('slack'), {
    since,
    timeoutMs: deps.config.alertTimeoutMs,
  });
  deps.sink.hop('slack test message', message.receivedAt - since);
  if (!message.delivered) throw notShown('Slack', message.status);
  if (!message.shownText.includes(TEST_MESSAGE_TEXT.slack)) throw lacksText('Slack', TEST_MESSAGE_TEXT.slack);
}

export async function teamsTestMessage(
  deps: Pick<StepDeps, 'config' | 'sink'>,
  waiter: ChannelWaiter,
  notifier: Pick<Notifier, 'labelDefault'>,
  since: number,
): Promise<void> {
  const { config, sink } = deps;
  const received = await waiter.waitForMessage(isTestMessage('teams'), {
    since,
    timeoutMs: config.teamsReadbackTimeoutMs,
  });
  sink.hop('teams webhook', received.receivedAt - since);
  let shown = received;
  const webhookUrl = notifier.labelDefault;
  if (isWorkflowsUrl(webhookUrl) && waiter.waitForRun) {
    const { run, message } = await waiter.waitForRun(received, { timeoutMs: config.teamsReadbackTimeoutMs });
    sink.evidence('teamsTestRun', run);
    sink.hop('teams flow run', (run.endedAt ?? Date.now()) - since);
    const f5 = detectTeamsFlowFailure({ what: 'test message', rhacsSaidOk: true, message, run, webhookUrl });
    if (f5) {
      throw failWith(sink, f5, {
        code: 'TEAMS_FLOW_FAILED',
        what: 'Checking the Teams test message reached the channel',
        details: { channel: 'teams' },
      });
    }
    shown = message;
  }
  if (!shown.delivered) throw notShown('Teams', received.status);
  if (!shown.shownText.includes(TEST_MESSAGE_TEXT.teams)) throw lacksText('Teams', TEST_MESSAGE_TEXT.teams);
}

/** Central's test alert on the Generic Webhook's endpoint, read back through `readUrl`. */
export async function genericTestRequest(
  deps: Pick<StepDeps, 'config' | 'sink'>,
  readUrl: string,
  since: number,
): Promise<void> {
  const { config, sink } = deps;
  const reader = new CatcherReader({ readUrl, secrets: config.secrets, proxy: config.proxy });
  const caught = await reader.waitFor((r) => genericAlertOf(r.content)?.id === GENERIC_TEST_ALERT_ID, {
    since: since - 2_000,
    timeoutMs: config.alertTimeoutMs,
  });
  sink.hop('generic test request', caught.receivedAt - since);
  const policy = genericAlertOf(caught.content)?.policy?.name;
  if (caught.method !== 'POST' || policy !== GENERIC_TEST_POLICY) {
    throw new HarnessError({
      code: 'TEST_REQUEST_UNEXPECTED',
      what: 'Checking the Generic Webhook test request on the endpoint',
      cause: `the endpoint got a ${caught.method} whose alert.policy.name is ${policy === undefined ? 'absent' : `"${policy}"`}, not Central's test alert`,
      fix: 'Point the integration at your own endpoint (another sender is using this one)',
    });
  }
}
