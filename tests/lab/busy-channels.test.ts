// `busyChannels`: other traffic in the lab's Slack and Teams channels (mocks/busy-channels.ts), and
// what the harness's inbox reader makes of it: only the notifier's own hook counts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { InboxChannelReader, isTestMessage } from '../../src/channels/index.ts';
import type { InboxMessage } from '../../types/receivers.ts';

async function until(what: string, probe: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('busy channels', () => {
  let lab: Lab;
  const since = Date.now();
  before(async () => {
    lab = await startLab({ busyChannels: { intervalMs: 10 } });
  });
  after(async () => {
    await lab.close();
  });

  const messages = (): InboxMessage[] => lab.receivers.inbox.listMessages({ since });
  const moduleHook = (receiver: 'slack' | 'teams') =>
    lab.receivers.hooks[receiver === 'slack' ? 'slack-incoming' : 'teams-workflow-fixed'].id;

  it("posts people's messages, another lab's Test and other alerts into both channels", async () => {
    const otherTest = (m: InboxMessage) =>
      m.hookId !== moduleHook(m.receiver) && /test message/.test(m.rawBody);
    const otherAlert = (m: InboxMessage) => m.hookId === moduleHook(m.receiver) && /frontend/.test(m.rawBody);
    const people = (m: InboxMessage) =>
      /Lunch after this module\?|Has anyone|My pod restarted|Which namespace/.test(m.rawBody);
    // The poster picks each post at random: wait until every kind has come, people included.
    await until('every kind of traffic in both channels', () => {
      const all = messages();
      return (
        all.some(people) &&
        (['slack', 'teams'] as const).every(
          (r) =>
            all.some((m) => m.receiver === r && otherTest(m)) &&
            all.some((m) => m.receiver === r && otherAlert(m)),
        )
      );
    });
  });

  it("a reader of the whole channel takes another lab's Test for this one; the notifier's hook reader does not", async () => {
    const channelWide = new InboxChannelReader({ inboxUrl: lab.receivers.inboxUrl, receiver: 'slack' });
    const ownHook = new InboxChannelReader({
      inboxUrl: lab.receivers.inboxUrl,
      receiver: 'slack',
      webhookUrl: lab.env.SLACK_WEBHOOK_URL ?? '',
    });
    try {
      const found = await channelWide.waitForMessage(isTestMessage('slack'), { since, timeoutMs: 5_000 });
      assert.notEqual(found.hookId, moduleHook('slack'), "what it found came through another lab's hook");
      assert.equal(channelWide.ownWebhookOnly, false);

      const own = await ownHook.listMessages(since);
      assert.ok(own.length > 0, 'the other alerts through the module hook are there');
      assert.ok(own.every((m) => m.hookId === moduleHook('slack')));
      assert.ok(!own.some((m) => isTestMessage('slack').test(m)), 'no Test was posted to this hook');
      assert.equal(ownHook.ownWebhookOnly, true);
      assert.match(ownHook.where, /hook slack-incoming-\d+/);
    } finally {
      await channelWide.close();
      await ownHook.close();
    }
  });

  it('a webhook URL that is none of the lab hooks reads nothing and says so', async () => {
    const reader = new InboxChannelReader({
      inboxUrl: lab.receivers.inboxUrl,
      receiver: 'slack',
      webhookUrl: `${lab.receivers.url}/services/T0LAB00001/B0NOPE/secret`,
    });
    assert.deepEqual(await reader.listMessages(since), []);
    assert.match(reader.where, /no hook has the notifier's webhook URL/);
    assert.doesNotMatch(reader.where, /secret/);
  });
});
