// `solve`: the module's steps done the way a student should, idempotently. Each step reports a line.

import { connectCentral } from '../central/index.ts';
import { InboxChannelReader } from '../channels/inbox-reader.ts';
import { carriesAlertId } from '../channels/match.ts';
import { loadReadbackConfig } from '../channels/readback-config.ts';
import { planReadback } from '../channels/readback-verdict.ts';
import type { ChannelName } from '../channels/types.ts';
import { namesFromConfig } from '../check/run-check.ts';
import type { HarnessConfig } from '../config.ts';
import { budgetText, readExecBudget } from '../diagnose/index.ts';
import { HarnessError } from '../errors.ts';
import { connectKube } from '../kube/index.ts';
import { correctedModuleCr } from '../module/corrected-cr.ts';
import { saveAndTestIntegration } from '../module/integration-action.ts';
import { integrationOf, moduleOfConfig, notifierNames } from '../module/model.ts';
import { notifierUrl, URL_VARIABLE } from '../module/notifier-form.ts';
import { waitForPolicyAcceptance } from '../module/policy-acceptance.ts';
import { promptDifference, SHELL_PROMPT } from '../module/shell-prompt.ts';
import { redactUrl } from '../redact.ts';
import { bashSignalsBefore, waitForExecAlert } from './wait-alert.ts';

export type SolveLog = (step: string, text: string) => void;

export interface SolveOptions {
  log: SolveLog;
  env?: NodeJS.ProcessEnv;
}

export interface SolveResult {
  alertId?: string;
  /** Things that did not go as the module expects; solve still completed its steps. */
  warnings: string[];
}

const FIELD_MANAGER = 'kubectl-client-side-apply';

