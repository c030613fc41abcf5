import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ReceiverHandlerOptions } from '../../mocks/receivers/handlers.ts';
import type { Inbox } from '../../mocks/receivers/inbox.ts';
import { parseMrkdwn, richToString } from '../../mocks/receivers/inbox-page-mrkdwn.ts';
import {
  buildInboxView,
  type CardBlock,
  type InboxView,
  type MessageView,
  redactUrl,
  slackBarColour,
} from '../../mocks/receivers/inbox-page-view.ts';
import { type Receivers, startReceivers } from '../../mocks/receivers/server.ts';
import {
  PAGE_ALERT_ID,
  PAGE_SUMMARY,
  SLACK_ALERT_410_FULL,
  SLACK_ALERT_BODY,
  SLACK_TEST_MESSAGE,
  TEAMS_ALERT_FULL,
} from './inbox-page-fixtures.ts';
import { adaptiveEnvelope, inProcessLab } from './lab-fixtures.ts';

const viewOf = (inbox: Inbox): InboxView =>
  buildInboxView({ messages: inbox.listMessages(), runs: inbox.listRuns(), hooks: inbox.listHooks() });

const runEnded = (inbox: Inbox) =>
  inbox.waitFor((e) => e.type === 'run' && e.run.status !== 'Running', 2000, 'a finished flow run');

const texts = (blocks: CardBlock[], style?: string): string[] =>
  blocks.flatMap((b) => (b.type === 'text' && (!style || b.style === style) ? [b.lines.join('\n')] : []));

const facts = (blocks: CardBlock[]): Record<string, string> =>
  Object.fromEntries(
    blocks.flatMap((b) => (b.type === 'facts' ? b.facts.map((f) => [f.name, f.value.join('\n')]) : [])),
  );

function only(list: MessageView[]): MessageView {
  assert.equal(list.length, 1, `expected one message, got ${list.length}`);
  return list[0]!;
}

describe('inbox page: served', () => {
  let lab: Receivers;
  let dir: string;
  before(async () => {
    lab = await startReceivers();
    dir = await mkdtemp(join(tmpdir(), 'inbox-page-'));
  });
  after(async () => {
    await lab.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the HTML page at /inbox and /inbox/ with a strict CSP', async () => {
    for (const path of ['/inbox', '/inbox/']) {
      const res = await fetch(lab.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      const html = await res.text();
      assert.match(html, /<h2 id="pane-slack-heading">Slack<\/h2>/);
      assert.match(html, /<h2 id="pane-teams-heading">Microsoft Teams<\/h2>/);
      assert.match(html, /<script type="module" src="\/inbox\/assets\/inbox-page-client\.js">/);
    }
  });

  it('serves the stylesheet and the page modules with their content types, nothing else', async () => {
    const css = await fetch(`${lab.inboxUrl}/assets/inbox-page.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /\.attachment-body/);
    for (const name of ['inbox-page-client.js', 'inbox-page-view.js', 'inbox-page-mrkdwn.js']) {
      const res = await fetch(`${lab.inboxUrl}/assets/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(res.headers.get('content-type'), 'text/javascript; charset=utf-8');
      const code = await res.text();
      assert.doesNotMatch(
        code,
        /from '[^']+\.ts'|from "[^"]+\.ts"|import type/,
        `${name} still has TypeScript`,
      );
    }
    for (const path of ['inbox-page.ts', 'inbox-page-view.ts', '..%2Fserver.ts', 'handlers.js'])
      assert.equal((await fetch(`${lab.inboxUrl}/assets/${path}`)).status, 404, path);
  });

  it('the served view module computes the same view as the one the tests import', async () => {
    const inbox = lab.inbox;
    await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_ALERT_410_FULL });
    await fetch(lab.hooks['slack-incoming'].url, { method: 'POST', body: SLACK_TEST_MESSAGE });
    await writeFile(join(dir, 'package.json'), '{"type":"module"}');
    for (const name of ['inbox-page-view.js', 'inbox-page-mrkdwn.js'])
      await writeFile(join(dir, name), await (await fetch(`${lab.inboxUrl}/assets/${name}`)).text());
    const served = (await import(pathToFileURL(join(dir, 'inbox-page-view.js')).href)) as {
      buildInboxView: typeof buildInboxView;
    };
    const data = { messages: inbox.listMessages(), runs: inbox.listRuns(), hooks: inbox.listHooks() };
    assert.equal(data.messages.length, 2);
    assert.deepEqual(served.buildInboxView(data), buildInboxView(data));
  });

  it('never puts a hook secret in the HTML, the hooks API or the view', async () => {
    const html = await (await fetch(`${lab.inboxUrl}/`)).text();
    const hooksJson = await (await fetch(`${lab.inboxUrl}/api/hooks`)).text();
    const view = JSON.stringify(viewOf(lab.inbox));
    assert.match(view, /\/services\/T0LAB00001\/B0LAB\w+\/\*\*\*/);
    for (const hook of Object.values(lab.hooks)) {
      const secret = lab.inbox.getHook(hook.id)!.secret;
      for (const [what, text] of Object.entries({ html, hooksJson, view }))
        assert.ok(!text.includes(secret), `${hook.kind} secret in ${what}`);
    }
  });
});

