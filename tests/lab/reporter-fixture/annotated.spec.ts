import { expect, test } from '@playwright/test';

test('01 slack alert arrives', async () => {
  await test.step('apply the policy', async () => {
    test
      .info()
      .annotations.push({ type: 'hop', description: JSON.stringify({ name: 'exec->central', ms: 12.34 }) });
  });
  await test.step('exec bash', async () => {
    test
      .info()
      .annotations.push({ type: 'hop', description: JSON.stringify({ name: 'central->slack', ms: 7 }) });
    test.info().annotations.push({
      type: 'finding',
      description: JSON.stringify({
        id: 'F3',
        title: 'workflow trigger drops the alert',
        happened: `posted to ${process.env.SLACK_WEBHOOK_URL} with token ${process.env.ROX_API_TOKEN}`,
        why: 'only flat variables',
        fix: 'use an Incoming Webhook',
      }),
    });
  });
});

test('02 teams alert arrives', async () => {
  await test.step('wait for the card', async () => {
    expect(`password ${process.env.ROX_ADMIN_PASSWORD} | no card`).toBe('card');
  });
});