export async function runSolve(cfg: HarnessConfig, opts: SolveOptions): Promise<SolveResult> {
  const { log } = opts;
  const names = namesFromConfig(cfg);
  const warnings: string[] = [];
  const warn = (step: string, text: string) => {
    warnings.push(text);
    log(step, `WARNING: ${text}`);
  };
  const central = await connectCentral(cfg);
  try {
    const kube = await connectKube(cfg);
    log(
      'connect',
      `Central ${central.endpoint} (RHACS ${central.version || 'unknown'}), Kubernetes ${kube.server}`,
    );

    const notifierIds: Record<ChannelName, string> = { slack: '', teams: '' };
    for (const channel of ['slack', 'teams'] as const) {
      const step = `${channel}-integration`;
      const r = await saveAndTestIntegration(central, {
        name: channel === 'slack' ? names.slackNotifier : names.teamsNotifier,
        type: channel,
        url: channel === 'slack' ? cfg.slackWebhookUrl : cfg.teamsWebhookUrl,
        uiEndpoint: central.endpoint,
      });
      notifierIds[channel] = r.notifier.id;
      log(step, `${r.notifier.name} ${r.action}, webhook ${redactUrl(r.notifier.labelDefault)}`);
      if (!r.test.ok) {
        throw new HarnessError({
          code: 'NOTIFIER_TEST_FAILED',
          what: `Testing ${r.notifier.name}`,
          cause: r.test.message,
          fix: `check ${URL_VARIABLE[channel]} is a live webhook`,
        });
      }
      log(step, `Test: ${r.test.message}`);
    }

    const module = moduleOfConfig(cfg);
    const generic = integrationOf(module, 'generic');
    if (generic) {
      const r = await saveAndTestIntegration(central, {
        name: generic.name,
        type: 'generic',
        url: cfg.genericWebhookUrl,
        uiEndpoint: central.endpoint,
      });
      log(
        'generic-integration',
        `${r.notifier.name} ${r.action}, endpoint ${redactUrl(notifierUrl(r.notifier))}`,
      );
      if (!r.test.ok) {
        throw new HarnessError({
          code: 'NOTIFIER_TEST_FAILED',
          what: `Testing ${r.notifier.name}`,
          cause: r.test.message,
          fix: `check ${URL_VARIABLE.generic} is the endpoint you copied (webhook.site URLs expire)`,
        });
      }
      log('generic-integration', `Test: ${r.test.message}`);
    }
    const cr = await correctedModuleCr(kube, module, {
      namespace: names.centralNamespace,
      fieldManager: FIELD_MANAGER,
      notifiers: notifierNames(module),
    });
    for (const change of cr.changes)
      warn('policy', `the module's CR (${module.cr.at}) needed a correction: ${change}`);
    const appliedAt = Date.now();
    const applied = await kube.applySecurityPolicy(cr.object, {
      namespace: names.centralNamespace,
      fieldManager: FIELD_MANAGER,
    });
    log(
      'policy',
      `securitypolicy.config.stackrox.io/${applied.object.metadata.name} ${applied.operation} (from ${module.cr.at})`,
    );
    for (const w of applied.warnings) warn('policy', `API server: ${w}`);
    const accepted = await waitForPolicyAcceptance(
      { kube, central },
      {
        namespace: names.centralNamespace,
        name: applied.object.metadata.name,
        centralNamespace: names.centralNamespace,
        spec: applied.object.spec,
        appliedAt,
        timeoutMs: Math.max(cfg.alertTimeoutMs, 30_000),
      },
    );
    const policy = accepted.policy;
    const missing = (['slack', 'teams'] as const).filter((c) => !policy.notifiers.includes(notifierIds[c]));
    log(
      'policy',
      `Central's policy ${policy.id} (${policy.source}) is the applied spec, notifiers: ${policy.notifiers.length}`,
    );
    if (missing.length > 0) warn('policy', `the policy does not list the ${missing.join(' and ')} notifier`);

    const pod = await kube.findPod(cfg.pod.namespace, cfg.pod.selector);
    const before = await bashSignalsBefore(central, names);
    const since = Date.now();
    const session = await kube.execInteractive(cfg.pod.namespace, pod.name, {
      command: ['/bin/bash'],
      expectPrompt: SHELL_PROMPT,
      input: 'exit\n',
      timeoutMs: 30_000,
    });
    log(
      'exec',
      `oc exec ${pod.name} -n ${cfg.pod.namespace} -i --tty -- /bin/bash: prompt "${session.prompt}", exit ${session.exitCode}`,
    );
    const promptNote = promptDifference(session.prompt, pod.name);
    if (promptNote !== undefined) warn('exec', promptNote);

    const found = await waitForExecAlert(central, names, { since, before, timeoutMs: cfg.alertTimeoutMs });
    if (found.alert === undefined) {
      const budget = await readExecBudget(kube, central.version);
      warn(
        'alert',
        `no alert recorded this exec within ${Math.round(found.waitedMs / 1000)} s; Sensor admits ${budgetText(budget)} and drops later ones until the pod is replaced (F8): oc rollout restart deployment -l ${cfg.pod.selector} -n ${cfg.pod.namespace}`,
      );
      return { warnings };
    }
    const alert = found.alert;
    log(
      'alert',
      `alert ${alert.id} (${alert.state}) after ${(found.waitedMs / 1000).toFixed(1)} s: ${alert.processViolation?.message ?? ''}`,
    );

    const readback = loadReadbackConfig(opts.env ?? process.env);
    for (const channel of ['slack', 'teams'] as const) {
      const notifier = (await central.listNotifiers()).find((n) => n.id === notifierIds[channel]);
      const plan = planReadback({
        channel,
        ...(notifier ? { webhookUrl: notifier.labelDefault } : {}),
        ...(cfg.labInboxUrl !== undefined ? { labInboxUrl: cfg.labInboxUrl } : {}),
        config: readback,
      });
      if (!('route' in plan) || plan.route !== 'lab-inbox' || cfg.labInboxUrl === undefined) {
        log(
          `${channel}-delivery`,
          'look in the channel for the alert (check verifies it when read-back is configured)',
        );
        continue;
      }
      const reader = new InboxChannelReader({
        inboxUrl: cfg.labInboxUrl,
        receiver: channel,
        proxy: cfg.proxy,
        ...(notifier ? { webhookUrl: notifier.labelDefault } : {}),
      });
      try {
        const waiter = await reader.subscribe();
        try {
          let message = await waiter.waitForMessage(carriesAlertId(alert.id), {
            since: since - 1000,
            timeoutMs: channel === 'teams' ? cfg.teamsReadbackTimeoutMs : cfg.alertTimeoutMs,
          });
          if (!message.delivered && message.runId !== undefined && waiter.waitForRun) {
            message = (await waiter.waitForRun(message, { timeoutMs: cfg.teamsReadbackTimeoutMs })).message;
          }
          const shown = message.delivered && message.shownText.includes(alert.id);
          const text = `${reader.where}: message ${message.id} ${shown ? 'shows the alert' : message.delivered ? 'arrived without the alert details' : 'was not delivered'}`;
          if (shown) log(`${channel}-delivery`, text);
          else warn(`${channel}-delivery`, text);
        } finally {
          waiter.close();
        }
      } catch (e) {
        warn(`${channel}-delivery`, e instanceof HarnessError ? e.message : String(e));
      } finally {
        await reader.close();
      }
    }
    return { alertId: alert.id, warnings };
  } finally {
    central.close();
  }
}
