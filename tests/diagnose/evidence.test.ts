// Evidence collected for a failed test (src/diagnose/evidence.ts) never carries a webhook secret or
// token.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Lab, startLab } from '../../mocks/lab.ts';
import { type CentralClient, connectCentral } from '../../src/central/index.ts';
import { InboxChannelReader } from '../../src/channels/index.ts';
import { type HarnessConfig, loadConfig } from '../../src/config.ts';
import { collectEvidence, Evidence, forExplanation } from '../../src/diagnose/evidence.ts';
import { connectKube } from '../../src/kube/index.ts';
import { moduleOfConfig } from '../../src/module/model.ts';

describe('collectEvidence against the embedded lab', () => {
  let lab: Lab;
  let dir: string;
  let config: HarnessConfig;
  let central: CentralClient;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'f2-evidence-'));
    lab = await startLab({ profile: 'as-written', dir });
    config = loadConfig({ ...lab.env, TARGET: 'embedded' });
    central = await connectCentral(config);
  });

  after(async () => {
    central?.close();
    await lab?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('redacts every webhook secret and token, and still says what happened', async () => {
    const evidence = new Evidence();
    const slackUrl = config.slackWebhookUrl ?? '';
    const teamsUrl = config.teamsWebhookUrl ?? '';
    const base = {
      uiEndpoint: config.central.endpoint ?? '',
      labelKey: '',
      notifierSecret: '',
      traits: null,
    };
    const slackN = await central.createNotifier({
      ...base,
      name: 'slack-alerts',
      type: 'slack',
      labelDefault: slackUrl,
    });
    const teamsN = await central.createNotifier({
      ...base,
      name: 'teams-alerts',
      type: 'teams',
      labelDefault: teamsUrl,
    });
    assert.equal((await central.testNotifier(slackN)).ok, true);
    assert.equal((await central.testNotifier(teamsN)).ok, true);
    await new Promise((r) => setTimeout(r, 200)); // let the Teams flow run finish

    const inboxUrl = config.labInboxUrl ?? '';
    const slack = new InboxChannelReader({ inboxUrl, receiver: 'slack' });
    const teams = new InboxChannelReader({ inboxUrl, receiver: 'teams' });
    const kube = await connectKube(config);
    const collected = await collectEvidence(
      { config, module: moduleOfConfig(config), central, kube, slack, teams },
      evidence,
    );
    const text = JSON.stringify(collected);

    const secrets = [
      slackUrl.split('/').pop() ?? '',
      new URL(teamsUrl).searchParams.get('sig') ?? '',
      lab.env.ROX_API_TOKEN ?? '',
      lab.env.ROX_ADMIN_PASSWORD ?? '',
    ];
    for (const s of secrets) {
      assert.ok(s.length >= 8, 'the secret under test is real');
      assert.ok(!text.includes(s), `a secret leaked into the evidence: ${s.slice(0, 3)}...`);
    }
    assert.deepEqual(collected.notifiers.map((n) => n.name).sort(), ['slack-alerts', 'teams-alerts']);
    assert.ok(collected.receivers.slack.length >= 1, 'the Slack test message is in the receiver log');
    assert.equal(collected.receivers.teamsRuns[0]?.status, 'Failed');
    assert.deepEqual(collected.unavailable, []);
    assert.deepEqual(
      forExplanation(collected).runs?.map((r) => r.status),
      ['Failed'],
    );
  });
});