describe('inbox page: Slack mrkdwn', () => {
  it('parses bold, italic, strike, code, links and entities; keeps words with marks literal', () => {
    assert.deepEqual(parseMrkdwn('*Process Name*: `bash`'), [
      [{ text: 'Process Name', bold: true }, { text: ': ' }, { text: 'bash', code: true }],
    ]);
    assert.deepEqual(parseMrkdwn('_it_ ~gone~ *_both_*'), [
      [
        { text: 'it', italic: true },
        { text: ' ' },
        { text: 'gone', strike: true },
        { text: ' ' },
        { text: 'both', bold: true, italic: true },
      ],
    ]);
    assert.deepEqual(parseMrkdwn('visa_processor_v2 2*3*4 * not bold *'), [
      [{ text: 'visa_processor_v2 2*3*4 * not bold *' }],
    ]);
    assert.deepEqual(parseMrkdwn('see <https://x.example/a_b|the alert> &amp; &lt;b&gt; <javascript:x|no>'), [
      [
        { text: 'see ' },
        { text: 'the alert', href: 'https://x.example/a_b' },
        { text: ' & <b> ' },
        { text: 'no' },
      ],
    ]);
    assert.deepEqual(parseMrkdwn('a\r\nb\nc'), [[{ text: 'a' }], [{ text: 'b' }], [{ text: 'c' }]]);
    assert.deepEqual(parseMrkdwn(''), []);
  });

  it('maps attachment colours: hex as given, named colours to Slack’s, anything else grey', () => {
    assert.equal(slackBarColour('#FF634E'), '#FF634E');
    assert.equal(slackBarColour('ff2c4d'), '#FF2C4D');
    assert.equal(slackBarColour('warning'), '#daa038');
    assert.equal(slackBarColour('red; background: url(x)'), '#dddddd');
  });

  it('redacts a sig that is not redacted yet', () => {
    assert.equal(redactUrl('http://h/w?sv=1.0&sig=abc123&x=1'), 'http://h/w?sv=1.0&sig=***&x=1');
    assert.equal(redactUrl('http://h/w?sig=***'), 'http://h/w?sig=***');
  });
});

