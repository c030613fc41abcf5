// The guide's integration steps as verify and solve both take them (src/module/integration-action.ts):
// create, update or keep the notifier of that name the way the console form does, tell the undo
// registrar only what was created or changed, and press Test on the notifier as the form shows it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CentralClient } from '../../src/central/index.ts';
import { isHarnessError } from '../../src/errors.ts';
import {
  type IntegrationSpec,
  saveAndTestIntegration,
  saveIntegration,
} from '../../src/module/integration-action.ts';
import { notifierForm } from '../../src/module/notifier-form.ts';
import type { UndoRegistrar } from '../../src/module/undo-registrar.ts';
import type { Notifier } from '../../types/rhacs.ts';

const HOOK = 'https://hooks.slack.com/services/T0/B0/first';
const OTHER_HOOK = 'https://hooks.slack.com/services/T0/B0/second';
const UI = 'https://central.example';

/** Central's notifiers in memory, with a log of the calls that change them. */
function fakeCentral(start: Notifier[] = []) {
  const notifiers = new Map(start.map((n) => [n.id, structuredClone(n)]));
  const calls: string[] = [];
  const tested: Notifier[] = [];
  let next = 1;
  const central = {
    endpoint: UI,
    findNotifierByName: async (name: string) => [...notifiers.values()].find((n) => n.name === name),
    createNotifier: async (n: Omit<Notifier, 'id'>) => {
      const created = { ...n, id: `n${next++}` } as Notifier;
      notifiers.set(created.id, created);
      calls.push(`create ${n.name}`);
      return created;
    },
    updateNotifier: async (n: Notifier) => {
      notifiers.set(n.id, structuredClone(n));
      calls.push(`update ${n.name}`);
    },
    deleteNotifier: async (id: string) => {
      notifiers.delete(id);
      calls.push(`delete ${id}`);
    },
    testNotifier: async (n: Notifier) => {
      tested.push(n);
      return { ok: true, message: 'The test was successful' };
    },
  } as unknown as CentralClient;
  return { central, notifiers, calls, tested };
}

function ledger() {
  const entries: { kind: string; what: string; undo: () => Promise<unknown>; key?: string }[] = [];
  const undo: UndoRegistrar = {
    created: (what, u, record) =>
      entries.push({ kind: 'created', what, undo: u, ...(record ? { key: record.key } : {}) }),
    changed: (what, u) => entries.push({ kind: 'changed', what, undo: u }),
  };
  return { undo, entries };
}

const slack = (url: string | undefined): IntegrationSpec => ({
  name: 'slack-alerts',
  type: 'slack',
  url,
  uiEndpoint: UI,
});

const saved = (over: Partial<Notifier> = {}): Notifier => ({
  ...(notifierForm({ name: 'slack-alerts', type: 'slack', url: HOOK, uiEndpoint: UI }) as Notifier),
  id: 'user-1',
  ...over,
});

describe('saveIntegration', () => {
  it('creates a missing notifier as the form does and registers its removal, with a run-record entry', async () => {
    const c = fakeCentral();
    const l = ledger();
    const r = await saveIntegration(c.central, slack(HOOK), { undo: l.undo });
    assert.equal(r.action, 'created');
    assert.deepEqual(r.notifier, {
      ...notifierForm({ name: 'slack-alerts', type: 'slack', url: HOOK, uiEndpoint: UI }),
      id: 'n1',
    });
    assert.deepEqual(
      l.entries.map((e) => [e.kind, e.what]),
      [['created', 'notifier slack-alerts']],
    );
    assert.ok(l.entries[0]?.key, 'the created notifier is written to the run record');
    await l.entries[0]?.undo();
    assert.equal(c.notifiers.size, 0);
  });

  it('keeps a notifier the form would leave as it is, and registers nothing', async () => {
    const c = fakeCentral([saved()]);
    const l = ledger();
    const r = await saveIntegration(c.central, slack(HOOK), { undo: l.undo });
    assert.equal(r.action, 'unchanged');
    assert.deepEqual(c.calls, []);
    assert.deepEqual(l.entries, []);
  });

  it('updates an existing notifier with another URL in place, and registers giving it back as it was', async () => {
    const c = fakeCentral([saved({ labelDefault: OTHER_HOOK })]);
    const l = ledger();
    const r = await saveIntegration(c.central, slack(HOOK), { undo: l.undo });
    assert.equal(r.action, 'updated');
    assert.equal(r.notifier.id, 'user-1');
    assert.equal(c.notifiers.get('user-1')?.labelDefault, HOOK);
    assert.deepEqual(
      l.entries.map((e) => [e.kind, e.what]),
      [['changed', 'notifier slack-alerts']],
    );
    await l.entries[0]?.undo();
    assert.equal(c.notifiers.get('user-1')?.labelDefault, OTHER_HOOK);
  });

  it('updates a notifier with an annotation key: it would post some alerts elsewhere', async () => {
    const c = fakeCentral([saved({ labelKey: 'slack-webhook' })]);
    const r = await saveIntegration(c.central, slack(HOOK));
    assert.equal(r.action, 'updated');
    assert.equal(c.notifiers.get('user-1')?.labelKey, '');
  });

  it('without a URL keeps the existing notifier URL, and names the setting when there is none to keep', async () => {
    const c = fakeCentral([saved()]);
    assert.equal((await saveIntegration(c.central, slack(undefined))).action, 'unchanged');
    await assert.rejects(saveIntegration(fakeCentral().central, slack(undefined)), (e: unknown) => {
      assert.ok(isHarnessError(e));
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.cause, /SLACK_WEBHOOK_URL is not set/);
      return true;
    });
  });

  it('in check mode changes nothing: a missing notifier is an error, a different one is taken as it is', async () => {
    await assert.rejects(
      saveIntegration(fakeCentral().central, slack(HOOK), { mode: 'check' }),
      (e: unknown) => {
        assert.ok(isHarnessError(e));
        assert.equal(e.code, 'NOTIFIER_MISSING');
        return true;
      },
    );
    const c = fakeCentral([saved({ labelDefault: OTHER_HOOK })]);
    const l = ledger();
    const r = await saveIntegration(c.central, slack(HOOK), { mode: 'check', undo: l.undo });
    assert.equal(r.notifier.labelDefault, OTHER_HOOK);
    assert.deepEqual(c.calls, []);
    assert.deepEqual(l.entries, []);
  });
});

describe('saveAndTestIntegration', () => {
  it("presses Test on a saved Generic Webhook as the form shows it (Central's masked password cleared)", async () => {
    const form = notifierForm({
      name: 'webhook',
      type: 'generic',
      url: 'https://webhook.site/x',
      uiEndpoint: UI,
    });
    const existing = { ...form, id: 'g1', generic: { ...form.generic!, password: '******' } } as Notifier;
    const c = fakeCentral([existing]);
    const r = await saveAndTestIntegration(c.central, {
      name: 'webhook',
      type: 'generic',
      url: 'https://webhook.site/x',
      uiEndpoint: UI,
    });
    assert.equal(r.action, 'unchanged');
    assert.deepEqual(r.test, { ok: true, message: 'The test was successful' });
    assert.equal(c.tested[0]?.generic?.password, '');
  });
});
