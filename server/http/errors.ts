// Typed error codes: every error leaves as {"error": {"code", "message"}} and never a stack trace.
export type ErrorCode =
  | 'bad_request'
  | 'invalid_query'
  | 'query_timeout'
  | 'invalid_cursor'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'version_conflict'
  | 'payload_too_large'
  | 'unsupported_encoding'
  | 'queue_full'
  | 'unavailable'
  | 'insufficient_storage'
  | 'not_implemented'
  | 'internal';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
