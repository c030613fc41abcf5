// One raw request to the Kubernetes API with the kubeconfig's credentials and TLS settings, for the
// paths client-node has no usable method for (the service proxy with a sub-path and a query).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface RawResponse {
  status: number;
  text: string;
  contentType: string;
}

export async function kubeRawRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  opts: { body?: string; contentType?: string; timeoutMs: number },
): Promise<RawResponse> {
  const server = kc.getCurrentCluster()?.server;
  if (!server) throw new Error('the kubeconfig names no cluster server');
  const url = new URL(server.replace(/\/+$/, '') + path);
  const options: RequestOptions = { method, headers: {} };
  await kc.applyToHTTPSOptions(options);
  const headers: Record<string, string> = {
    ...(options.headers as Record<string, string>),
    Accept: 'application/json, */*',
  };
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RawResponse>((resolve, reject) => {
    const req = send(
      url,
      { ...options, method, headers, signal: AbortSignal.timeout(opts.timeoutMs) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The message of a Kubernetes Status body, or the text itself. */
export function statusMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { kind?: string; message?: string };
    if (parsed.kind === 'Status' && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: the text is the message
  }
  return text.trim().slice(0, 300);
}
