// Central's error model: gRPC codes rendered by grpc-gateway, with StackRox's extra `error` field
// (always equal to `message`) and errox sentinels appended to messages.

export const GrpcCode = {
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Internal: 13,
  Unauthenticated: 16,
} as const;

const HTTP_STATUS: Record<number, number> = {
  3: 400,
  5: 404,
  6: 409,
  7: 403,
  9: 400,
  12: 501,
  13: 500,
  16: 401,
};

export class CentralError extends Error {
  readonly code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
  get httpStatus(): number {
    return HTTP_STATUS[this.code] ?? 500;
  }
  toBody(): { code: number; message: string; details: unknown[]; error: string } {
    return { code: this.code, message: this.message, details: [], error: this.message };
  }
}

/** errors.Wrap(errox.InvalidArgs, msg) */
export function invalidArgs(message: string): CentralError {
  return new CentralError(GrpcCode.InvalidArgument, `${message}: invalid arguments`);
}

/** errors.Wrapf(errox.NotFound, msg) */
export function notFound(message: string): CentralError {
  return new CentralError(GrpcCode.NotFound, `${message}: not found`);
}

/** A plain Go error that reached the gRPC layer unwrapped. */
export function internal(message: string): CentralError {
  return new CentralError(GrpcCode.Internal, message);
}

/** Go's errorhelpers.ErrorList.ToError(): one error vs. many. */
export function errorList(start: string, errors: string[]): string | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return `${start} error: ${errors[0]}`;
  return `${start} errors: [${errors.join(', ')}]`;
}
