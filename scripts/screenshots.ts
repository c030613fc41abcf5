// `npm run screenshots [-- --out DIR]`: the guide's screenshots, one PNG per step (scripts/lib/guide-shots.ts),
// taken from the configured console (ROX_ENDPOINT + ROX_ADMIN_PASSWORD) or, with nothing configured, from a
// fresh embedded lab. The clicking is the console scenarios' own (scenarios/console/steps.ts). Webhook
// fields are masked and a page showing a secret anywhere else is not written.
// Output: --out DIR, else SCREENSHOTS_DIR, else ./screenshots. Exit 0 all written (the inbox shot may be
// skipped with real channels), 1 a step failed, 2 configuration or no browser.

import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import {
  type BrowserChoice,
  chooseChromium,
  ignoresCertificateErrors,
  launchChromium,
  SHOT_CONTEXT,
  withCentralTrust,
} from '../fixtures/browser-launch.ts';
import { shootInbox } from '../fixtures/inbox-screenshot.ts';
import { assertNoSecretsShown } from '../fixtures/screenshot-secrets.ts';
import * as steps from '../scenarios/console/steps.ts';
import { type BrowserTrust, centralBrowserTrust } from '../src/central/browser-trust.ts';
import { type CentralClient, connectCentral } from '../src/central/index.ts';
import { MODULE_NAMES } from '../src/check/state.ts';
import { describeError, HarnessError } from '../src/errors.ts';
import { connectKube } from '../src/kube/index.ts';
import { SHELL_PROMPT } from '../src/module/shell-prompt.ts';
import { redact } from '../src/redact.ts';
import { bashSignalsBefore, waitForExecAlert } from '../src/solve/wait-alert.ts';
import { GUIDE_SHOTS, type GuideShotFile } from './lib/guide-shots.ts';
import { resolveTarget, type Target } from './lib/target.ts';

const { values: args } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
if (args.help) {
  console.log('usage: npm run screenshots [-- --out DIR]   (or SCREENSHOTS_DIR=DIR)');
  process.exit(0);
}
const outDir = resolve(args.out ?? process.env.SCREENSHOTS_DIR ?? 'screenshots');

function configError(cause: string, fix: string): HarnessError {
  return new HarnessError({ code: 'CONFIG_INVALID', what: 'Preparing the guide screenshots', cause, fix });
}

/** The console the browser drives: Central's own, on the same origin as its API. */
async function openConsole(central: CentralClient): Promise<{ url: string; close(): Promise<void> }> {
  if (!(await central.servesConsole()))
    throw configError(
      `${central.endpoint}/login does not serve Central's web console`,
      "point ROX_ENDPOINT at Central's route (the address the browser uses for the console)",
    );
  return { url: central.endpoint, close: async () => {} };
}

/** Outlines what the guide points at, through the CSSOM (allowed by strict CSPs), until `undo`. */
async function outline(target: Locator): Promise<() => Promise<void>> {
  await target.evaluate((el: HTMLElement) => {
    el.style.outline = '3px solid #0066cc';
    el.style.outlineOffset = '2px';
  });
  return async () => {
    await target.evaluate((el: HTMLElement) => {
      el.style.outline = '';
      el.style.outlineOffset = '';
    });
  };
}

function trusting(choice: BrowserChoice, trust: BrowserTrust): BrowserChoice {
  return choice.available
    ? { ...choice, launchOptions: withCentralTrust(choice.launchOptions, trust) }
    : choice;
}

