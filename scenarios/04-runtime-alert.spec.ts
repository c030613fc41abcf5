// The module's last steps: a shell in visa-processor trips "No bash allowed", and this run's alert
// (not an older one) reaches every channel the policy notifies. Then a negative control: `ls` must
// not alert. Each step's work is in src/module/runtime/.

import { test } from '../fixtures/harness.ts';
import { attachInboxScreenshot } from '../fixtures/inbox-screenshot.ts';
import { softChannelStep, softStep } from '../fixtures/steps.ts';
import type { ChannelMessage } from '../src/channels/index.ts';
import { detectSampleLabel, SAMPLE_SELECTOR } from '../src/diagnose/index.ts';
import { integrationOf, wantedIntegrations } from '../src/module/model.ts';
import { bashSignalsBefore } from '../src/module/run-alert.ts';
import {
  type Delivery,
  genericDelivery,
  genericReadUrl,
  slackDelivery,
  teamsDelivery,
} from '../src/module/runtime/deliveries.ts';
import { prepareExec } from '../src/module/runtime/exec-preparation.ts';
import { policyNotifiersFor } from '../src/module/runtime/policy-notifiers.ts';
import { proveLsIsQuiet } from '../src/module/runtime/quiet-ls.ts';
import { planShell } from '../src/module/runtime/shell.ts';
import type { RuntimeDeps, ShellTarget } from '../src/module/runtime/target.ts';
import { awaitThisRunsAlert } from '../src/module/runtime/this-run-alert.ts';
import { scenarioBudgetMs } from '../src/module/time-budget.ts';

test.describe.configure({ mode: 'serial' });

test('Runtime alert reaches Slack and Teams', async ({
  goalsHold,
  config,
  module,
  mode,
  kube,
  kubeExtras,
  central,
  channels,
  slack,
  teams,
  cleanup,
  sink,
  inboxBrowser,
}) => {
  test.setTimeout(scenarioBudgetMs('runtime', config.alertTimeoutMs, config.teamsReadbackTimeoutMs));
  const deps: RuntimeDeps = { config, module, mode, central, kube, kubeExtras, sink };
  // The integrations of the text, less an optional one this run did not create (it skipped it).
  const wantedNames = wantedIntegrations(module, await central.listNotifiers()).map((i) => i.name);
  const { namespace, selector } = module.pod;
  const shell = planShell(deps, namespace);

  const found =
    await test.step(`POD=$(oc get pod -n ${namespace} -l ${selector} -o jsonpath="{.items[0].metadata.name}")`, () =>
      kube.findPod(namespace, selector));
  const target: ShellTarget = {
    policy: module.policy.name,
    namespace,
    selector,
    deployment: await kubeExtras.deploymentFor(namespace, selector),
    pod: found.name,
    container: found.containers[0] ?? '',
  };
  sink.evidence('target', { ...target });

  await test.step(`The sample output's \`-l ${SAMPLE_SELECTOR}\` finds the pod too`, async () => {
    const [samplePods, guidePods] = await Promise.all([
      kubeExtras.listPods(namespace, SAMPLE_SELECTOR),
      kubeExtras.listPods(namespace, selector),
    ]);
    const f7 = detectSampleLabel({
      sampleSelector: SAMPLE_SELECTOR,
      samplePods: samplePods.map((p) => p.name),
      guideSelector: selector,
      guidePods: guidePods.map((p) => p.name),
      namespace,
    });
    if (f7) sink.finding(f7);
  });

  const notifiers = await test.step(`The policy sends to ${wantedNames.join(' and ')}`, () =>
    policyNotifiersFor(central, module, wantedNames));

  const prepared = await test.step('Resolve the previous alerts first, so this run gets a new alert id', () =>
    prepareExec(deps, target));
  target.pod = prepared.pod;

  // Subscribe before the trigger: nothing that arrives from now on can be missed.
  const slackWaiter = await slack.subscribe();
  const teamsWaiter = await teams.subscribe();
  // When each webhook got Central's post: Central's own hop, which the negative control waits out.
  const webhookArrivals = new Map<string, number>();
  const seen: { slack?: ChannelMessage; teams?: ChannelMessage } = {};
  // The bash signals Central holds before the exec: none of them is this run's (src/module/run-alert.ts).
  const before = await bashSignalsBefore(central, target);
  const since = Date.now();
  sink.evidence('execStartedAt', new Date(since).toISOString());
  let alert: Awaited<ReturnType<typeof awaitThisRunsAlert>>['alert'];
  try {
    await test.step(shell.title, () => shell.run(deps, target, since));

    alert = (
      await test.step("Central raises this run's alert (ACTIVE, Binary '/bin/bash' executed)", () =>
        awaitThisRunsAlert(deps, target, { since, before }, prepared))
    ).alert;
    const { id } = alert;
    if (mode === 'verify')
      cleanup.created(`alert ${id} (resolved at the end)`, () => central.resolveAlert(id));
    // Each webhook's arrival, told before the message is judged (a failing one still counts).
    const arrived = (channel: 'slack' | 'teams' | 'generic') => (d: Delivery) => {
      webhookArrivals.set(channel, d.webhookAt);
      if (channel !== 'generic') seen[channel] = d.message;
    };
    const seenAlert = { alert, since };

    if (notifiers.slack) {
      const notifier = notifiers.slack;
      await softChannelStep(channels, 'slack', 'Lastly, review your Slack channel for the alert', () =>
        slackDelivery(deps, slackWaiter, notifier, { ...seenAlert, onArrival: arrived('slack') }),
      );
    }
    if (notifiers.teams) {
      const notifier = notifiers.teams;
      await softChannelStep(channels, 'teams', 'Lastly, review your Teams channel for the alert', () =>
        teamsDelivery(deps, teamsWaiter, notifier, { ...seenAlert, onArrival: arrived('teams') }, target),
      );
    }
    const generic = notifiers.generic && integrationOf(module, 'generic');
    const readUrl = genericReadUrl(deps);
    if (generic && readUrl) {
      await softStep(`The alert payload appears on the ${generic.name} endpoint`, () =>
        genericDelivery(deps, readUrl, { ...seenAlert, onArrival: arrived('generic') }),
      );
    }
  } finally {
    slackWaiter.close();
    teamsWaiter.close();
  }
  const runAlert = { id: alert.id, time: alert.time, deploymentId: alert.deployment.id };

  // The screenshot only reads the inbox page, so it runs while the negative control waits out its
  // quiet window instead of after it.
  const screenshot = softStep(
    "Screenshot: the lab inbox shows this run's alert in Slack and Teams",
    async () => {
      const browser = await inboxBrowser();
      return attachInboxScreenshot(test.info(), {
        inboxUrl: channels.inboxUrl,
        alertId: runAlert.id,
        messages: seen,
        secrets: config.secrets,
        ...(browser ? { browser } : {}),
      });
    },
  );
  const negativeControl = softStep(
    'Negative control: `oc exec $POD -- ls` raises no alert and sends nothing',
    () =>
      proveLsIsQuiet(deps, {
        target,
        alert: runAlert,
        webhookArrivals: [...webhookArrivals.values()],
        channels: (['slack', 'teams'] as const)
          .filter((c) => notifiers[c] !== undefined && !channels.unverified(c))
          .map((c) => channels.readers[c]),
        budget: prepared.budget,
      }),
  );
  await Promise.all([screenshot, negativeControl]);
  await goalsHold('runtime-alert');
});
