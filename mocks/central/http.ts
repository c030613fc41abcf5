// A small grpc-gateway-like HTTP layer: route table, JSON bodies, error bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from './auth.ts';
import { CentralError, GrpcCode } from './errors.ts';
import { isObject } from './shapes.ts';

export interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  identity: Identity | undefined;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Reachable without credentials (ping, metadata). */
  anonymous?: boolean;
  handle(ctx: RequestContext): unknown | Promise<unknown>;
}

/** '/v1/notifiers/{id}' -> /^\/v1\/notifiers\/(?<id>[^/]+)$/ */
export function route(
  method: string,
  path: string,
  handle: Route['handle'],
  options: { anonymous?: boolean } = {},
): Route {
  const source = path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return { method, pattern: new RegExp(`^${source}$`), handle, anonymous: options.anonymous ?? false };
}

const MAX_BODY = 10 * 1024 * 1024;

export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = MAX_BODY,
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw new CentralError(GrpcCode.InvalidArgument, 'request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // grpc-gateway treats an empty body (io.EOF) as an empty message.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CentralError(
      GrpcCode.InvalidArgument,
      `proto: syntax error: ${err instanceof Error ? err.message : 'invalid JSON'}`,
    );
  }
  if (!isObject(parsed))
    throw new CentralError(GrpcCode.InvalidArgument, 'proto: syntax error: unexpected token, expected {');
  return parsed;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function sendError(res: ServerResponse, err: CentralError): void {
  sendJson(res, err.httpStatus, err.toBody());
}

export function intParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw))
    throw new CentralError(
      GrpcCode.InvalidArgument,
      `parsing field "${name}": strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`,
    );
  return Number(raw);
}
