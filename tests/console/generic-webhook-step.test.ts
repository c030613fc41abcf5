// The console's Generic Webhook step on a cluster (TARGET=cluster, against the embedded lab): it runs
// only for a text that creates a Generic Webhook, and only with GENERIC_WEBHOOK_URL, else it is
// skipped saying which of the two is missing; with both it creates the notifier through the form.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { chooseChromium } from '../../fixtures/browser-launch.ts';
import { runJson } from '../support/playwright-json.ts';
import { scratchLab } from '../verify-bad-input/run-verify.ts';

const browser = chooseChromium();
const STEP = "Generic Webhook: create the text's integration, Test it, Save";
const GUIDE = 'tests/module/guides/generic-first.adoc';

async function runStep(dir: string, env: Record<string, string>) {
  const run = await runJson(dir, 'console', { ...env, TARGET: 'cluster' }, ['-g', 'Generic Webhook']);
  const spec = run.specs.find((s) => s.title === STEP);
  return { status: spec?.status ?? 'none', skip: spec?.skip ?? '', detail: run.detail };
}

test('the Generic Webhook console step: skipped without the text or the URL, else it creates the notifier', {
  skip: browser.available ? false : browser.reason,
  timeout: 240_000,
}, async (t) => {
  const { dir, lab } = await scratchLab(t, 'console-generic-step');
  const { MODULE_GUIDE: _guide, ...env } = lab.env;

  const builtIn = await runStep(join(dir, 'built-in'), env);
  assert.equal(builtIn.status, 'skipped', builtIn.detail);
  assert.match(
    builtIn.skip,
    /^no Generic Webhook integration in the text verified \(the built-in corrected copy/,
  );

  const { GENERIC_WEBHOOK_URL: _url, ...withoutUrl } = env;
  const noUrl = await runStep(join(dir, 'no-url'), { ...withoutUrl, MODULE_GUIDE: GUIDE });
  assert.equal(noUrl.status, 'skipped', noUrl.detail);
  assert.match(
    noUrl.skip,
    /^GENERIC_WEBHOOK_URL is not set: .*Set GENERIC_WEBHOOK_URL to a webhook Central can reach$/,
  );

  const full = await runStep(join(dir, 'full'), { ...env, MODULE_GUIDE: GUIDE });
  assert.equal(full.status, 'expected', full.detail);
  const made = [...lab.central.store.notifiers.values()].find((n) => n.name === 'webhook-alerts');
  assert.equal(made, undefined, 'the run deletes the notifier it made when it ends');
});
