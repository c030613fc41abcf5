// Each detector fires on the evidence the reference describes, stays silent on the corrected setup,
// and says what happened with the evidence in it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelMessage, FlowRun } from '../../src/channels/types.ts';
import {
  detectActiveAlertReuse,
  detectConsoleOnlyNotifiers,
  detectIgnoredNamespace,
  detectNoChannelField,
  detectNoTty,
  detectSampleLabel,
  detectSilentDrop,
  detectSlackWorkflowTrigger,
  detectStrictDecoding,
  detectTeamsCardWithoutViolation,
  detectTeamsFlowFailure,
  execBudget,
  explainFailure,
} from '../../src/diagnose/index.ts';
import { HarnessError } from '../../src/errors.ts';
import type { AdministrationEvent, Notifier } from '../../types/rhacs.ts';

const STRICT =
  'Error from server (BadRequest): error when creating "STDIN": SecurityPolicy in version "v1alpha1" cannot be handled as a SecurityPolicy: strict decoding error: unknown field "spec.SORTEnforcement", unknown field "spec.SORTLifecycleStage", unknown field "spec.SORTName", unknown field "spec.policyVersion"';

function notifier(id: string, name: string, type: string, url: string): Notifier {
  return {
    id,
    name,
    type,
    uiEndpoint: 'https://central',
    labelKey: '',
    labelDefault: url,
    notifierSecret: '',
    traits: null,
  };
}
const slack = notifier('n-s', 'slack-alerts', 'slack', 'https://hooks.slack.com/services/T1/B1/SECRETSECRET');
const teams = notifier(
  'n-t',
  'teams-alerts',
  'teams',
  'https://prod-01.logic.azure.com/workflows/ab/triggers?sig=SIG',
);

function msg(over: Partial<ChannelMessage>): ChannelMessage {
  return { id: 'm', channel: 'slack', receivedAt: 1, shownText: '', shown: null, delivered: true, ...over };
}

describe('F1 strict decoding', () => {
  it('names the unknown fields from the API server message', () => {
    const f = detectStrictDecoding(new Error(STRICT));
    assert.equal(f?.id, 'F1');
    for (const field of [
      'spec.SORTName',
      'spec.SORTLifecycleStage',
      'spec.SORTEnforcement',
      'spec.policyVersion',
    ]) {
      assert.ok(f?.happened.includes(`"${field}"`), field);
    }
  });
  it('prefers the client error details and ignores other errors', () => {
    const err = new HarnessError({
      code: 'STRICT_DECODING',
      what: 'Applying',
      cause: 'strict decoding error',
      fix: 'x',
      details: { unknownFields: ['spec.SORTName'] },
    });
    assert.match(detectStrictDecoding(err)?.happened ?? '', /"spec.SORTName"$/);
    assert.equal(detectStrictDecoding(new Error('connection refused')), null);
    assert.equal(detectStrictDecoding(undefined), null);
  });
});

describe('F2 console-only notifiers on a DECLARATIVE policy', () => {
  const policy = { name: 'No bash allowed', source: 'DECLARATIVE' as const, notifiers: ['n-s', 'n-t'] };
  it('fires when Central lists notifiers the CR does not declare', () => {
    const f = detectConsoleOnlyNotifiers({ policy, crNotifiers: undefined, notifiers: [slack, teams] });
    assert.equal(f?.id, 'F2');
    assert.match(f?.happened ?? '', /slack-alerts, teams-alerts/);
    assert.match(f?.happened ?? '', /declares no notifiers/);
  });
  it('is silent when the CR declares them by name or id, or the policy is imperative', () => {
    assert.equal(
      detectConsoleOnlyNotifiers({ policy, crNotifiers: ['slack-alerts', 'n-t'], notifiers: [slack, teams] }),
      null,
    );
    assert.equal(
      detectConsoleOnlyNotifiers({
        policy: { ...policy, source: 'IMPERATIVE' },
        crNotifiers: [],
        notifiers: [slack, teams],
      }),
      null,
    );
  });
});

