// The runtime step's negative control: `oc exec $POD -- ls` after the alert raises no alert and
// sends nothing (src/module/runtime/quiet-ls.ts; the rule itself is tests/module/negative-control.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CentralClient } from '../../src/central/index.ts';
import type { ChannelMessage, ChannelReader } from '../../src/channels/types.ts';
import { proveLsIsQuiet } from '../../src/module/runtime/quiet-ls.ts';
import type { Alert, ProcessIndicator } from '../../types/rhacs.ts';
import { ALERT_ID, alert, message, proc } from '../check/fixtures.ts';
import { rejection } from '../support/rejection.ts';
import { BUDGET, deps, TARGET } from './runtime-fixtures.ts';

const LS: ProcessIndicator = { ...proc('ls', new Date().toISOString()), podId: TARGET.pod };
const RUN_ALERT = { id: ALERT_ID, time: new Date().toISOString(), deploymentId: 'dep-1' };

/** Central whose process data shows this ls from the second read on, with these ACTIVE alerts. */
function central(alerts: Alert[] = []): CentralClient {
  let reads = 0;
  return {
    endpoint: 'https://central.test',
    listDeploymentProcesses: async () => (++reads > 1 ? [LS] : []),
    listAlerts: async () => alerts.map((a) => ({ id: a.id })),
    getAlert: async (id: string) => alerts.find((a) => a.id === id),
  } as unknown as CentralClient;
}

function channel(messages: ChannelMessage[]): ChannelReader {
  return { name: 'slack', listMessages: async () => messages } as unknown as ChannelReader;
}

function run(c: CentralClient, messages: ChannelMessage[] = []) {
  const execs: unknown[][] = [];
  const d = deps({
    central: c,
    kube: {
      execScript: async (...args: unknown[]) => {
        execs.push(args);
        return { exitCode: 0, stdout: '', stderr: '' } as never;
      },
    },
  });
  const input = {
    target: TARGET,
    alert: RUN_ALERT,
    webhookArrivals: [Date.now()],
    channels: [channel(messages)],
    budget: BUDGET,
  };
  return { d, execs, done: proveLsIsQuiet(d, input) };
}

test('ls in the pod, no alert or message of this run: quiet, with the barrier and other traffic recorded', async () => {
  const { d, execs, done } = run(central(), [
    message('slack', { shownText: 'Lunch after this module?', sentText: undefined }),
  ]);
  await done;
  assert.deepEqual(
    execs.map((a) => a.slice(0, 4)),
    [['payments', TARGET.pod, undefined, ['ls']]],
  );
  assert.deepEqual(
    d.sink.hops.map(([n]) => n),
    ['ls in Central (negative control barrier)'],
  );
  assert.equal((d.sink.recorded.negativeControl as { lsProcessId: string }).lsProcessId, LS.id);
  assert.match(
    d.sink.notes.join('\n'),
    /^Negative control ignored 1 other message\(s\) in the channels .*Lunch after this module/,
  );
});

test('an alert holding this ls fails it (NEGATIVE_CONTROL_ALERTED)', async () => {
  const lsAlert = alert({
    id: 'alert-ls',
    processViolation: { message: "Binary '/bin/ls' executed", processes: [LS] },
  });
  const err = await rejection(run(central([lsAlert])).done);
  assert.equal(err.code, 'NEGATIVE_CONTROL_ALERTED');
  assert.match(err.cause, /alert alert-ls \(policy "No bash allowed"\) holds this ls/);
});

test("a message carrying this run's alert id after ls fails it (NEGATIVE_CONTROL_ALERTED)", async () => {
  const err = await rejection(run(central(), [message('slack', { shownText: `again ${ALERT_ID}` })]).done);
  assert.equal(err.code, 'NEGATIVE_CONTROL_ALERTED');
  assert.match(err.cause, /carries an alert id of this run/);
});
