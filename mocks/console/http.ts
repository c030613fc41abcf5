// Small node:http helpers for the console routes, in Central's JSON and error conventions.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** grpc codes the console's endpoints answer with (grpc-gateway status mapping). */
export const Code = { InvalidArgument: 3, NotFound: 5, PermissionDenied: 7, Unauthenticated: 16 } as const;
const HTTP_STATUS: Record<number, number> = { 3: 400, 5: 404, 7: 403, 16: 401 };

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** Central's error body: `error` always repeats `message`. */
export function sendApiError(res: ServerResponse, err: ApiError): void {
  sendJson(res, HTTP_STATUS[err.code] ?? 500, {
    code: err.code,
    message: err.message,
    details: [],
    error: err.message,
  });
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

const MAX_BODY = 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) throw new ApiError(Code.InvalidArgument, 'request body too large');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ApiError(
      Code.InvalidArgument,
      `proto: syntax error: ${err instanceof Error ? err.message : 'invalid JSON'}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ApiError(Code.InvalidArgument, 'proto: syntax error: unexpected token, expected {');
  return parsed as Record<string, unknown>;
}
