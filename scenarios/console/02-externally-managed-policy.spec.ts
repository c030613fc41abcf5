// Finding F2: the module attaches notifiers in the console, but a policy created from a
// SecurityPolicy CR (the module's fallback `oc apply`) is "Externally managed": the console warns,
// accepts the edit, and the config-controller later restores the CR's spec without the notifiers.

import { expect, test } from '../../fixtures/console/console-test.ts';
import { FINDING_TEXT } from '../../src/diagnose/finding.ts';
import {
  editPolicy,
  externallyManagedWarning,
  findPolicy,
  logIn,
  notifiersCell,
  openActionsStep,
  originOf,
  policyRow,
  reviewAndSave,
  selectNotifiers,
  shot,
} from './steps.ts';

test('an externally managed policy warns, accepts the notifiers, then loses them at reconcile', async ({
  page,
  consoleTarget,
  runNotifiers,
  externallyManagedPolicy: policy,
}) => {
  test.skip(!consoleTarget.adminPassword, 'ROX_ADMIN_PASSWORD is not set: the console login needs it');
  const cannot = await runNotifiers.cannotEnsure();
  test.skip(cannot !== undefined, cannot);
  await runNotifiers.ensure();
  await logIn(page, consoleTarget.adminPassword ?? '');

  const row = await findPolicy(page, policy.name);
  expect(await originOf(row)).toBe('Externally managed');
  await shot(page, 'F2: Origin Externally managed');

  await test.step('the wizard warns about the external owner', async () => {
    await editPolicy(page, row, policy.name);
    const warning = externallyManagedWarning(page);
    await expect(warning).toBeVisible();
    await expect(warning).toContainText(
      'You are editing a policy that is managed externally. Any local changes to this policy will be automatically overwritten during the next resync.',
    );
    await shot(page, 'F2: Externally managed policy warning');
  });

  await test.step('the console accepts the notifiers (nothing is disabled)', async () => {
    await openActionsStep(page);
    await selectNotifiers(page, [runNotifiers.slack, runNotifiers.teams]);
    await reviewAndSave(page);
    await expect(notifiersCell(policyRow(page, policy.name))).toContainText('1 Slack');
    await shot(page, 'F2: notifiers saved in the console');
  });

  await test.step('the next reconcile of the CR drops them', async () => {
    await policy.touch();
    await expect
      .poll(() => policy.notifierIds(), {
        message: 'the policy keeps the console-added notifiers',
        timeout: 30_000,
      })
      .toEqual([]);
    await page.reload();
    await expect(notifiersCell(policyRow(page, policy.name))).toHaveText('-');
    await shot(page, 'F2: notifiers gone after reconcile');
  });

  test.info().annotations.push({
    type: 'finding',
    description: JSON.stringify({
      id: 'F2',
      ...FINDING_TEXT.F2,
      happened: `Policy "${policy.name}" (SecurityPolicy ${policy.namespace}/${policy.crName}) shows Origin "Externally managed" and the warning "Externally managed policy"; saving ${runNotifiers.slack} and ${runNotifiers.teams} in the wizard succeeded, and the next reconcile of the CR removed both notifiers without any error`,
      severity: 'defect',
    }),
  });
});
