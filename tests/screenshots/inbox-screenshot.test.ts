// The inbox screenshot fixture against the lab's receivers, and the secret guard every shot passes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, TestInfo } from '@playwright/test';
import { chooseChromium, launchChromium, SHOT_CONTEXT } from '../../fixtures/browser-launch.ts';
import {
  attachInboxScreenshot,
  INBOX_ATTACHMENT,
  INBOX_NOTE_ATTACHMENT,
  shootInbox,
} from '../../fixtures/inbox-screenshot.ts';
import { assertNoSecretsShown } from '../../fixtures/screenshot-secrets.ts';
import { type Receivers, startReceivers } from '../../mocks/receivers/server.ts';
import type { ChannelMessage } from '../../src/channels/index.ts';
import { HarnessError } from '../../src/errors.ts';
import { PAGE_ALERT_ID, SLACK_ALERT_410_FULL, TEAMS_ALERT_FULL } from '../receivers/inbox-page-fixtures.ts';
import { pngSize } from './png.ts';

const choice = chooseChromium();
const noBrowser = choice.available ? false : choice.reason;

function fakeTestInfo() {
  const attachments: { name: string; body: unknown; contentType: string }[] = [];
  const annotations: { type: string; description?: string }[] = [];
  const info = {
    attachments,
    annotations,
    attach: async (name: string, opts: { body: unknown; contentType: string }) => {
      attachments.push({ name, ...opts });
    },
  };
  return { info, testInfo: info as unknown as TestInfo };
}

test('no browser: chooseChromium says which paths it looked at', () => {
  const choice = chooseChromium('/nonexistent/chromium', '/nonexistent/playwright/chrome');
  assert.equal(choice.available, false);
  assert.match(
    !choice.available ? choice.reason : '',
    /\/nonexistent\/chromium.*\/nonexistent\/playwright\/chrome/,
  );
});

