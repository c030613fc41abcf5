// Small node:http helpers for the console routes: Central's JSON bodies and error model, uncached.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CentralError } from '../central/errors.ts';
import { readJsonBody, sendJson as sendCentralJson } from '../central/http.ts';

/** grpc codes the console's endpoints answer with (grpc-gateway status mapping). */
export { GrpcCode as Code } from '../central/errors.ts';
export { CentralError as ApiError };

const NO_STORE = { 'cache-control': 'no-store' };

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendCentralJson(res, status, value, NO_STORE);
}

/** Central's error body: `error` always repeats `message`. */
export function sendApiError(res: ServerResponse, err: CentralError): void {
  sendJson(res, err.httpStatus, err.toBody());
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...NO_STORE,
  });
  res.end(body);
}

const MAX_BODY = 1024 * 1024;

export function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return readJsonBody(req, MAX_BODY);
}
