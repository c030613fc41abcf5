import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_PASSWORD, basic, type Lab, slackNotifier, startLab, teamsNotifier } from './lab.ts';

describe('Central REST API', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab.close();
  });

  describe('health, metadata and auth', () => {
    it('answers ping without credentials', async () => {
      const r = await lab.api('GET', '/v1/ping', undefined, null);
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { status: 'ok' });
    });

    it('shows the version only to authenticated callers', async () => {
      const anon = await lab.api('GET', '/v1/metadata', undefined, null);
      assert.equal(anon.status, 200);
      assert.equal(anon.json.version, '');
      const authed = await lab.api('GET', '/v1/metadata');
      assert.equal(authed.json.version, '4.11.0');
      assert.equal(authed.json.buildFlavor, 'release');
      assert.equal(authed.json.releaseBuild, true);
      assert.equal(authed.json.licenseStatus, 'VALID');
    });

    it('rejects a wrong token, a wrong password and no credentials with 401', async () => {
      for (const auth of ['Bearer nope', basic('admin', 'wrong'), basic('root', ADMIN_PASSWORD), null]) {
        const r = await lab.api('GET', '/v1/notifiers', undefined, auth);
        assert.equal(r.status, 401, `auth ${auth}`);
        assert.equal(r.json.code, 16);
        assert.equal(r.json.message, 'credentials not found');
        assert.equal(r.json.error, r.json.message);
        assert.deepEqual(r.json.details, []);
      }
    });

    it('describes basic and token identities in /v1/auth/status', async () => {
      const b = await lab.api('GET', '/v1/auth/status', undefined, basic('admin', ADMIN_PASSWORD));
      assert.equal(b.status, 200);
      assert.match(String(b.json.userId), /admin/);
      assert.equal((b.json.authProvider as { type: string }).type, 'basic');
      const t = await lab.api('GET', '/v1/auth/status');
      assert.equal(t.status, 200);
      assert.equal((t.json.authProvider as { type: string }).type, 'api-token');
      const none = await lab.api('GET', '/v1/auth/status', undefined, 'Bearer bad');
      assert.equal(none.status, 401);
    });

    it('mints API tokens that then authenticate', async () => {
      const r = await lab.api('POST', '/v1/apitokens/generate', { name: 'harness', roles: ['Admin'] });
      assert.equal(r.status, 200);
      const token = String(r.json.token);
      assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      assert.equal((r.json.metadata as { name: string }).name, 'harness');
      const me = await lab.api('GET', '/v1/notifiers', undefined, `Bearer ${token}`);
      assert.equal(me.status, 200);
      const bad = await lab.api('POST', '/v1/apitokens/generate', { roles: ['Admin'] });
      assert.equal(bad.status, 400);
    });
  });

  describe('protocol errors', () => {
    it('answers malformed JSON with 400 InvalidArgument', async () => {
      const r = await lab.api('POST', '/v1/notifiers', '{"name": ');
      assert.equal(r.status, 400);
      assert.equal(r.json.code, 3);
      assert.equal(typeof r.json.message, 'string');
    });

    it('answers an unknown route with a grpc-gateway 404', async () => {
      const r = await lab.api('GET', '/v1/nothing-here');
      assert.equal(r.status, 404);
      assert.equal(r.json.code, 5);
      assert.equal(r.json.message, 'Not Found');
    });

    it('answers a known path with the wrong method with 501 Method Not Allowed', async () => {
      const r = await lab.api('PATCH', '/v1/notifiers');
      assert.equal(r.status, 501);
      assert.equal(r.json.message, 'Method Not Allowed');
    });

    it('ignores unknown request fields', async () => {
      const r = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url, '/services/unknown-fields'),
        name: 'unknown-fields',
        webhook: 'https://example.com',
        channel: '#alerts',
      });
      assert.equal(r.status, 200);
      assert.equal('webhook' in r.json, false);
      assert.equal('channel' in r.json, false);
      await lab.api('DELETE', `/v1/notifiers/${r.json.id}`);
    });

    it('rejects a bad pagination value', async () => {
      const r = await lab.api('GET', '/v1/alerts?pagination.limit=ten');
      assert.equal(r.status, 400);
    });
  });

  describe('notifiers', () => {
    it('creates, reads, lists, updates and deletes a Slack notifier', async () => {
      const created = await lab.api('POST', '/v1/notifiers', slackNotifier(lab.receiver.url));
      assert.equal(created.status, 200);
      const id = String(created.json.id);
      assert.match(id, /^[0-9a-f-]{36}$/);
      assert.equal(created.json.labelDefault, `${lab.receiver.url}/services/T000/B000/XXXX`);
      assert.equal('email' in created.json, false, 'an unset member of the config oneof is left out');
      assert.equal(created.json.notifierSecret, '');

      const one = await lab.api('GET', `/v1/notifiers/${id}`);
      assert.equal(one.json.name, 'slack-alerts');
      const all = await lab.api('GET', '/v1/notifiers');
      assert.ok((all.json.notifiers as { id: string }[]).some((n) => n.id === id));

      const put = await lab.api('PUT', `/v1/notifiers/${id}`, { ...one.json, labelKey: 'slack-webhook' });
      assert.equal(put.status, 200);
      assert.deepEqual(put.json, {});
      assert.equal((await lab.api('GET', `/v1/notifiers/${id}`)).json.labelKey, 'slack-webhook');

      const del = await lab.api('DELETE', `/v1/notifiers/${id}`);
      assert.equal(del.status, 200);
      const gone = await lab.api('GET', `/v1/notifiers/${id}`);
      assert.equal(gone.status, 404);
      assert.match(String(gone.json.message), /: not found$/);
    });

    it('requires name, type and uiEndpoint', async () => {
      const r = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        uiEndpoint: '',
      });
      assert.equal(r.status, 400);
      assert.equal(
        r.json.message,
        'Validation error: notifier UI endpoint must be defined: invalid arguments',
      );
      const two = await lab.api('POST', '/v1/notifiers', { type: 'slack' });
      assert.equal(
        two.json.message,
        'Validation errors: [notifier name must be defined, notifier UI endpoint must be defined]: invalid arguments',
      );
    });

    it('omits unset oneof members (protojson EmitUnpopulated): a Slack notifier has no jira key, an alert no image', async () => {
      const created = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        name: 'oneof',
      });
      assert.equal(created.status, 200);
      for (const key of ['jira', 'email', 'generic', 'splunk', 'pagerduty', 'syslog'])
        assert.equal(key in created.json, false, `${key} is a config oneof member`);
      assert.equal(created.json.traits, null, 'an unset message field is null');
      assert.equal(created.json.notifierSecret, '', 'scalars are always present');
      await lab.api('DELETE', `/v1/notifiers/${created.json.id}`);
    });

    it('refuses a second notifier with the same name', async () => {
      const first = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        name: 'dup',
      });
      assert.equal(first.status, 200);
      const second = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        name: 'dup',
      });
      // pkg/postgres/error.go toErrox wraps SQLSTATE 23505 in errox.AlreadyExists: gRPC 6, HTTP 409.
      assert.equal(second.status, 409);
      assert.equal(second.json.code, 6);
      assert.equal(
        second.json.message,
        'ERROR: duplicate key value violates unique constraint "notifiers_name_key" (SQLSTATE 23505): already exists',
      );
      await lab.api('DELETE', `/v1/notifiers/${first.json.id}`);
    });

    it('sends the Slack and Teams test messages to labelDefault', async () => {
      const s = await lab.api(
        'POST',
        '/v1/notifiers/test',
        slackNotifier(lab.receiver.url, '/services/test'),
      );
      assert.equal(s.status, 200);
      assert.deepEqual(s.json, {});
      const [slack] = lab.receiver.at('/services/test');
      assert.equal(
        slack?.body,
        '{"text":"This is a test message created to test integration with StackRox."}',
      );
      assert.equal(slack?.headers['content-type'], 'application/json');

      const t = await lab.api('POST', '/v1/notifiers/test', teamsNotifier(lab.receiver.url, '/teams/test'));
      assert.equal(t.status, 200);
      assert.match(lab.receiver.at('/teams/test')[0]?.body ?? '', /test teams integration with StackRox/);
    });

    it('reports a failed test as 400 and records an administration event', async () => {
      lab.receiver.statusFor.set('/services/broken', 404);
      const r = await lab.api('POST', '/v1/notifiers/test', {
        ...slackNotifier(lab.receiver.url, '/services/broken'),
        name: 'broken-slack',
      });
      assert.equal(r.status, 400);
      assert.equal(r.json.message, 'send test message failed: invalid arguments');
      lab.central.events.flush();
      const events = await lab.api(
        'GET',
        '/v1/administration/events?filter.domain=Integrations&filter.resourceType=Notifier&filter.level=ADMINISTRATION_EVENT_LEVEL_ERROR',
      );
      const list = events.json.events as {
        message: string;
        resource: { name: string };
        numOccurrences: string;
      }[];
      const ev = list.find((e) => e.resource.name === 'broken-slack');
      assert.ok(ev, 'an administration event for broken-slack');
      assert.match(ev.message, /no_service/);
      assert.equal(ev.numOccurrences, '1');
      await lab.api('POST', '/v1/notifiers/test', {
        ...slackNotifier(lab.receiver.url, '/services/broken'),
        name: 'broken-slack',
      });
      lab.central.events.flush();
      const again = await lab.api('GET', '/v1/administration/events?filter.resourceType=Notifier');
      const bumped = (again.json.events as typeof list).find((e) => e.resource.name === 'broken-slack');
      assert.equal(bumped?.numOccurrences, '2');
      const count = await lab.api('GET', '/v1/count/administration/events?filter.domain=Integrations');
      assert.ok(Number(count.json.count) >= 1);
      const got = await lab.api(
        'GET',
        `/v1/administration/events/${(bumped as unknown as { id: string }).id}`,
      );
      assert.equal((got.json.event as { resource: { name: string } }).resource.name, 'broken-slack');
      const missing = await lab.api('GET', '/v1/administration/events/nope');
      assert.equal(missing.status, 404);
    });

    it('tests an edited notifier through /v1/notifiers/test/updated', async () => {
      const created = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url, '/services/updated'),
        name: 'updated-test',
      });
      const r = await lab.api('POST', '/v1/notifiers/test/updated', {
        notifier: created.json,
        updatePassword: false,
      });
      assert.equal(r.status, 200);
      assert.equal(lab.receiver.at('/services/updated').length, 1);
      const unknown = await lab.api('POST', '/v1/notifiers/test/updated', {
        notifier: { ...created.json, id: 'no-such-id' },
        updatePassword: false,
      });
      assert.equal(unknown.status, 404);
      await lab.api('DELETE', `/v1/notifiers/${created.json.id}`);
    });

    it('removes a deleted notifier from every policy', async () => {
      const n = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        name: 'to-delete',
      });
      const [p] = (
        await lab.api('GET', `/v1/policies?query=${encodeURIComponent('Policy:"No bash allowed"')}`)
      ).json.policies as { id: string }[];
      assert.ok(p);
      await lab.api('PATCH', `/v1/policies/${p.id}/notifiers`, { notifierIds: [n.json.id], disable: false });
      assert.deepEqual((await lab.api('GET', `/v1/policies/${p.id}`)).json.notifiers, [n.json.id]);
      await lab.api('DELETE', `/v1/notifiers/${n.json.id}`);
      assert.deepEqual((await lab.api('GET', `/v1/policies/${p.id}`)).json.notifiers, []);
    });
  });

  describe('policies', () => {
    const q = (query: string) => `/v1/policies?query=${encodeURIComponent(query)}`;
    const names = async (path: string) =>
      ((await lab.api('GET', path)).json.policies as { name: string }[]).map((p) => p.name);

    it('seeds "No bash allowed" as an imperative custom policy next to defaults', async () => {
      const all = (await lab.api('GET', '/v1/policies')).json.policies as Record<string, unknown>[];
      const bash = all.find((p) => p.name === 'No bash allowed');
      assert.ok(bash);
      assert.equal(bash.source, 'IMPERATIVE');
      assert.equal(bash.isDefault, false);
      assert.equal('policySections' in bash, false, 'ListPolicy has no policySections');
      assert.ok(all.filter((p) => p.isDefault === true).length >= 3);
      const full = await lab.api('GET', `/v1/policies/${bash.id}`);
      assert.equal(full.json.severity, 'HIGH_SEVERITY');
      assert.equal(full.json.eventSource, 'DEPLOYMENT_EVENT');
      assert.deepEqual(full.json.scope, [{ cluster: '', namespace: 'payments', label: null }]);
      assert.deepEqual(full.json.categories, ['Anomalous Activity']);
      assert.equal(full.json.description, 'Privilege escalation technique');
      assert.equal(full.json.remediation, 'Uninstall during container build');
      assert.equal(full.json.policyVersion, '1.1');
    });

    it('matches Policy: as a case-insensitive prefix, and "quoted" values exactly', async () => {
      const [bash] = (await lab.api('GET', q('Policy:"No bash allowed"'))).json.policies as { id: string }[];
      assert.ok(bash);
      const original = (await lab.api('GET', `/v1/policies/${bash.id}`)).json;
      const copy = await lab.api('POST', '/v1/policies', {
        ...original,
        id: '',
        name: 'No bash allowed (COPY)',
      });
      assert.equal(copy.status, 200, copy.text);
      assert.deepEqual(await names(q('Policy:no bash')), ['No bash allowed', 'No bash allowed (COPY)']);
      assert.deepEqual(await names(q('Policy:"No bash allowed"')), ['No bash allowed']);
      assert.deepEqual(await names(q('Policy:"no bash allowed"')), []);
      assert.deepEqual(await names(q('Policy:Netcat,Latest')), ['Latest tag', 'Netcat Execution Detected']);
      assert.deepEqual(await names(q('policy:no bash+Severity:HIGH')), [
        'No bash allowed',
        'No bash allowed (COPY)',
      ]);
      assert.deepEqual(await names(q('Policy:no bash+Severity:LOW')), []);
      // A raw "+" in a query string decodes to a space: the two terms become one odd value.
      assert.deepEqual(await names('/v1/policies?query=Policy:no%20bash+Severity:HIGH'), []);
      await lab.api('DELETE', `/v1/policies/${copy.json.id}`);
    });

    it('validates policies with Central messages', async () => {
      const base = {
        name: 'Lab validation policy',
        severity: 'LOW_SEVERITY',
        categories: ['Anomalous Activity'],
        lifecycleStages: ['RUNTIME'],
        eventSource: 'DEPLOYMENT_EVENT',
        policyVersion: '1.1',
        policySections: [{ policyGroups: [{ fieldName: 'Process Name', values: [{ value: 'nc' }] }] }],
      };
      const eventSource = await lab.api('POST', '/v1/policies', { ...base, eventSource: 'NOT_APPLICABLE' });
      assert.equal(eventSource.status, 400);
      assert.equal(
        eventSource.json.message,
        'policy invalid error: event source must be deployment or audit event for runtime policies: invalid arguments',
      );
      const notifier = await lab.api('POST', '/v1/policies', { ...base, notifiers: ['nope'] });
      assert.equal(notifier.status, 400);
      assert.match(String(notifier.json.message), /notifier nope does not exist/);
      const severity = await lab.api('POST', '/v1/policies', { ...base, severity: 'UNSET_SEVERITY' });
      assert.match(String(severity.json.message), /a policy must have a severity/);
      const categories = await lab.api('POST', '/v1/policies', { ...base, categories: ['A', 'A'] });
      assert.match(String(categories.json.message), /duplicate categories/);
      const version = await lab.api('POST', '/v1/policies', { ...base, policyVersion: '' });
      assert.match(String(version.json.message), /policy has invalid version/);
      const badEnum = await lab.api('POST', '/v1/policies', { ...base, severity: 'HIGH' });
      assert.equal(badEnum.status, 400);
      const ok = await lab.api('POST', '/v1/policies', base);
      assert.equal(ok.status, 200);
      assert.equal(ok.json.source, 'IMPERATIVE');
      const dup = await lab.api('POST', '/v1/policies', base);
      assert.equal(dup.status, 500);
      assert.match(String(dup.json.message), /policy with name Lab validation policy already exists/);
      await lab.api('DELETE', `/v1/policies/${ok.json.id}`);
    });

    it('updates with PUT, disables with PATCH and edits notifiers with PATCH .../notifiers', async () => {
      const [p] = (await lab.api('GET', q('Policy:"No bash allowed"'))).json.policies as { id: string }[];
      assert.ok(p);
      const full = (await lab.api('GET', `/v1/policies/${p.id}`)).json;
      const put = await lab.api('PUT', `/v1/policies/${p.id}`, { ...full, rationale: 'why not' });
      assert.equal(put.status, 200);
      assert.equal((await lab.api('GET', `/v1/policies/${p.id}`)).json.rationale, 'why not');
      await lab.api('PATCH', `/v1/policies/${p.id}`, { disabled: true });
      assert.equal((await lab.api('GET', `/v1/policies/${p.id}`)).json.disabled, true);
      await lab.api('PATCH', `/v1/policies/${p.id}`, { disabled: false });
      const badIds = await lab.api('PATCH', `/v1/policies/${p.id}/notifiers`, {
        notifierIds: ['x'],
        disable: false,
      });
      assert.equal(badIds.status, 400);
      const n = await lab.api('POST', '/v1/notifiers', {
        ...slackNotifier(lab.receiver.url),
        name: 'patch-me',
      });
      await lab.api('PATCH', `/v1/policies/${p.id}/notifiers`, { notifierIds: [n.json.id], disable: false });
      assert.deepEqual((await lab.api('GET', `/v1/policies/${p.id}`)).json.notifiers, [n.json.id]);
      await lab.api('PATCH', `/v1/policies/${p.id}/notifiers`, { notifierIds: [n.json.id], disable: true });
      assert.deepEqual((await lab.api('GET', `/v1/policies/${p.id}`)).json.notifiers, []);
      await lab.api('DELETE', `/v1/notifiers/${n.json.id}`);
      await lab.api('PUT', `/v1/policies/${p.id}`, full);
    });

    it('refuses to delete a default policy; GET 404s and DELETE answers 200 on unknown ids', async () => {
      const [latest] = (await lab.api('GET', q('Policy:"Latest tag"'))).json.policies as { id: string }[];
      assert.ok(latest);
      const r = await lab.api('DELETE', `/v1/policies/${latest.id}`);
      assert.equal(r.status, 400);
      assert.match(String(r.json.message), /A default policy cannot be deleted/);
      assert.equal((await lab.api('GET', `/v1/policies/${latest.id}`)).status, 200);
      assert.equal((await lab.api('GET', '/v1/policies/no-such-id')).status, 404);
      assert.equal((await lab.api('DELETE', '/v1/policies/no-such-id')).status, 200);
    });
  });
});
