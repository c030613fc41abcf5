// The negative control against a scripted Central: it ends on the ls barrier, fails only on what
// belongs to this ls or this run's alert, and lists the rest of the channel's traffic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CentralClient } from '../../src/central/index.ts';
import type { ChannelMessage } from '../../src/channels/index.ts';
import {
  barrierTimeout,
  centralHopMs,
  quietWindowAfterBarrier,
  runNegativeControl,
} from '../../src/module/negative-control.ts';
import type { Alert, ProcessIndicator } from '../../types/rhacs.ts';
import { rejection } from '../support/rejection.ts';

const TARGET = {
  namespace: 'payments',
  deployment: 'visa-processor',
  deploymentId: 'dep-1',
  pod: 'visa-processor-abc',
  container: 'visa-processor',
};
const RUN_ALERT = 'alert-run';

function ls(signalId: string, pod = TARGET.pod): ProcessIndicator {
  return {
    id: 'ind-ls',
    deploymentId: TARGET.deploymentId,
    containerName: TARGET.container,
    podId: pod,
    signal: { id: signalId, execFilePath: '/bin/ls', name: 'ls', args: '' },
  } as ProcessIndicator;
}

function message(id: string, text: string, receivedAt = Date.now()): ChannelMessage {
  return { id, channel: 'slack', receivedAt, shownText: text, shown: text, delivered: true };
}

/** Central whose process data shows `after` from the `showAt`-th read on. */
function central(o: {
  before?: ProcessIndicator[];
  after?: ProcessIndicator[];
  showAt?: number;
  alerts?: Alert[];
}): CentralClient & { reads: number } {
  const fake = {
    endpoint: 'https://central.test',
    reads: 0,
    async listDeploymentProcesses() {
      fake.reads++;
      return fake.reads > (o.showAt ?? 2) ? (o.after ?? []) : (o.before ?? []);
    },
    async listAlerts() {
      return (o.alerts ?? []).map((a) => ({ id: a.id }));
    },
    async getAlert(id: string) {
      const found = (o.alerts ?? []).find((a) => a.id === id);
      assert.ok(found);
      return found;
    },
  };
  return fake as unknown as CentralClient & { reads: number };
}

const alert = (id: string, processes: ProcessIndicator[], policy = 'No bash allowed') =>
  ({ id, policy: { name: policy }, processViolation: { message: '', processes } }) as unknown as Alert;

function input(c: CentralClient, messages: ChannelMessage[] = [], exit = 0) {
  return {
    central: c,
    target: TARGET,
    runAlertId: RUN_ALERT,
    runLs: async () => exit,
    channels: [{ name: 'slack' as const, listMessages: async () => messages }],
    barrierTimeoutMs: 1_500,
    quietWindowMs: 10,
    timeoutSetting: 'ALERT_TIMEOUT_MS',
  };
}

