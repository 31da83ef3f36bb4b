import type { ServerResponse } from 'node:http';
import { AppError, errorBody } from '../errors/app-error.ts';
import type { OutageSink } from '../db/database-health.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...API_SECURITY_HEADERS,
    ...headers,
  });
  res.end(payload);
}

export interface RenderedError {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The REST error sender's one mapping: status from ERROR_TABLE, body `{"error": {code, message, details?}}`. */
export function renderError(err: AppError): RenderedError {
  const body: Record<string, unknown> = { ...errorBody(err.code, err.message, err.details) };
  // REST clients have read a conflict's record at the top level since the first release (docs/api.md).
  if (err.details?.current !== undefined) {
    body.current = err.details.current;
    if (err.details.conflictingFields !== undefined) body.conflictingFields = err.details.conflictingFields;
  }
  return { status: err.status, body, headers: err.headers };
}

/** Anything thrown, as the AppError the client sees: a database outage is `unavailable`, the rest `internal` (and logged). */
export function asAppError(err: unknown, onInternal: (err: unknown) => void, outages?: OutageSink): AppError {
  if (err instanceof AppError) return err as AppError;
  if (outages?.absorb(err))
    return new AppError('unavailable', 'the database is unavailable, retry later', { headers: { 'Retry-After': '5' } });
  onInternal(err);
  return new AppError('internal', 'internal error');
}

export function sendError(res: ServerResponse, err: unknown, onInternal: (err: unknown) => void): void {
  const r = renderError(asAppError(err, onInternal));
  sendJson(res, r.status, r.body, r.headers);
}