describe('F3 Slack workflow trigger', () => {
  const trigger = 'https://hooks.slack.com/triggers/T1/123/SECRETSECRET';
  it('fires when a workflow message for the alert shows no alert content, with the URL redacted', () => {
    const f = detectSlackWorkflowTrigger({
      webhookUrl: trigger,
      alertId: 'a-1',
      messages: [msg({ hookKind: 'slack-workflow', sentText: 'Alert ID: a-1', shownText: '' })],
    });
    assert.equal(f?.id, 'F3');
    assert.equal(f?.severity, 'defect');
    assert.match(f?.happened ?? '', /an empty message/);
    assert.ok(!f?.happened.includes('SECRETSECRET'));
  });
  it('is silent when the channel shows the alert id, and advisory from the URL alone', () => {
    const ok = msg({ hookKind: 'slack-incoming', sentText: 'Alert ID: a-1', shownText: 'Alert ID: a-1' });
    assert.equal(
      detectSlackWorkflowTrigger({ webhookUrl: slack.labelDefault, alertId: 'a-1', messages: [ok] }),
      null,
    );
    assert.equal(detectSlackWorkflowTrigger({ webhookUrl: slack.labelDefault }), null);
    assert.equal(detectSlackWorkflowTrigger({ webhookUrl: trigger })?.severity, 'advisory');
  });
});

