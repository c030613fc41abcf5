// Public mode: the harness starts the receivers on this machine and tells Central a public URL for
// them (RECEIVER_PUBLIC_URL: a route, a tunnel or this host's address); the inbox is read locally.
// The receivers themselves come from the caller (the lab's startReceivers): src never imports mocks.
import type { HookKind } from '../../types/receivers.ts';
import { InboxChannelReader } from '../channels/inbox-reader.ts';
import type { ChannelName, ChannelReader } from '../channels/types.ts';
import { HarnessError } from '../errors.ts';

/** What a receiver server started on this machine offers (mocks/receivers/server.ts has this shape). */
export interface LocalReceivers {
  /** http://<bind>:<port> */
  url: string;
  hooks: Record<HookKind, { id: string; kind: HookKind; url: string }>;
  close(): Promise<void>;
}

export type StartLocalReceivers = (opts: { host: string; port: number }) => Promise<LocalReceivers>;

export interface PublicReceiverOptions {
  /** RECEIVER_PUBLIC_URL: how Central reaches the receivers' port on this machine. */
  publicUrl: string;
  /** RECEIVER_BIND (default 127.0.0.1). */
  bind?: string;
  /** RECEIVER_PORT (default 0: ephemeral). */
  port?: number;
  start: StartLocalReceivers;
}

export interface PublicReceivers {
  /** Where the receivers listen, e.g. http://127.0.0.1:40123. */
  localUrl: string;
  /** The local inbox (always read over loopback). */
  inboxUrl: string;
  publicUrl: string;
  /** The hook's URL under the public URL: what Central is told. */
  webhookUrl(kind: HookKind): string;
  /** The local hook id for a kind, to read only that hook's messages. */
  hookId(kind: HookKind): string;
  /** Reads Slack messages of every Slack hook (readers.teams for Teams). */
  reader: ChannelReader;
  readers: Record<ChannelName, ChannelReader>;
  close(): Promise<void>;
}

/** The loopback address that reaches a server bound to `bind`. */
function loopbackFor(bind: string): string {
  if (bind === '0.0.0.0') return '127.0.0.1';
  if (bind === '::') return '[::1]';
  return bind.includes(':') ? `[${bind}]` : bind;
}

export async function startPublicReceivers(opts: PublicReceiverOptions): Promise<PublicReceivers> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const bind = opts.bind ?? '127.0.0.1';
  let receivers: LocalReceivers;
  try {
    receivers = await opts.start({ host: bind, port: opts.port ?? 0 });
  } catch (e) {
    throw new HarnessError({
      code: 'RECEIVER_START_FAILED',
      what: `Starting the receivers on ${bind}:${opts.port ?? 0}`,
      cause: e instanceof Error ? e.message : String(e),
      fix: 'choose a free RECEIVER_PORT and an address of this machine for RECEIVER_BIND',
    });
  }
  const port = new URL(receivers.url).port;
  const localUrl = `http://${loopbackFor(bind)}:${port}`;
  const inboxUrl = `${localUrl}/inbox`;
  const readers: Record<ChannelName, ChannelReader> = {
    slack: new InboxChannelReader({ inboxUrl, receiver: 'slack' }),
    teams: new InboxChannelReader({ inboxUrl, receiver: 'teams' }),
  };
  return {
    localUrl,
    inboxUrl,
    publicUrl,
    webhookUrl: (kind) => {
      const local = new URL(receivers.hooks[kind].url);
      return `${publicUrl}${local.pathname}${local.search}`;
    },
    hookId: (kind) => receivers.hooks[kind].id,
    reader: readers.slack,
    readers,
    close: async () => {
      await Promise.all([readers.slack.close(), readers.teams.close()]);
      await receivers.close();
    },
  };
}