test('real channels (no LAB_INBOX_URL): no shot, a note saying why, and the step passes', async () => {
  const { info, testInfo } = fakeTestInfo();
  const shot = await attachInboxScreenshot(testInfo, { inboxUrl: undefined, alertId: 'a1', secrets: [] });
  assert.equal(shot.taken, false);
  assert.deepEqual(
    info.attachments.map((a) => [a.name, a.contentType]),
    [[INBOX_NOTE_ATTACHMENT, 'text/plain']],
  );
  assert.match(String(info.attachments[0]?.body), /not to the lab's receivers \(LAB_INBOX_URL\)/);
  assert.match(info.annotations[0]?.description ?? '', /^inbox screenshot: no inbox page/);
});

test('no browser: a note says why, the step passes (the API checks do not need one)', async () => {
  const { info, testInfo } = fakeTestInfo();
  const shot = await attachInboxScreenshot(testInfo, {
    inboxUrl: 'http://127.0.0.1:9/inbox',
    alertId: 'a1',
    secrets: [],
    browserChoice: chooseChromium('/nonexistent/chromium', '/nonexistent/playwright/chrome'),
  });
  assert.equal(shot.taken, false);
  assert.deepEqual(
    info.attachments.map((a) => a.name),
    [INBOX_NOTE_ATTACHMENT],
  );
  assert.match(
    String(info.attachments[0]?.body),
    /^no screenshot: no Chromium found: neither \/nonexistent\/chromium/,
  );
});

describe('with a browser', { skip: noBrowser }, () => {
  let lab: Receivers;
  let browser: Browser;
  const secrets = () => Object.values(lab.hooks).map((h) => h.url);
  const post = (url: string, body: string) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const inboxMessage = async (receiver: 'slack' | 'teams'): Promise<ChannelMessage> => {
    const { messages } = (await (await fetch(`${lab.inboxUrl}/api/messages`)).json()) as {
      messages: { id: string; receiver: string; delivered: boolean }[];
    };
    const m = messages.find((x) => x.receiver === receiver)!;
    return {
      id: m.id,
      channel: receiver,
      receivedAt: 0,
      shownText: PAGE_ALERT_ID,
      shown: null,
      delivered: true,
    };
  };

  before(async () => {
    lab = await startReceivers({ flowRunDelayMs: 0 });
    const launched = await launchChromium();
    if ('reason' in launched) throw new Error(launched.reason);
    browser = launched.browser;
    assert.equal((await post(lab.hooks['slack-incoming'].url, SLACK_ALERT_410_FULL)).status, 200);
    assert.equal((await post(lab.hooks['teams-workflow-fixed'].url, TEAMS_ALERT_FULL)).status, 202);
  });
  after(async () => {
    await browser?.close();
    await lab?.close();
  });

  test('the inbox shot waits for the alert in both panes and is a full-width PNG', async () => {
    const messages = { slack: await inboxMessage('slack'), teams: await inboxMessage('teams') };
    const shot = await shootInbox({
      inboxUrl: lab.inboxUrl,
      alertId: PAGE_ALERT_ID,
      messages,
      secrets: secrets(),
      browser,
    });
    assert.ok(shot.taken);
    assert.deepEqual([shot.notes, shot.problems], [[], []]);
    const size = pngSize(shot.png);
    assert.equal(size.width, SHOT_CONTEXT.viewport.width);
    assert.ok(size.height >= SHOT_CONTEXT.viewport.height);
  });

  test('a fixture that launches its own browser attaches the PNG under its name', async () => {
    const { info, testInfo } = fakeTestInfo();
    await attachInboxScreenshot(testInfo, {
      inboxUrl: lab.inboxUrl,
      alertId: PAGE_ALERT_ID,
      secrets: secrets(),
    });
    assert.deepEqual(
      info.attachments.map((a) => [a.name, a.contentType]),
      [[INBOX_ATTACHMENT, 'image/png']],
    );
    assert.doesNotThrow(() => pngSize(info.attachments[0]?.body as Buffer));
  });

  test('another alert: the shot is taken, with a note per pane that does not show it', async () => {
    const shot = await shootInbox({
      inboxUrl: lab.inboxUrl,
      alertId: 'not-this-alert',
      secrets: secrets(),
      browser,
      timeoutMs: 300,
    });
    assert.ok(shot.taken);
    assert.equal(shot.notes.length, 2, shot.notes.join('\n'));
    assert.deepEqual(shot.problems, []);
  });

  test('a message the reader saw but the page does not show fails the step, after attaching the shot', async () => {
    const { info, testInfo } = fakeTestInfo();
    const ghost: ChannelMessage = {
      id: 'slack-999',
      channel: 'slack',
      receivedAt: 0,
      shownText: PAGE_ALERT_ID,
      shown: null,
      delivered: true,
    };
    await assert.rejects(
      attachInboxScreenshot(testInfo, {
        inboxUrl: lab.inboxUrl,
        alertId: PAGE_ALERT_ID,
        messages: { slack: ghost },
        secrets: secrets(),
        browser,
        timeoutMs: 300,
      }),
      (e: unknown) => e instanceof HarnessError && /does not show message slack-999/.test(e.message),
    );
    assert.deepEqual(
      info.attachments.map((a) => a.name),
      [INBOX_ATTACHMENT],
    );
  });

  test('a page that shows a webhook secret is never shot', async () => {
    const leak = `see ${lab.hooks['slack-incoming'].url} for details`;
    assert.equal((await post(lab.hooks['slack-incoming'].url, JSON.stringify({ text: leak }))).status, 200);
    await assert.rejects(
      shootInbox({ inboxUrl: lab.inboxUrl, alertId: PAGE_ALERT_ID, secrets: secrets(), browser }),
      (e: unknown) =>
        e instanceof HarnessError &&
        e.code === 'SCREENSHOT_SECRET' &&
        !e.message.includes(lab.hooks['slack-incoming'].url.split('/').at(-1) ?? ''),
    );
  });

  test('the secret guard: masked fields and closed <details> are fine, anything else shown is not', async () => {
    const secret = 'https://hooks.slack.com/services/T0000/B0000/abcdefSECRET123';
    const page = await browser.newPage();
    try {
      await page.setContent(
        `<label>Default Slack webhook <input id="w" value="${secret}"></label><details><summary>Hooks</summary>${secret}</details><p id="p"></p>`,
      );
      await assertNoSecretsShown(page, [page.locator('#w')], [secret], 'a form');
      await assert.rejects(assertNoSecretsShown(page, [], [secret], 'a form'), /SCREENSHOT_SECRET|secret/);
      await page.locator('#p').evaluate((el, s) => {
        el.textContent = s;
      }, secret);
      await assert.rejects(
        assertNoSecretsShown(page, [page.locator('#w')], [secret], 'a form'),
        (e: unknown) => e instanceof HarnessError && !e.message.includes('abcdefSECRET123'),
      );
      await assertNoSecretsShown(page, [page.locator('#w'), page.locator('#p')], [secret], 'a form');
    } finally {
      await page.close();
    }
  });
});