describe('inbox page: view model from real receiver messages', () => {
  const lab = (options: ReceiverHandlerOptions = {}) => inProcessLab({ flowRunDelayMs: 5, ...options });

  it('shows the RHACS Slack alert: #FF634E bar, bold pretext, mrkdwn body with its indents', async () => {
    const { inbox, hooks, post } = lab();
    assert.equal((await post(hooks['slack-incoming'].url, SLACK_ALERT_410_FULL)).status, 200);
    const m = only(viewOf(inbox).slack);
    assert.equal(m.state, 'delivered');
    assert.equal(m.notice, null);
    assert.match(m.ariaLabel, /^Slack message msg-1 via Slack incoming webhook slack-incoming-1$/);
    assert.equal(m.body.kind, 'slack');
    if (m.body.kind !== 'slack') return;
    assert.deepEqual(m.body.text, []);
    const [a] = m.body.attachments;
    assert.ok(a);
    assert.equal(a.bar, '#FF634E');
    assert.deepEqual(a.pretext, [[{ text: PAGE_SUMMARY, bold: true }]]);
    assert.deepEqual(a.text[0], [{ text: `Alert ID: ${PAGE_ALERT_ID}` }]);
    assert.deepEqual(a.text[5], [{ text: 'Violations:', bold: true }]);
    assert.ok(a.text.some((l) => l.length === 2 && l[1]?.text === 'Section Unnamed :' && l[1].bold));
    assert.ok(
      a.text.some(
        (l) =>
          l[0]?.text === ' '.repeat(24) &&
          l[1]?.text === 'Process Name' &&
          l[1].bold &&
          l[3]?.text === 'bash' &&
          l[3].code,
      ),
    );
    assert.equal(a.text.length, SLACK_ALERT_BODY.split('\r\n').length);
    assert.match(
      richToString(a.text),
      /- Binary '\/bin\/bash' executed without arguments under user ID 1000/,
    );
  });

  it('shows the Test message as plain text', async () => {
    const { inbox, hooks, post } = lab();
    await post(hooks['slack-incoming'].url, SLACK_TEST_MESSAGE);
    const m = only(viewOf(inbox).slack);
    assert.equal(m.body.kind, 'slack');
    if (m.body.kind === 'slack') {
      assert.deepEqual(m.body.text, [
        [{ text: 'This is a test message created to test integration with StackRox.' }],
      ]);
      assert.deepEqual(m.body.attachments, []);
    }
  });

  it('shows a 4.10 alert at the workflow trigger as an empty message with the failed run', async () => {
    const { inbox, hooks, post } = lab();
    assert.equal((await post(hooks['slack-workflow'].url, SLACK_ALERT_410_FULL)).status, 200);
    const m = only(viewOf(inbox).slack);
    assert.equal(m.state, 'run-failed');
    assert.equal(m.notice?.testId, 'inbox-run-failed');
    assert.equal(m.notice?.detail, 'workflow run failed: missing value for workflow variable(s): text');
    assert.deepEqual(m.body, { kind: 'slack-workflow', text: [], variables: [], empty: true });
  });

  it('shows a workflow that kept nothing as an empty message, and otherwise only what it composed', async () => {
    const nothing = lab({ slackWorkflowVariables: [] });
    await nothing.post(nothing.hooks['slack-workflow'].url, SLACK_ALERT_410_FULL);
    const empty = only(viewOf(nothing.inbox).slack);
    assert.equal(empty.state, 'delivered');
    assert.deepEqual(empty.body, { kind: 'slack-workflow', text: [], variables: [], empty: true });

    const kept = lab({
      slackWorkflowVariables: ['summary', 'severity'],
      slackWorkflowTemplate: '{severity}: {summary}',
    });
    const body411 = JSON.stringify({
      ...JSON.parse(SLACK_ALERT_410_FULL),
      summary: PAGE_SUMMARY,
      severity: 'High',
    });
    await kept.post(kept.hooks['slack-workflow'].url, body411);
    const m = only(viewOf(kept.inbox).slack);
    assert.deepEqual(m.body, {
      kind: 'slack-workflow',
      text: [[{ text: `High: ${PAGE_SUMMARY}` }]],
      variables: ['summary', 'severity'],
      empty: false,
    });
    assert.doesNotMatch(JSON.stringify(m), /Alert ID/, 'the attachments must not show');
  });

  it('shows a rejected delivery with its status and error code', async () => {
    const { inbox, hooks, post } = lab();
    const wrong = hooks['slack-incoming'].url.replace(/\/[^/]+$/, '/NotTheSecret000000000000');
    assert.equal((await post(wrong, SLACK_TEST_MESSAGE)).status, 404);
    const m = only(viewOf(inbox).slack);
    assert.equal(m.state, 'rejected');
    assert.deepEqual(m.notice, {
      testId: 'inbox-rejected',
      tone: 'error',
      title: 'Rejected by the hook: HTTP 404',
      detail: 'no_service',
    });
  });

  it('shows the fixed flow’s card with its sections and facts, and no violation text (F6)', async () => {
    const { inbox, hooks, post } = lab();
    const ended = runEnded(inbox);
    assert.equal((await post(hooks['teams-workflow-fixed'].url, TEAMS_ALERT_FULL)).status, 202);
    await ended;
    const m = only(viewOf(inbox).teams);
    assert.equal(m.state, 'delivered');
    assert.match(
      m.ariaLabel,
      /^Microsoft Teams message msg-1 via Teams Workflows webhook \(fixed flow\) teams-workflow-fixed-\d+$/,
    );
    assert.equal(m.body.kind, 'teams');
    if (m.body.kind !== 'teams') return;
    const [card] = m.body.cards;
    assert.ok(card);
    assert.equal(card.accent, null);
    assert.deepEqual(texts(card.blocks, 'title'), [PAGE_SUMMARY]);
    assert.deepEqual(texts(card.blocks, 'heading'), [
      'Alert Details',
      'Policy Details',
      'Deployment Details',
    ]);
    const f = facts(card.blocks);
    assert.equal(f.Severity, 'High');
    assert.equal(f.Namespace, 'payments');
    assert.equal(f['Section '], '\n- Process Name: bash\n__________');
    assert.equal(f.ID, '5e0a8c3d-2f4b-4c1a-9d7e-6b5a4c3d2e1f', 'the later ID fact (deployment) is kept');
    assert.doesNotMatch(JSON.stringify(card), /executed/);
  });

  it('shows the template flow: running, then failed with the ExpressionEvaluationFailed error', async () => {
    const { inbox, hooks, post } = lab({ flowRunDelayMs: 50 });
    await post(hooks['teams-workflow-template'].url, TEAMS_ALERT_FULL);
    const running = only(viewOf(inbox).teams);
    assert.equal(running.state, 'running');
    assert.equal(running.notice?.testId, 'inbox-run-running');
    assert.match(running.notice?.title ?? '', /^Flow run 08584\d+CU00 running$/);
    await runEnded(inbox);
    const m = only(viewOf(inbox).teams);
    assert.equal(m.state, 'run-failed');
    assert.equal(m.notice?.testId, 'inbox-run-failed');
    assert.match(m.notice?.title ?? '', /^Flow run 08584\d+CU00 failed \(the hook answered 202\)$/);
    assert.match(
      m.notice?.detail ?? '',
      /^ExpressionEvaluationFailed\. The execution of template action 'Send_each_adaptive_card' failed/,
    );
    assert.match(m.notice?.detail ?? '', /is of type 'Null'\. The result must be a valid array\.$/);
    assert.deepEqual(m.body, { kind: 'none' });
  });

  it('lays out Adaptive Cards: TextBlock styles, FactSet, Container and ColumnSet', async () => {
    const { inbox, hooks, post } = lab();
    const card = {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: 'Big', size: 'Large' },
              {
                type: 'Container',
                items: [
                  { type: 'TextBlock', text: 'Bold', weight: 'Bolder' },
                  { type: 'FactSet', facts: [{ title: 'Alert ID', value: PAGE_ALERT_ID }] },
                ],
              },
              {
                type: 'ColumnSet',
                columns: [
                  { type: 'Column', items: [{ type: 'TextBlock', text: 'left', isSubtle: true }] },
                  { type: 'Column', items: [{ type: 'Image', url: 'https://x.example/i.png' }] },
                ],
              },
            ],
          },
        },
      ],
    };
    const ended = runEnded(inbox);
    await post(hooks['teams-workflow-template'].url, JSON.stringify(card));
    await ended;
    const m = only(viewOf(inbox).teams);
    assert.equal(m.body.kind, 'teams');
    if (m.body.kind !== 'teams') return;
    assert.deepEqual(m.body.cards, [
      {
        accent: null,
        blocks: [
          { type: 'text', lines: ['Big'], style: 'title' },
          {
            type: 'container',
            blocks: [
              { type: 'text', lines: ['Bold'], style: 'heading' },
              { type: 'facts', facts: [{ name: 'Alert ID', value: [PAGE_ALERT_ID] }] },
            ],
          },
          { type: 'columns', columns: [[{ type: 'text', lines: ['left'], style: 'subtle' }], []] },
        ],
      },
    ]);
  });

  it('keeps a MessageCard’s themeColor as the card accent when Workflows accept it', async () => {
    const { inbox, hooks, post } = lab({ teamsAcceptsMessageCard: true });
    const ended = runEnded(inbox);
    await post(hooks['teams-workflow-template'].url, TEAMS_ALERT_FULL);
    await ended;
    const m = only(viewOf(inbox).teams);
    assert.equal(m.body.kind === 'teams' && m.body.cards[0]?.accent, '#FF634E');
  });

  it('lists each pane newest first', async () => {
    const { inbox, hooks, post } = lab();
    const ended = runEnded(inbox);
    await post(hooks['teams-workflow-template'].url, adaptiveEnvelope('first'));
    await ended;
    await post(hooks['slack-incoming'].url, SLACK_TEST_MESSAGE);
    await new Promise((r) => setTimeout(r, 2));
    await post(hooks['slack-incoming'].url, SLACK_ALERT_410_FULL);
    const view = viewOf(inbox);
    assert.deepEqual(
      view.slack.map((m) => m.id),
      ['msg-3', 'msg-2'],
    );
    assert.deepEqual(
      view.teams.map((m) => m.id),
      ['msg-1'],
    );
  });
});
