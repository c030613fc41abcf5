// Webhook paths in the real endpoints' shapes (reference/chat-webhooks.md) for the harness's own
// receiver, so Central's handling of the URL (and any reader matching on its shape) is the same.
// They belong to the run, not to a Playwright worker: every worker derives the same paths from the
// run's secret, so a worker started after a failed test still reads what the kept notifiers post
// (playwright.dev/docs/test-retries: a failure discards the worker).
import { createHmac } from 'node:crypto';

export type InClusterHookKind = 'slack-incoming' | 'slack-workflow' | 'teams-workflow-fixed';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TEAM_ID = 'T0HARNESS';

/** `length` bytes derived from the run's secret for one purpose. */
function derive(runSecret: string, purpose: string, length: number): Buffer {
  const out: Buffer[] = [];
  for (let block = 0; Buffer.concat(out).length < length; block++)
    out.push(createHmac('sha256', runSecret).update(`${purpose}#${block}`).digest());
  return Buffer.concat(out).subarray(0, length);
}

function alnum(bytes: Buffer): string {
  return [...bytes].map((b) => ALNUM[b % ALNUM.length]).join('');
}

function digits(bytes: Buffer, count: number): string {
  return [...bytes]
    .slice(0, count)
    .map((b, i) => (i === 0 ? String(1 + (b % 9)) : String(b % 10)))
    .join('');
}

/** This run's webhook path for a kind: the same in every worker of the run. */
export function runHookPath(runSecret: string, kind: InClusterHookKind): string {
  const d = (purpose: string, length: number) => derive(runSecret, `${kind}/${purpose}`, length);
  switch (kind) {
    case 'slack-incoming':
      return `/services/${TEAM_ID}/B0H${alnum(d('bot', 8))}/${d('secret', 18).toString('base64url')}`;
    case 'slack-workflow':
      return `/triggers/${TEAM_ID}/${digits(d('trigger', 13), 13)}/${d('secret', 16).toString('hex')}`;
    case 'teams-workflow-fixed':
      return `/workflows/${d('flow', 16).toString('hex')}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${d('sig', 32).toString('base64url')}`;
  }
}
