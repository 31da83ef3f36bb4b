// The one error model. Every domain throws AppError (or a subclass that only presets its codes);
// the REST sender (server/http/send.ts, RestRouter) and the tRPC layer (server/trpc/init.ts) both
// read ERROR_TABLE, so a code means the same status on every path and nothing maps by hand.
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** code → HTTP status and tRPC code. Closed: a new code is a new row here (and in docs/api.md). */
export const ERROR_TABLE = {
  bad_request: { status: 400, trpc: 'BAD_REQUEST', summary: 'the request is malformed or a field is invalid' },
  invalid_query: { status: 400, trpc: 'BAD_REQUEST', summary: 'the search query cannot be parsed or run as written' },
  invalid_cursor: { status: 400, trpc: 'BAD_REQUEST', summary: 'a paging cursor this API did not hand out' },
  query_timeout: { status: 400, trpc: 'BAD_REQUEST', summary: 'the search ran past its time limit: narrow it' },
  unauthorized: { status: 401, trpc: 'UNAUTHORIZED', summary: 'no valid API token or session' },
  forbidden: { status: 403, trpc: 'FORBIDDEN', summary: 'the identity lacks the permission, or a cross-origin change' },
  not_found: { status: 404, trpc: 'NOT_FOUND', summary: 'no such record or route' },
  method_not_allowed: {
    status: 405,
    trpc: 'METHOD_NOT_SUPPORTED',
    summary: 'the path exists, the method does not (see Allow)',
  },
  conflict: { status: 409, trpc: 'CONFLICT', summary: 'clashes with existing state (already listed, last admin, …)' },
  version_conflict: {
    status: 409,
    trpc: 'CONFLICT',
    summary: 'the edit is based on an old version; details.current is the record now',
  },
  payload_too_large: { status: 413, trpc: 'PAYLOAD_TOO_LARGE', summary: 'the body or a file is above its size limit' },
  unsupported_encoding: {
    status: 415,
    trpc: 'UNSUPPORTED_MEDIA_TYPE',
    summary: 'a Content-Encoding other than gzip, deflate or br',
  },
  rate_limited: {
    status: 429,
    trpc: 'TOO_MANY_REQUESTS',
    summary: 'too many requests (an upstream service said so); retry later',
  },
  internal: {
    status: 500,
    trpc: 'INTERNAL_SERVER_ERROR',
    summary: 'a server fault; logged, never described to the client',
  },
  not_implemented: { status: 501, trpc: 'NOT_IMPLEMENTED', summary: 'the feature is off in this deployment' },
  bad_gateway: {
    status: 502,
    trpc: 'BAD_GATEWAY',
    summary: 'an upstream service Picket asked failed or answered badly',
  },
  unavailable: {
    status: 503,
    trpc: 'SERVICE_UNAVAILABLE',
    summary: 'a dependency (the database, Redis, GeoIP data) is unavailable; retry',
  },
  queue_full: {
    status: 503,
    trpc: 'SERVICE_UNAVAILABLE',
    summary: 'the ingest pipeline is saturated; retry after Retry-After',
  },
  insufficient_storage: {
    status: 507,
    trpc: 'SERVICE_UNAVAILABLE',
    summary: 'the database is out of disk space; retry later',
  },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY; summary: string }>;

export type AppErrorCode = keyof typeof ERROR_TABLE;
export const APP_ERROR_CODES = Object.keys(ERROR_TABLE) as AppErrorCode[];

/** Extra, machine-readable facts a client acts on (e.g. `current` on a version conflict). */
export type ErrorDetails = Record<string, unknown>;

export interface AppErrorOptions {
  details?: ErrorDetails;
  /** Response headers that belong to the error (Retry-After, Allow, WWW-Authenticate). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class AppError<C extends AppErrorCode = AppErrorCode> extends Error {
  readonly details?: ErrorDetails;
  readonly headers: Record<string, string>;

  constructor(
    readonly code: C,
    message: string,
    opts: AppErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }
}

export interface ErrorBody {
  error: { code: AppErrorCode; message: string; details?: ErrorDetails };
}

/** The one JSON error shape of every REST, MozDef and ingest path. */
export function errorBody(code: AppErrorCode, message: string, details?: ErrorDetails): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** True when `err` is an AppError, optionally of one of `codes`. */
export function isAppError(err: unknown, ...codes: AppErrorCode[]): err is AppError {
  return err instanceof AppError && (codes.length === 0 || codes.includes((err as AppError).code));
}

/** The app code a tRPC code stands for when no AppError was thrown (input validation, tRPC's own). */
export function codeForTrpc(trpc: string): AppErrorCode {
  return APP_ERROR_CODES.find((c) => ERROR_TABLE[c].trpc === trpc) ?? 'internal';
}
