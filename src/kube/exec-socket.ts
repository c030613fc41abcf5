import type { Exec, KubeConfig } from '@kubernetes/client-node';
import WebSocket from 'ws';

/** client-node's transport interface (not exported by name from the package root). */
export type WebSocketInterface = NonNullable<ConstructorParameters<typeof Exec>[1]>;

/** The subprotocols client-node 2.x offers, in its order. */
export const EXEC_PROTOCOLS = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];

export interface SocketHooks {
  /** Called as soon as the socket exists, before any event fires. */
  onSocket(ws: WebSocket): void;
  /** A frame handler threw (unknown channel, bad status JSON): report instead of crashing. */
  onFrameError(channel: number, error: unknown): void;
  /** The server refused the upgrade; body is its Status JSON when it sent one. */
  onRefused(statusCode: number, body: string): void;
}

/**
 * A replacement for client-node's WebSocketHandler. The stock one throws "Unknown stream" from a
 * socket event (an uncaught exception that kills a Playwright worker) and reports an upgrade
 * refusal only as "Unexpected server response: 403"; this one reports both through hooks.
 */
export function safeExecTransport(kc: KubeConfig, hooks: SocketHooks): WebSocketInterface {
  return {
    connect: async (path, textHandler, binaryHandler) => {
      const server = kc.getCurrentCluster()?.server;
      if (!server) throw new Error('No cluster is defined.');
      const uri = server.replace(/^http/, 'ws').replace(/\/+$/, '') + path;
      const options: WebSocket.ClientOptions = {};
      await kc.applyToHTTPSOptions(options);
      return await new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(uri, EXEC_PROTOCOLS, options);
        hooks.onSocket(ws);
        let opened = false;
        ws.on('unexpected-response', (request, response) => {
          const chunks: Buffer[] = [];
          response.on('data', (c: Buffer) => chunks.push(c));
          response.on('error', () => {});
          response.on('end', () => {
            hooks.onRefused(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
            request.destroy();
            // While CONNECTING this aborts the handshake: 'error' then 'close' follow.
            ws.terminate();
          });
        });
        ws.on('open', () => {
          opened = true;
          resolve(ws);
        });
        ws.on('error', (err) => {
          if (!opened) reject(err);
        });
        ws.on('message', (data, isBinary) => {
          const buff = Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.isBuffer(data)
              ? data
              : Buffer.from(data as ArrayBuffer);
          try {
            if (!isBinary) {
              if (textHandler && !textHandler(buff.toString('utf8'))) ws.close();
              return;
            }
            if (buff.length === 0) return;
            const channel = buff.readUInt8(0);
            if (binaryHandler && !binaryHandler(channel, buff.subarray(1))) ws.close();
          } catch (e) {
            hooks.onFrameError(buff.length > 0 ? buff.readUInt8(0) : -1, e);
          }
        });
      });
    },
  };
}
