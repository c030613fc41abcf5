// Checks the lab Central's response shapes against the real Swagger definitions from StackRox,
// read at test time from ../shared/reference/data/stackrox.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Lab, slackNotifier, startLab } from './lab.ts';

const SWAGGER_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/reference/data/stackrox',
);
const available = existsSync(SWAGGER_DIR);
const skip = available ? false : `Swagger reference data not found at ${SWAGGER_DIR}`;

interface Definition {
  properties?: Record<string, unknown>;
}

function loadDefinitions(): Record<string, Definition> {
  const defs: Record<string, Definition> = {};
  for (const file of readdirSync(SWAGGER_DIR).filter((f) => f.endsWith('.swagger.json'))) {
    const doc = JSON.parse(readFileSync(resolve(SWAGGER_DIR, file), 'utf8')) as {
      definitions: Record<string, Definition>;
    };
    Object.assign(defs, doc.definitions);
  }
  return defs;
}

/**
 * Swagger does not mark oneof members, and protojson's EmitUnpopulated leaves unset ones out, so
 * these may be missing (stackrox proto/storage/notifier.proto `oneof config`, alert.proto
 * `oneof Entity` of Alert and ListAlert).
 */
const ONEOF_MEMBERS: Record<string, readonly string[]> = {
  storageNotifier: [
    'jira',
    'email',
    'cscc',
    'splunk',
    'pagerduty',
    'generic',
    'sumologic',
    'awsSecurityHub',
    'syslog',
    'microsoftSentinel',
  ],
  storageAlert: ['deployment', 'image', 'resource', 'node'],
  storageListAlert: ['deployment', 'resource', 'node'],
};

describe('contract: responses match the StackRox Swagger', { skip }, () => {
  let lab: Lab;
  let defs: Record<string, Definition>;
  const props = (name: string) => {
    const d = defs[name];
    assert.ok(d?.properties, `definition ${name} exists`);
    return Object.keys(d.properties).sort();
  };
  /** Every key we send is in the definition; with `complete`, every defined key is sent too. */
  const conforms = (value: unknown, name: string, complete = true, extra: string[] = []) => {
    assert.ok(value && typeof value === 'object', `${name}: an object`);
    const keys = Object.keys(value).sort();
    const allowed = new Set([...props(name), ...extra]);
    assert.deepEqual(
      keys.filter((k) => !allowed.has(k)),
      [],
      `${name}: keys not in the Swagger definition`,
    );
    const oneof = ONEOF_MEMBERS[name] ?? [];
    if (complete)
      assert.deepEqual(
        props(name).filter((k) => !keys.includes(k) && !oneof.includes(k)),
        [],
        `${name}: defined keys missing from the response`,
      );
  };

  before(async () => {
    defs = loadDefinitions();
    lab = await startLab({ timing: { controllerDelayMs: 5 } });
  });
  after(async () => {
    await lab?.close();
  });

  it('ping, metadata, auth status and errors', async () => {
    conforms((await lab.api('GET', '/v1/ping')).json, 'v1PongMessage');
    conforms((await lab.api('GET', '/v1/metadata')).json, 'v1Metadata');
    const status = (await lab.api('GET', '/v1/auth/status')).json;
    conforms(status, 'v1AuthStatus');
    conforms(status.authProvider, 'storageAuthProvider');
    const err = (await lab.api('GET', '/v1/policies/nope')).json;
    conforms(err, 'googleRpcStatus', true, ['error']);
  });

  it('notifiers', async () => {
    const created = (await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url))).json;
    conforms(created, 'storageNotifier');
    const list = (await lab.api('GET', '/v1/notifiers')).json;
    conforms(list, 'v1GetNotifiersResponse');
    conforms((list.notifiers as unknown[])[0], 'storageNotifier');
  });

  it('policies', async () => {
    const list = (await lab.api('GET', '/v1/policies')).json;
    conforms(list, 'v1ListPoliciesResponse');
    const first = (list.policies as { id: string }[])[0];
    conforms(first, 'storageListPolicy');
    const full = (await lab.api('GET', `/v1/policies/${first?.id}`)).json;
    conforms(full, 'storagePolicy');
    conforms((full.policySections as unknown[])[0], 'storagePolicySection');
  });

  it('alerts, with their deployment and process indicators', async () => {
    lab.cluster.exec({ execFilePath: '/bin/bash' });
    const list = (await lab.api('GET', '/v1/alerts')).json;
    conforms(list, 'v1ListAlertsResponse');
    const listed = (list.alerts as Record<string, unknown>[])[0];
    conforms(listed, 'storageListAlert');
    conforms(listed?.policy, 'storageListAlertPolicy', false);
    conforms(listed?.commonEntityInfo, 'ListAlertCommonEntityInfo');
    conforms(listed?.deployment, 'storageListAlertDeployment');
    const alert = (await lab.api('GET', `/v1/alerts/${listed?.id}`)).json;
    conforms(alert, 'storageAlert');
    conforms(alert.policy, 'storagePolicy');
    conforms(alert.deployment, 'storageAlertDeployment');
    const violation = alert.processViolation as { processes: Record<string, unknown>[] };
    conforms(violation, 'AlertProcessViolation');
    conforms(violation.processes[0], 'storageProcessIndicator');
    conforms(violation.processes[0]?.signal, 'storageProcessSignal', false);
    conforms((await lab.api('GET', '/v1/alertscount')).json, 'v1CountAlertsResponse');
  });

  it('administration events', async () => {
    lab.receiver.statusFor.set('/services/contract', 500);
    await lab.api('POST', '/v1/notifiers/test', {
      ...slackNotifier(lab.receiver.url, '/services/contract'),
      name: 'c',
    });
    lab.central.events.flush();
    const list = (await lab.api('GET', '/v1/administration/events')).json;
    conforms(list, 'v1ListAdministrationEventsResponse');
    const event = (list.events as { id: string }[])[0];
    assert.ok(event, 'an event to check');
    conforms(event, 'v1AdministrationEvent');
    conforms((event as unknown as { resource: unknown }).resource, 'AdministrationEventResource');
    conforms(
      (await lab.api('GET', `/v1/administration/events/${event?.id}`)).json,
      'v1GetAdministrationEventResponse',
    );
    conforms(
      (await lab.api('GET', '/v1/count/administration/events')).json,
      'v1CountAdministrationEventsResponse',
    );
  });
});
