// The config-controller's retries as controller-runtime makes them: a CR applied before its
// notifiers existed stays refused after they are created (the backoff has grown, an unchanged
// re-apply changes no generation), until `oc rollout restart deployment/config-controller`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryBackoffMs } from '../../mocks/central/controller.ts';
import { type Lab, startLab } from '../../mocks/lab.ts';

const CR_PATH = '/apis/config.stackrox.io/v1alpha1/namespaces/stackrox/securitypolicies/no-bash-allowed';

async function kube(lab: Lab, method: string, path: string, body?: unknown, type = 'application/json') {
  const r = await fetch(`${lab.kube.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${lab.tokens.admin}`, 'content-type': type },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

function validated(cr: Record<string, unknown>): { status?: string; message?: string } | undefined {
  const conditions = (cr.status as { conditions?: { type: string; status: string; message: string }[] })
    ?.conditions;
  return conditions?.find((c) => c.type === 'PolicyValidated');
}

test('backoff: 5 ms doubling, capped at 1000 s', () => {
  assert.deepEqual([0, 1, 2, 10].map(retryBackoffMs), [5, 10, 20, 5120]);
  assert.equal(retryBackoffMs(40), 1_000_000);
});

test('a CR refused before its notifiers existed waits out the backoff; a controller restart reconciles it', async () => {
  const lab = await startLab({ startState: 'cr-before-notifiers' });
  try {
    const before = await kube(lab, 'GET', CR_PATH);
    assert.equal(validated(before.json)?.status, 'False');
    assert.match(validated(before.json)?.message ?? '', /Notifier '(slack|teams)-alerts' does not exist/);

    const auth = { authorization: `Bearer ${lab.env.ROX_API_TOKEN}`, 'content-type': 'application/json' };
    for (const [name, type, url] of [
      ['slack-alerts', 'slack', lab.env.SLACK_WEBHOOK_URL],
      ['teams-alerts', 'teams', lab.env.TEAMS_WEBHOOK_URL],
    ] as const) {
      const r = await fetch(`${lab.central.url}/v1/notifiers`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name, type, uiEndpoint: lab.central.url, labelDefault: url }),
      });
      assert.equal(r.status, 200);
    }
    // kubectl apply of the same file: a merge patch that changes nothing, so no new generation.
    const reapplied = await kube(
      lab,
      'PATCH',
      CR_PATH,
      { spec: (before.json as { spec: unknown }).spec },
      'application/merge-patch+json',
    );
    assert.equal(
      (reapplied.json.metadata as { generation: number }).generation,
      (before.json.metadata as { generation: number }).generation,
    );
    await new Promise((r) => setTimeout(r, 1_500));
    assert.equal(
      validated((await kube(lab, 'GET', CR_PATH)).json)?.status,
      'False',
      'still waiting out the backoff',
    );

    const restart = await kube(
      lab,
      'PATCH',
      '/apis/apps/v1/namespaces/stackrox/deployments/config-controller',
      {
        spec: {
          template: {
            metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': new Date().toISOString() } },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    assert.equal(restart.status, 200);
    const deadline = Date.now() + 5_000;
    for (;;) {
      const cr = (await kube(lab, 'GET', CR_PATH)).json;
      if (validated(cr)?.status === 'True') break;
      assert.ok(Date.now() < deadline, `not reconciled after the restart: ${JSON.stringify(cr.status)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await lab.close();
  }
});