describe('F4, F6, F7, F8, F9, F10', () => {
  it('F4 from a notifier without any channel field', () => {
    assert.equal(detectNoChannelField(slack)?.id, 'F4');
    assert.equal(detectNoChannelField({ ...slack, channel: '#alerts' }), null);
  });
  it('F6 from a delivered Teams card without the process violation text', () => {
    const alert = {
      id: 'a-1',
      violations: [],
      processViolation: { message: "Binary '/bin/bash' executed", processes: [] },
    };
    const card = msg({
      channel: 'teams',
      shownText: 'No bash allowed\nID a-1\nvisa-processor',
      delivered: true,
    });
    assert.equal(detectTeamsCardWithoutViolation({ alert, message: card })?.id, 'F6');
    const withText = { ...card, shownText: `${card.shownText}\nBinary '/bin/bash' executed` };
    assert.equal(detectTeamsCardWithoutViolation({ alert, message: withText }), null);
  });
  it('F7 when the sample label finds nothing and the guide label finds the pod', () => {
    const base = {
      sampleSelector: 'app=ctf-web-to-system',
      guideSelector: 'app=visa-processor',
      namespace: 'payments',
    };
    assert.equal(detectSampleLabel({ ...base, samplePods: [], guidePods: ['visa-processor-x'] })?.id, 'F7');
    assert.equal(detectSampleLabel({ ...base, samplePods: ['p'], guidePods: ['visa-processor-x'] }), null);
  });
  it('F8 from stale ACTIVE alerts and from an exec dropped by the budget', () => {
    assert.match(
      detectActiveAlertReuse([{ id: 'a', state: 'ACTIVE', processes: 40 }], true)?.happened ?? '',
      /40-process cap.*\(the harness resolved them first\)/,
    );
    assert.match(
      detectActiveAlertReuse([{ id: 'a', state: 'ACTIVE', processes: 1 }], false)?.happened ?? '',
      /\(check mode left them ACTIVE: this run's bash joins the old alert, which Central re-notifies\)/,
    );
    assert.equal(detectActiveAlertReuse([], true), null);
    const budget = execBudget({ env: {} }, '4.11.0');
    const drop = detectSilentDrop({
      execSucceeded: true,
      newProcessSeen: false,
      identicalExecs: 5,
      budget,
      waitedMs: 3000,
    });
    assert.equal(drop?.severity, 'defect');
    assert.match(
      drop?.happened ?? '',
      /5 identical execs were already seen .* Sensor admits 5 identical execs per container/,
    );
    assert.equal(
      detectSilentDrop({ execSucceeded: true, newProcessSeen: true, identicalExecs: 9, budget, waitedMs: 1 }),
      null,
    );
    const aggressive = execBudget({ env: { ROX_PROCESS_FILTER_MODE: 'aggressive' } }, '4.11.0');
    assert.match(
      detectSilentDrop({
        execSucceeded: true,
        newProcessSeen: false,
        identicalExecs: 1,
        budget: aggressive,
        waitedMs: 1,
      })?.happened ?? '',
      /admits 1 identical exec per container \(whatever the arguments; deployment\/sensor -n stackrox, container sensor: ROX_PROCESS_FILTER_MODE=aggressive\)/,
    );
    assert.equal(
      detectSilentDrop({
        execSucceeded: true,
        newProcessSeen: false,
        identicalExecs: 1,
        budget,
        waitedMs: 1,
      }),
      null,
    );
  });
  it('F9 for a CR outside stackrox without status, F10 without a TTY', () => {
    const crs = [
      { namespace: 'default', name: 'no-bash-allowed', status: {} },
      { namespace: 'stackrox', name: 'other', status: {} },
    ];
    assert.match(
      detectIgnoredNamespace({ crs, centralNamespace: 'stackrox' })?.happened ?? '',
      /default\/no-bash-allowed/,
    );
    assert.equal(
      detectIgnoredNamespace({
        crs: [{ namespace: 'default', name: 'x', status: { accepted: true } }],
        centralNamespace: 'stackrox',
      }),
      null,
    );
    assert.equal(detectNoTty({ stdinIsTTY: undefined, ci: 'true' })?.id, 'F10');
    assert.equal(detectNoTty({ stdinIsTTY: true }), null);
  });
  it("quotes kubectl's own words when the guide's oc exec ran verbatim, and is silent when it did not say them", () => {
    const said = detectNoTty({
      stdinIsTTY: false,
      verbatimStderr:
        'Defaulted container "visa-processor" out of: visa-processor\nUnable to use a TTY - input is not a terminal or the right kind of file\n',
    });
    assert.equal(said?.id, 'F10');
    assert.match(
      said?.happened ?? '',
      /said "Unable to use a TTY - input is not a terminal or the right kind of file"/,
    );
    assert.equal(detectNoTty({ stdinIsTTY: false, verbatimStderr: '' }), null);
  });
});

describe('F5 Teams flow failure', () => {
  const failed: FlowRun = {
    id: 'r1',
    hookId: 'h',
    status: 'Failed',
    error: "ExpressionEvaluationFailed. The execution of template action 'Send_each_adaptive_card' failed",
    startedAt: 1,
    endedAt: 2,
    messageIds: ['m'],
  };
  it('fires on a Failed run after a successful Test and quotes the run error', () => {
    const f = detectTeamsFlowFailure({
      what: 'test message',
      rhacsSaidOk: true,
      message: msg({ status: 202 }),
      run: failed,
    });
    assert.equal(f?.id, 'F5');
    assert.match(f?.happened ?? '', /The test was successful.*answered 202.*Send_each_adaptive_card/);
  });
  it('is silent on a Succeeded run with a delivered message', () => {
    const ok = { ...failed, status: 'Succeeded' as const, error: null };
    assert.equal(
      detectTeamsFlowFailure({ what: 'alert', rhacsSaidOk: true, message: msg({}), run: ok }),
      null,
    );
  });
});

describe('explainFailure', () => {
  it('adds what Central recorded for the channel notifier', () => {
    const err = new HarnessError({
      code: 'CHANNEL_TIMEOUT',
      what: 'Waiting for Slack',
      cause: 'none within 15 s',
      fix: 'x',
      details: { channel: 'slack' },
    });
    const event: AdministrationEvent = {
      id: 'e',
      type: 'ADMINISTRATION_EVENT_TYPE_LOG_MESSAGE',
      level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
      message: 'Received an error response for notifier slack-alerts: 404 no_service',
      hint: '',
      domain: 'Integrations',
      resource: { type: 'Notifier', id: 'n-s', name: 'slack-alerts' },
      numOccurrences: '3',
      lastOccurredAt: '2026-01-01T12:04:05Z',
      createdAt: '2026-01-01T12:00:00Z',
    };
    const { text, findings } = explainFailure(err, { notifiers: [slack, teams], adminEvents: [event] });
    assert.match(
      text,
      /Central recorded for notifier "slack-alerts" \(3 times, last at 2026-01-01T12:04:05Z\): .*no_service/,
    );
    assert.equal(findings.length, 0);
  });
  it('turns a strict decoding error into F1 and a failed Teams run into F5', () => {
    assert.deepEqual(
      explainFailure(new Error(STRICT)).findings.map((f) => f.id),
      ['F1'],
    );
    const run: FlowRun = {
      id: 'r',
      hookId: 'h',
      status: 'Failed',
      error: 'boom',
      startedAt: 0,
      endedAt: 1,
      messageIds: [],
    };
    const e = explainFailure(new Error('x'), { runs: [run] });
    assert.deepEqual(
      e.findings.map((f) => f.id),
      ['F5'],
    );
    assert.match(e.text, /flow run r failed: boom/);
  });
});
