// HTTP plumbing: request bodies, JSON responses, and the path grammar of the Kubernetes API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { findResource, type ResourceDef } from './resources.ts';
import { ApiError, badRequest } from './status.ts';

const MAX_BODY = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Go's encoding/json error wording is not reproducible; keep the apiserver's prefix. */
export function parseJsonBody(text: string, prefix = "couldn't get version/kind; json parse error"): unknown {
  if (text.trim() === '') throw badRequest(`${prefix}: unexpected end of JSON input`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`${prefix}: ${(err as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings: string[] = [],
  contentType = 'application/json',
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = `${JSON.stringify(body)}\n`;
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-cache, private',
    'Audit-Id': crypto.randomUUID(),
  };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  sendJson(res, error.code, error.toStatus());
}

export type ApiPath =
  | { kind: 'version' }
  | { kind: 'apiVersions' }
  | { kind: 'groupList' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; groupVersion: string }
  | { kind: 'openapi' }
  | { kind: 'health' }
  | { kind: 'resource'; def: ResourceDef; namespace?: string; name?: string; subresource?: string };

export function parseApiPath(pathname: string): ApiPath | undefined {
  const segments = pathname.split('/').filter((s) => s !== '');
  const [first, second, third] = segments;
  if (first === 'version' && segments.length === 1) return { kind: 'version' };
  if ((first === 'healthz' || first === 'livez' || first === 'readyz') && segments.length === 1) {
    return { kind: 'health' };
  }
  if (first === 'openapi') return { kind: 'openapi' };
  let group: string;
  let version: string;
  let rest: string[];
  if (first === 'api') {
    if (segments.length === 1) return { kind: 'apiVersions' };
    if (second !== 'v1') return undefined;
    if (segments.length === 2) return { kind: 'resourceList', groupVersion: 'v1' };
    group = '';
    version = 'v1';
    rest = segments.slice(2);
  } else if (first === 'apis') {
    if (segments.length === 1) return { kind: 'groupList' };
    if (segments.length === 2) return { kind: 'group', group: second ?? '' };
    if (segments.length === 3) return { kind: 'resourceList', groupVersion: `${second}/${third}` };
    group = second ?? '';
    version = third ?? '';
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (
    rest[0] === 'namespaces' &&
    rest.length >= 3 &&
    (rest.length > 3 || rest[2] !== 'status' || group !== '')
  ) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource, extra] = rest;
  if (!plural || extra !== undefined) return undefined;
  const def = findResource(group, version, plural);
  if (!def) return undefined;
  if (def.namespaced === false && namespace !== undefined) return undefined;
  if (subresource !== undefined && !def.subresources.some((s) => s.name === subresource)) return undefined;
  const route: ApiPath = { kind: 'resource', def };
  try {
    if (namespace !== undefined) route.namespace = decodeURIComponent(namespace);
    if (name !== undefined) route.name = decodeURIComponent(name);
  } catch {
    return undefined;
  }
  if (subresource !== undefined) route.subresource = subresource;
  return route;
}