async function main(target: Target): Promise<number> {
  const cfg = target.cfg;
  const password = cfg.central.adminPassword;
  if (!password)
    throw configError('ROX_ADMIN_PASSWORD is not set', 'the console login needs the admin password: set it');
  const webhooks = { slack: cfg.slackWebhookUrl, teams: cfg.teamsWebhookUrl };
  for (const [kind, url] of Object.entries(webhooks))
    if (!url)
      throw configError(
        `${kind.toUpperCase()}_WEBHOOK_URL is not set`,
        'set the webhook the notifier posts to',
      );

  // The browser trusts what the API client trusts (src/central/browser-trust.ts).
  const trust = await centralBrowserTrust(cfg.central);
  const launched = await launchChromium(trusting(chooseChromium(), trust), {
    ...(cfg.central.endpoint === undefined ? {} : { url: cfg.central.endpoint }),
    proxy: cfg.proxy,
  });
  if ('reason' in launched)
    throw new HarnessError({
      code: 'NO_BROWSER',
      what: 'Starting a browser for the screenshots',
      cause: launched.reason,
      fix: 'install chromium (apt-get install chromium) or run npx playwright install chromium',
    });
  const browser = launched.browser;
  const central = await connectCentral(cfg);
  const consoleSite = await openConsole(central);
  const created: { id: string; name: string }[] = [];
  let alertId: string | undefined;
  const written: string[] = [];
  try {
    const context = await browser.newContext({
      ...SHOT_CONTEXT,
      baseURL: consoleSite.url,
      ignoreHTTPSErrors: ignoresCertificateErrors(trust),
    });
    const page = await context.newPage();
    const save = async (file: GuideShotFile, p: Page = page) => {
      const masks = steps.webhookMasks(p);
      await assertNoSecretsShown(p, masks, cfg.secrets, file);
      const png = await p.screenshot({ fullPage: true, mask: masks, animations: 'disabled' });
      await writeFile(resolve(outDir, file), png);
      written.push(file);
      console.log(`  ${file}`);
    };

    // The module's names, unless a notifier by that name exists already (then this run's own).
    const taken = new Set((await central.listNotifiers()).map((n) => n.name));
    const pick = (name: string) => (taken.has(name) ? `${name}-${cfg.runId}` : name);
    const names = { slack: pick(MODULE_NAMES.slackNotifier), teams: pick(MODULE_NAMES.teamsNotifier) };

    await steps.logIn(page, password);
    const integration = async (kind: Exclude<steps.NotifierKind, 'generic'>, n: 1 | 5) => {
      const file = (i: number) => GUIDE_SHOTS[n - 1 + i]!.file;
      await steps.openNotifierIntegrations(page);
      const undo = await outline(steps.integrationTile(page, kind));
      await save(file(0));
      await undo();
      await steps.openNotifierList(page, kind);
      await steps.startNewIntegration(page, kind);
      await steps.fillNotifierForm(page, kind, { name: names[kind], webhookUrl: webhooks[kind] ?? '' });
      await save(file(1));
      await steps.testNotifier(page, 'success');
      await save(file(2));
      await steps.saveNotifier(page, kind, names[kind]);
      const notifier = await central.findNotifierByName(names[kind]);
      if (notifier) created.push({ id: notifier.id, name: notifier.name });
      await save(file(3));
    };
    await integration('slack', 1);
    await integration('teams', 5);

    const row = await steps.findPolicy(page, MODULE_NAMES.policyName);
    const undo = await outline(row);
    await save('09-policy-management-no-bash-allowed.png');
    await undo();
    await steps.editPolicy(page, row, MODULE_NAMES.policyName);
    await steps.openActionsStep(page);
    await save('10-policy-actions-notifiers-available.png');
    await steps.selectNotifiers(page, [names.slack, names.teams]);
    await save('11-policy-actions-notifiers-selected.png');
    await steps.reviewAndSave(page);
    await steps.notifiersCell(steps.policyRow(page, MODULE_NAMES.policyName)).waitFor();
    await save('12-policy-saved-notifiers-attached.png');
    await context.close();

    // "oc exec $POD -n payments -i --tty -- /bin/bash", then the alert in both channels.
    const inboxFile: GuideShotFile = '13-inbox-alert-slack-teams.png';
    if (!cfg.labInboxUrl) {
      console.log(`  ${inboxFile}: skipped, no inbox page (LAB_INBOX_URL unset: the channels are real)`);
      return 0;
    }
    const kube = await connectKube(cfg);
    const pod = await kube.findPod(cfg.pod.namespace, cfg.pod.selector);
    const before = await bashSignalsBefore(central, MODULE_NAMES);
    const since = Date.now();
    await kube.execInteractive(cfg.pod.namespace, pod.name, {
      command: ['/bin/bash'],
      expectPrompt: SHELL_PROMPT,
      input: 'exit\n',
      timeoutMs: 30_000,
    });
    const found = await waitForExecAlert(central, MODULE_NAMES, {
      since,
      before,
      timeoutMs: cfg.alertTimeoutMs,
    });
    alertId = found.alert?.id;
    if (!alertId) {
      console.error(`  ${inboxFile}: no alert for the exec within ${Math.round(found.waitedMs / 1000)} s`);
      return 1;
    }
    const shot = await shootInbox({
      inboxUrl: cfg.labInboxUrl,
      alertId,
      secrets: cfg.secrets,
      browser,
      timeoutMs: cfg.alertTimeoutMs,
    });
    if (!shot.taken) {
      console.error(`  ${inboxFile}: ${shot.reason}`);
      return 1;
    }
    await writeFile(resolve(outDir, inboxFile), shot.png);
    console.log(`  ${inboxFile}`);
    for (const note of shot.notes) console.log(`    note: ${note}`);
    return 0;
  } finally {
    await browser.close();
    await consoleSite.close();
    // Only a cluster or a running lab outlives this run: leave it as it was unless KEEP=1.
    if (target.kind !== 'fresh-lab' && !cfg.keep) {
      // Deleting a notifier also removes it from the policy, which undoes the wizard's edit.
      for (const n of created) await central.deleteNotifier(n.id).catch(() => {});
      if (alertId) await central.resolveAlert(alertId).catch(() => {});
    }
    central.close();
  }
}

let target: Target | undefined;
let code: number;
try {
  target = await resolveTarget({ fresh: true });
  console.log(`Guide screenshots from ${target.description} into ${outDir}`);
  await mkdir(outDir, { recursive: true });
  code = await main(target);
} catch (e) {
  console.error(describeError(e, target?.cfg.secrets ?? []));
  const config = e instanceof HarnessError && (e.code === 'CONFIG_INVALID' || e.code === 'NO_BROWSER');
  code = config ? 2 : 1;
} finally {
  await target?.close().catch((e: unknown) => console.error(redact(String(e), target?.cfg.secrets)));
}
process.exit(code);
