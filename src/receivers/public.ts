// Public mode: the harness's receiver runs on this machine (local-process.ts) and Central is told a
// public URL for it (RECEIVER_PUBLIC_URL: a route, a tunnel or this host's address); the inbox is
// read over loopback with the same polling reader as the in-cluster mode.
import type { ChannelName, ChannelReader } from '../channels/types.ts';
import { type InClusterHookKind, runHookPath } from './hook-paths.ts';
import { PollingInboxReader } from './polling-inbox-reader.ts';

export interface PublicReceiverOptions {
  /** Where this machine reads the receiver, e.g. http://127.0.0.1:40123. */
  localUrl: string;
  /** RECEIVER_PUBLIC_URL: how Central reaches it. */
  publicUrl: string;
  /** The run's secret the hook paths are derived from. */
  runSecret: string;
  pollMs?: number;
}

export interface PublicReceivers {
  localUrl: string;
  publicUrl: string;
  /** The hook's URL under the public URL: what Central is told. */
  webhookUrl(kind: InClusterHookKind): string;
  readers: Record<ChannelName, ChannelReader>;
  close(): Promise<void>;
}

export function attachPublicReceivers(opts: PublicReceiverOptions): PublicReceivers {
  const localUrl = opts.localUrl.replace(/\/+$/, '');
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const get = async (path: string) => {
    const res = await fetch(localUrl + path, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, text: await res.text() };
  };
  const where = `the harness's receiver (${localUrl}, public as ${publicUrl})`;
  const unreachableFix = `the receiver process on this machine stopped or ${localUrl} is not it; re-run, and check RECEIVER_BIND/RECEIVER_PORT`;
  const reader = (channel: ChannelName) =>
    new PollingInboxReader({
      channel,
      get,
      where,
      unreachableFix,
      ...(opts.pollMs === undefined ? {} : { pollMs: opts.pollMs }),
    });
  const readers = { slack: reader('slack'), teams: reader('teams') };
  return {
    localUrl,
    publicUrl,
    webhookUrl: (kind) => publicUrl + runHookPath(opts.runSecret, kind),
    readers,
    close: async () => {
      await Promise.all([readers.slack.close(), readers.teams.close()]);
    },
  };
}
