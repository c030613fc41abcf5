// URL shapes of each webhook kind (reference/chat-webhooks.md), with lab identifiers. Everything after
// the origin is generated here; `secret` is the only part that authenticates a sender.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { HookKind, ReceiverName } from '../../types/receivers.ts';

export interface HookAddress {
  /** The non-secret part a request is matched on (bot id, trigger id, workflow id, connector id). */
  key: string;
  secret: string;
  /** Path and query, secret included. */
  pathAndQuery: string;
  /** Path and query with the secret replaced by `***`. */
  redacted: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM_MIXED = `${ALNUM}abcdefghijklmnopqrstuvwxyz`;

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const LAB_TEAM_ID = 'T0LAB00001';
export const TEAMS_TRIGGER_QUERY = 'api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0';

export function receiverOf(kind: HookKind): ReceiverName {
  return kind.startsWith('slack') ? 'slack' : 'teams';
}

export function newHookAddress(kind: HookKind): HookAddress {
  switch (kind) {
    case 'slack-incoming': {
      const key = `B0LAB${pick(ALNUM, 6)}`;
      const secret = pick(ALNUM_MIXED, 24);
      const base = `/services/${LAB_TEAM_ID}/${key}/`;
      return { key, secret, pathAndQuery: base + secret, redacted: `${base}***` };
    }
    case 'slack-workflow': {
      const key = String(randomInt(1e12, 1e13 - 1));
      const secret = hex(16);
      const base = `/triggers/${LAB_TEAM_ID}/${key}/`;
      return { key, secret, pathAndQuery: base + secret, redacted: `${base}***` };
    }
    case 'teams-workflow-template':
    case 'teams-workflow-fixed': {
      const key = hex(16);
      const secret = randomBytes(32).toString('base64url');
      const base = `/workflows/${key}/triggers/manual/paths/invoke?${TEAMS_TRIGGER_QUERY}&sig=`;
      return { key, secret, pathAndQuery: base + secret, redacted: `${base}***` };
    }
    case 'teams-legacy-connector': {
      const key = hex(16);
      const secret = `V2${pick(ALNUM_MIXED, 40)}`;
      const prefix = `/webhookb2/${randomUUID()}@${randomUUID()}/IncomingWebhook/`;
      const base = `${prefix}${key}/${randomUUID()}/`;
      // Everything after IncomingWebhook/ authorises a post to the connector.
      return { key, secret, pathAndQuery: base + secret, redacted: `${prefix}***` };
    }
  }
}