describe('negative control', () => {
  it('ends when a new ls signal is in the process data, ignoring other traffic', async () => {
    // An identical earlier ls: the same indicator, replaced by the new signal.
    const c = central({ before: [ls('sig-old')], after: [ls('sig-new')] });
    const others = [message('m1', 'Lunch after this module?'), message('m2', 'alert other-alert-id')];
    const outcome = await runNegativeControl(input(c, others));
    assert.equal(outcome.ls.signal.id, 'sig-new');
    assert.deepEqual(outcome.belonging, []);
    assert.equal(outcome.ignored.length, 2);
    assert.match(outcome.ignored[0] ?? '', /Lunch after this module/);
  });

  it("fails on a message carrying this run's alert id", async () => {
    const c = central({ after: [ls('sig-new')] });
    const outcome = await runNegativeControl(input(c, [message('m1', `re-notified ${RUN_ALERT}`)]));
    assert.equal(outcome.belonging.length, 1);
    assert.match(outcome.belonging[0] ?? '', /carries an alert id of this run/);
  });

  it('fails on an alert holding this ls, and on its message', async () => {
    const c = central({
      after: [ls('sig-new')],
      alerts: [alert('alert-ls', [ls('sig-new')], 'Anything but ls'), alert(RUN_ALERT, [])],
    });
    const outcome = await runNegativeControl(input(c, [message('m1', 'violation alert-ls')]));
    assert.equal(outcome.belonging.length, 2);
    assert.match(outcome.belonging[0] ?? '', /^alert alert-ls \(policy "Anything but ls"\) holds this ls$/);
    assert.match(outcome.belonging[1] ?? '', /violation alert-ls.*carries an alert id of this run/);
  });

  it('without a run alert (author-test, before solve), an alert holding this ls still fails it', async () => {
    const { runAlertId: _none, ...noRunAlert } = input(
      central({ after: [ls('sig-new')], alerts: [alert('alert-ls', [ls('sig-new')], 'Anything but ls')] }),
    );
    const outcome = await runNegativeControl({ ...noRunAlert, channels: [] });
    assert.deepEqual(outcome.belonging, ['alert alert-ls (policy "Anything but ls") holds this ls']);
  });

  it("another pod's ls or the old signal is no barrier: the wait explains itself", async () => {
    const c = central({ before: [ls('sig-old')], after: [ls('sig-old'), ls('sig-x', 'other-pod')] });
    const err = await rejection(runNegativeControl(input(c)));
    assert.equal(err.code, 'NEGATIVE_CONTROL_NO_BARRIER');
    assert.match(err.message, /no new ls from pod visa-processor-abc/);
    assert.match(err.message, /raise ALERT_TIMEOUT_MS/);
    assert.match(err.message, /Sensor drops identical execs past its budget \(module finding F8\)/);
    assert.match(err.message, /F8/);

    const budgeted = await rejection(
      runNegativeControl({
        ...input(central({ before: [ls('sig-old')] })),
        execBudget: '1 identical exec per container (x)',
      }),
    );
    assert.match(
      budgeted.message,
      /past its budget of 1 identical exec per container \(x\) \(module finding F8\)/,
    );
  });

  it('an ls that fails is said as such', async () => {
    const err = await rejection(runNegativeControl(input(central({}), [], 127)));
    assert.equal(err.code, 'NEGATIVE_CONTROL_EXEC');
  });

  it("waits twice Central's hop after the barrier, within bounds", () => {
    assert.equal(quietWindowAfterBarrier(0, 60_000), 1_000);
    assert.equal(quietWindowAfterBarrier(4_000, 60_000), 8_000);
    assert.equal(quietWindowAfterBarrier(50_000, 60_000), 60_000);
  });
});

describe('barrier timeout', () => {
  it("is never shorter than Central's one-minute indicator flush, plus a margin", () => {
    assert.equal(barrierTimeout(15_000), 65_000);
    assert.equal(barrierTimeout(90_000), 90_000);
  });
});

describe("the quiet window follows Central's hop, not the slowest channel", () => {
  const alertAt = Date.parse('2026-12-04T12:00:00.000Z');
  it("Central's hop is its earliest post reaching a webhook after the alert", () => {
    // Slack got Central's post 200 ms after the alert, the Teams webhook 250 ms after it; the Teams
    // flow run then took 20 s more, which is the channel's, not Central's.
    assert.equal(centralHopMs(new Date(alertAt).toISOString(), [alertAt + 250, alertAt + 200]), 200);
    assert.equal(
      quietWindowAfterBarrier(centralHopMs(new Date(alertAt).toISOString(), [alertAt + 900]), 90_000),
      1_800,
    );
  });

  it('no arrival measured (no channel read back): no hop, the window is its floor', () => {
    assert.equal(centralHopMs(new Date(alertAt).toISOString(), []), 0);
    assert.equal(quietWindowAfterBarrier(0, 90_000), 1_000);
  });

  it('a clock a little behind never makes the hop negative', () => {
    assert.equal(centralHopMs(new Date(alertAt).toISOString(), [alertAt - 40]), 0);
  });
});
