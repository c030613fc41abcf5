// Webhook paths in the real endpoints' shapes (reference/chat-webhooks.md) for the harness's own
// receiver, so Central's handling of the URL (and any reader matching on its shape) is the same.
import { randomBytes, randomInt } from 'node:crypto';

export type InClusterHookKind = 'slack-incoming' | 'slack-workflow' | 'teams-workflow-fixed';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const TEAM_ID = 'T0HARNESS';

function pick(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

export function newHookPath(kind: InClusterHookKind): string {
  switch (kind) {
    case 'slack-incoming':
      return `/services/${TEAM_ID}/B0H${pick(8)}/${randomBytes(18).toString('base64url')}`;
    case 'slack-workflow':
      return `/triggers/${TEAM_ID}/${randomInt(1e12, 1e13 - 1)}/${randomBytes(16).toString('hex')}`;
    case 'teams-workflow-fixed':
      return `/workflows/${randomBytes(16).toString('hex')}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${randomBytes(32).toString('base64url')}`;
  }
}
