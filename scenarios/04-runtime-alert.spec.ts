// The module's last steps: a shell in visa-processor trips "No bash allowed", and this run's alert
// (not an older one) reaches Slack and Teams. Then a negative control: `ls` must not alert.

import { expect, test } from '../fixtures/harness.ts';
import { attachInboxScreenshot } from '../fixtures/inbox-screenshot.ts';
import { softChannelStep, softStep } from '../fixtures/steps.ts';
import { CatcherReader, catcherReadUrl, genericAlertOf } from '../src/channels/catcher-reader.ts';
import { type ChannelMessage, carriesAlertId } from '../src/channels/index.ts';
import { isWorkflowsUrl } from '../src/check/webhook-kind.ts';
import {
  budgetText,
  deliveryRefused,
  detectActiveAlertReuse,
  detectNoTty,
  detectSampleLabel,
  detectSilentDrop,
  detectSlackWorkflowTrigger,
  detectTeamsCardWithoutViolation,
  detectTeamsFlowFailure,
  readExecBudget,
  SAMPLE_SELECTOR,
} from '../src/diagnose/index.ts';
import { HarnessError } from '../src/errors.ts';
import {
  activeAlerts,
  identicalBashExecs,
  type RunAlert,
  waitForRunAlert,
} from '../src/module/alert-wait.ts';
import {
  blockEvidence,
  blockFailure,
  clientText,
  findShellClient,
  runExecuteBlock,
} from '../src/module/guide/run-block.ts';
import { type IntegrationType, integrationOf, wantedIntegrations } from '../src/module/model.ts';
import {
  barrierTimeout,
  centralHopMs,
  quietWindowAfterBarrier,
  runNegativeControl,
} from '../src/module/negative-control.ts';
import { bashSignalsBefore, CLOCK_SKEW_MS } from '../src/module/run-alert.ts';
import { BASH_EXECUTED, promptDifference, SHELL_PROMPT } from '../src/module/shell-prompt.ts';
import { EXEC_TIMEOUT_MS, ROLLOUT_TIMEOUT_MS, scenarioBudgetMs } from '../src/module/time-budget.ts';
import { redact } from '../src/redact.ts';
import type { Notifier } from '../types/rhacs.ts';

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
  evidence,
  recordFinding,
  recordHop,
  failWith,
  inboxBrowser,
}) => {
  test.setTimeout(scenarioBudgetMs('runtime', config.alertTimeoutMs, config.teamsReadbackTimeoutMs));
  // The integrations the text creates (Slack and Teams may be optional, or absent from a guide).
  // The integrations of the text, less an optional one this run did not create (it skipped it).
  const wantedNames = wantedIntegrations(module, await central.listNotifiers()).map((i) => i.name);
  const policyName = module.policy.name;
  const { namespace, selector } = module.pod;
  // A guide's exec block runs verbatim in verify mode (it is the student's action), else the API exec.
  const execBlock = mode === 'verify' ? module.blocks.exec : undefined;
  const execShell = execBlock && findShellClient();
  const execHow = clientText(execShell);
  const shellCommand = module.exec.containerCommand.length > 0 ? module.exec.containerCommand : ['/bin/bash'];

  let pod =
    await test.step(`POD=$(oc get pod -n ${namespace} -l ${selector} -o jsonpath="{.items[0].metadata.name}")`, () =>
      kube.findPod(namespace, selector));
  const container = pod.containers[0] ?? '';
  const deployment = await kubeExtras.deploymentFor(namespace, selector);
  const target = { policy: policyName, namespace, deployment };
  evidence.note('target', { ...target, pod: pod.name, container });

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
    if (f7) recordFinding(f7);
  });

  const notifiers = await test.step(`The policy sends to ${wantedNames.join(' and ')}`, async () => {
    const [policy, all] = await Promise.all([central.findPolicyByName(policyName), central.listNotifiers()]);
    const byType: Partial<Record<IntegrationType, Notifier>> = {};
    const missing: string[] = policy ? [] : [`the policy "${policyName}" is missing`];
    for (const i of module.integrations.filter((x) => wantedNames.includes(x.name))) {
      const n = all.find((x) => x.name === i.name);
      if (n) byType[i.type] = n;
      else missing.push(`notifier ${i.name} is missing`);
    }
    if (!policy || missing.length > 0) {
      throw new HarnessError({
        code: 'PRECONDITION',
        what: 'Preparing the runtime alert check',
        cause: missing.join('; '),
        fix: 'Run the integration scenarios and 03 first (npx playwright test runs them in order)',
      });
    }
    expect(policy.notifiers, 'the policy lists every notifier of the text').toEqual(
      expect.arrayContaining(Object.values(byType).map((n) => n.id)),
    );
    return byType;
  });

  const execsBefore =
    await test.step('Resolve the previous alerts first, so this run gets a new alert id', async () => {
      const stale = await activeAlerts(central, target);
      const counted = await Promise.all(
        stale.map(async (a) => ({
          id: a.id,
          state: a.state,
          processes: (await central.getAlert(a.id)).processViolation?.processes.length ?? 0,
        })),
      );
      const reuse = detectActiveAlertReuse(counted);
      if (reuse) recordFinding(reuse);
      if (mode === 'verify') for (const a of stale) await central.resolveAlert(a.id);

      const budget = await readExecBudget(kube, central.version);
      evidence.note('sensorExecBudget', budget);
      let identical = await identicalBashExecs(central, target, pod.name, container, budget);
      evidence.note('identicalBashExecsBefore', identical);
      if (identical >= budget.identicalExecs) {
        if (mode !== 'verify') {
          throw new HarnessError({
            code: 'EXEC_BUDGET_SPENT',
            what: 'Preparing the exec',
            cause: `pod ${pod.name} already ran /bin/bash ${identical} times and Sensor admits ${budgetText(budget)}: it would drop the next one (F8)`,
            fix: `Restart the pod: oc rollout restart deployment/${deployment} -n ${namespace}`,
          });
        }
        // Only a new container resets sensor's counters; verify mode may restart, check mode never does.
        const restarted = await kubeExtras.rolloutRestart(
          namespace,
          deployment,
          selector,
          ROLLOUT_TIMEOUT_MS,
        );
        const note = `Restarted ${namespace}/${deployment} (pod ${pod.name} -> ${restarted.name}): ${identical} bash exec${identical === 1 ? '' : 's'} had spent Sensor's budget of ${budgetText(budget)} (F8)`;
        test.info().annotations.push({ type: 'note', description: note });
        console.log(note);
        pod = await kube.findPod(namespace, selector);
        identical = 0;
      }
      return { identical, budget };
    });

  // Subscribe before the trigger: nothing that arrives from now on can be missed.
  const slackWaiter = await slack.subscribe();
  const teamsWaiter = await teams.subscribe();
  let since = 0;
  // When each channel's webhook got Central's post: Central's own hop, what the negative control
  // waits out after its barrier (not a Teams flow run or a channel's read-back delay).
  const webhookArrivals: number[] = [];
  let alertTime = '';
  let alertId = '';
  let deploymentId = '';
  const seen: { slack?: ChannelMessage; teams?: ChannelMessage } = {};
  // The bash signals Central holds before the exec: none of them is this run's (src/module/run-alert.ts).
  const before = await bashSignalsBefore(central, target);
  try {
    since = Date.now();
    evidence.note('execStartedAt', new Date(since).toISOString());

    await test.step(`oc exec $POD -n ${namespace} -i --tty -- ${shellCommand.join(' ')}${module.exec.at ? ` (${module.exec.at})` : ''}${execBlock ? `, ${execHow}` : ''}`, async () => {
      if (execBlock && execShell) {
        // Showroom pastes the block into a terminal; here stdin is a pipe holding `exit`, so oc says
        // "Unable to use a TTY" and bash reads its commands from the pipe: no prompt to compare.
        const run = await runExecuteBlock(execBlock.body, {
          client: execShell,
          kubeconfig: kube.kubeConfig.exportConfig(),
          stdin: 'exit\n',
          timeoutMs: EXEC_TIMEOUT_MS,
        });
        recordHop('exec', Date.now() - since);
        evidence.note('guideExecBlock', blockEvidence(run, config.secrets));
        const failed = blockFailure(execBlock, run, execHow, {
          timeoutMs: EXEC_TIMEOUT_MS,
          secrets: config.secrets,
        });
        if (failed) throw failed;
        const f10 = detectNoTty({ stdinIsTTY: false, ci: process.env.CI, verbatimStderr: run.stderr });
        if (f10) recordFinding(f10);
        return;
      }
      const session = await kube.execInteractive(namespace, pod.name, {
        command: shellCommand,
        expectPrompt: SHELL_PROMPT,
        input: 'exit\n',
        timeoutMs: EXEC_TIMEOUT_MS,
      });
      recordHop('exec', Date.now() - since);
      evidence.note('prompt', session.prompt);
      // "If you see tomcat@visa-processor…, you've confirmed you have a shell": another prompt is
      // reported; the alert is what the module promises.
      const promptNote = promptDifference(session.prompt, pod.name);
      if (promptNote !== undefined) {
        test.info().annotations.push({ type: 'note', description: promptNote });
        console.log(promptNote);
      }
      expect(session.exitCode).toBe(0);
      const f10 = detectNoTty({ stdinIsTTY: process.stdin.isTTY, ci: process.env.CI });
      if (f10) recordFinding(f10);
    });

    const run: RunAlert =
      await test.step("Central raises this run's alert (ACTIVE, Binary '/bin/bash' executed)", async () => {
        let found: RunAlert;
        try {
          found = await waitForRunAlert(central, target, { since, before }, config.alertTimeoutMs);
        } catch (err) {
          const f8 = detectSilentDrop({
            execSucceeded: true,
            newProcessSeen: false,
            identicalExecs: execsBefore.identical,
            budget: execsBefore.budget,
            waitedMs: Date.now() - since,
          });
          if (f8) {
            throw failWith(f8, { code: 'EXEC_DROPPED', what: "Waiting for this run's alert" });
          }
          throw err;
        }
        recordHop('alert in Central', Date.now() - since);
        evidence.note('alertId', found.alert.id);
        if (mode === 'verify') {
          const id = found.alert.id;
          cleanup.created(`alert ${id} (resolved at the end)`, () => central.resolveAlert(id));
        }
        expect(found.alert.state).toBe('ACTIVE');
        expect(Date.parse(found.process.signal.time)).toBeGreaterThanOrEqual(since - CLOCK_SKEW_MS);
        expect(found.alert.processViolation?.message).toMatch(BASH_EXECUTED);
        return found;
      });
    alertId = run.alert.id;
    alertTime = run.alert.time;
    deploymentId = run.alert.deployment.id;

    const slackNotifier = notifiers.slack;
    const teamsNotifier = notifiers.teams;
    if (slackNotifier)
      await softChannelStep(
        channels,
        'slack',
        'Lastly, review your Slack channel for the alert',
        async () => {
          const message = await slackWaiter.waitForMessage(carriesAlertId(alertId), {
            since,
            timeoutMs: config.alertTimeoutMs,
          });
          seen.slack = message;
          recordHop('slack', message.receivedAt - since);
          webhookArrivals.push(message.receivedAt);
          const f3 = detectSlackWorkflowTrigger({
            webhookUrl: slackNotifier.labelDefault,
            alertId,
            messages: [message],
          });
          if (f3) {
            throw failWith(f3, {
              code: 'SLACK_ALERT_EMPTY',
              what: `Checking the Slack message for alert ${alertId}`,
              details: { channel: 'slack' },
            });
          }
          if (!message.delivered)
            throw await deliveryRefused(central, slackNotifier, since, {
              code: 'SLACK_ALERT_REFUSED',
              what: `Checking the Slack message for alert ${alertId}`,
              observed: `the Slack webhook answered ${message.status} to RHACS's post`,
            });
          expect(message.shownText).toContain(alertId);
          expect(message.shownText).toContain(policyName);
          expect(message.shownText).toMatch(BASH_EXECUTED);
        },
      );

    if (teamsNotifier)
      await softChannelStep(
        channels,
        'teams',
        'Lastly, review your Teams channel for the alert',
        async () => {
          const received = await teamsWaiter.waitForMessage(carriesAlertId(alertId), {
            since,
            timeoutMs: config.teamsReadbackTimeoutMs,
          });
          webhookArrivals.push(received.receivedAt);
          let shown: ChannelMessage = received;
          seen.teams = received;
          let arrived = received.receivedAt - since;
          if (isWorkflowsUrl(teamsNotifier.labelDefault) && teamsWaiter.waitForRun) {
            const outcome = await teamsWaiter.waitForRun(received, {
              timeoutMs: config.teamsReadbackTimeoutMs,
            });
            evidence.note('teamsAlertRun', outcome.run);
            arrived = (outcome.run.endedAt ?? Date.now()) - since;
            const f5 = detectTeamsFlowFailure({
              what: 'alert',
              rhacsSaidOk: true,
              message: outcome.message,
              run: outcome.run,
              webhookUrl: teamsNotifier.labelDefault,
            });
            if (f5) {
              throw failWith(f5, {
                code: 'TEAMS_FLOW_FAILED',
                what: `Checking the Teams message for alert ${alertId}`,
                details: { channel: 'teams' },
              });
            }
            shown = outcome.message;
            seen.teams = shown;
          }
          recordHop('teams', arrived);
          expect(shown.delivered, 'the card appeared in the channel').toBe(true);
          for (const text of [alertId, policyName, deployment, namespace])
            expect(shown.shownText).toContain(text);
          const f6 = detectTeamsCardWithoutViolation({ alert: run.alert, message: shown });
          if (f6) recordFinding(f6);
        },
      );

    const generic = integrationOf(module, 'generic');
    const genericRead =
      generic && config.genericWebhookUrl
        ? catcherReadUrl(config.genericWebhookUrl, config.genericWebhookReadUrl)
        : undefined;
    if (generic && genericRead) {
      await softStep(`The alert payload appears on the ${generic.name} endpoint`, async () => {
        const reader = new CatcherReader({
          readUrl: genericRead,
          secrets: config.secrets,
          proxy: config.proxy,
        });
        const caught = await reader.waitFor((r) => genericAlertOf(r.content)?.id === alertId, {
          since: since - 2_000,
          timeoutMs: config.alertTimeoutMs,
        });
        recordHop('generic', caught.receivedAt - since);
        webhookArrivals.push(caught.receivedAt);
        expect(genericAlertOf(caught.content)?.policy?.name).toBe(policyName);
      });
    }
  } finally {
    slackWaiter.close();
    teamsWaiter.close();
  }

  // The screenshot only reads the inbox page, so it runs while the negative control waits out its
  // quiet window instead of after it.
  const screenshot = softStep(
    "Screenshot: the lab inbox shows this run's alert in Slack and Teams",
    async () => {
      const browser = await inboxBrowser();
      return attachInboxScreenshot(test.info(), {
        inboxUrl: channels.inboxUrl,
        alertId,
        messages: seen,
        secrets: config.secrets,
        ...(browser ? { browser } : {}),
      });
    },
  );

  const negativeControl = softStep(
    'Negative control: `oc exec $POD -- ls` raises no alert and sends nothing',
    async () => {
      const outcome = await runNegativeControl({
        central,
        target: { ...target, deploymentId, pod: pod.name, container },
        runAlertId: alertId,
        runLs: async () =>
          (await kube.execScript(namespace, pod.name, undefined, ['ls'], { timeoutMs: EXEC_TIMEOUT_MS }))
            .exitCode,
        channels: (['slack', 'teams'] as const)
          .filter((c) => notifiers[c] !== undefined && !channels.unverified(c))
          .map((c) => channels.readers[c]),
        barrierTimeoutMs: barrierTimeout(config.alertTimeoutMs),
        quietWindowMs: quietWindowAfterBarrier(
          centralHopMs(alertTime, webhookArrivals),
          config.alertTimeoutMs,
        ),
        timeoutSetting: 'ALERT_TIMEOUT_MS',
        execBudget: budgetText(execsBefore.budget),
      });
      recordHop('ls in Central (negative control barrier)', outcome.barrierMs);
      evidence.note('negativeControl', {
        lsProcessId: outcome.ls.id,
        barrierMs: outcome.barrierMs,
        ignoredTraffic: outcome.ignored,
      });
      if (outcome.ignored.length > 0) {
        test.info().annotations.push({
          type: 'note',
          description: redact(
            `Negative control ignored ${outcome.ignored.length} other message(s) in the channels (not this run's ls or alert): ${outcome.ignored.slice(0, 5).join('; ')}`,
            config.secrets,
          ),
        });
      }
      expect(outcome.belonging, "alerts or messages for this ls or this run's alert").toEqual([]);
    },
  );
  await Promise.all([screenshot, negativeControl]);
  await goalsHold('runtime-alert');
});
