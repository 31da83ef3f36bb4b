import type { ServerResponse } from 'node:http';
import { errorBody, HttpError } from './errors.ts';
import { API_SECURITY_HEADERS } from './security-headers.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...API_SECURITY_HEADERS,
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, err: unknown, onInternal: (err: unknown) => void): void {
  if (err instanceof HttpError) {
    sendJson(res, err.status, errorBody(err.code, err.message), err.headers);
    return;
  }
  onInternal(err);
  sendJson(res, 500, errorBody('internal', 'internal error'));
}
