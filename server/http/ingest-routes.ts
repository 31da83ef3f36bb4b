import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiTokens } from '../auth/api-tokens.ts';
import { can } from '../auth/permissions.ts';
import type { DatabaseHealth } from '../db/database-health.ts';
import type { IngestService } from '../ingest/ingest-service.ts';
import { parseBulkBody, bulkResponse } from '../ingest/parse-bulk.ts';
import { decodeBody, parseEventsBody, type BodyItem } from '../ingest/parse-body.ts';
import { looksLikeCef, parseCefBody } from '../ingest/parse-cef.ts';
import type { Logger } from '../logger.ts';
import type { IngestMetrics } from '../ops/metrics.ts';
import { AppError } from '../errors/app-error.ts';
import { RepeatedFailureLog } from './repeated-failure-log.ts';
import { readBody } from './read-body.ts';
import { identityFromHeaders } from './request-identity.ts';
import { sendError, sendJson } from './send.ts';

// MozDef loginput's paths: shippers configured for MozDef point here unchanged.
export const INGEST_PATHS: ReadonlySet<string> = new Set(['/events', '/events/', '/api/events', '/nxlog', '/nxlog/']);
export const BULK_PATHS: ReadonlySet<string> = new Set(['/_bulk', '/_bulk/']);
// MozDef loginput's /cef (JSON, tagged endpoint "cef"; CEF text lines too) and /custom/<application>.
export const CEF_PATHS: ReadonlySet<string> = new Set(['/cef', '/cef/']);
const CUSTOM_PATH = /^\/custom\/([^/]*)\/?$/;
const APPLICATION = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * What MozDef's loginput added to an event posted to /cef or /custom/<app>, so esworker knew where it
 * came from: `forced` overwrites the event's own keys (as loginput did), `defaults` only fills gaps.
 */
function tagged(
  items: BodyItem[],
  forced: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): BodyItem[] {
  return items.map((it) =>
    it.ok && it.value !== null && typeof it.value === 'object' && !Array.isArray(it.value)
      ? { ok: true, value: { ...defaults, ...it.value, ...forced } }
      : it,
  );
}

function application(raw: string): string {
  let app: string;
  try {
    app = decodeURIComponent(raw);
  } catch {
    app = '';
  }
  if (!APPLICATION.test(app))
    throw new AppError(
      'bad_request',
      'the application in /custom/<application> is 1-64 letters, digits, dots, dashes or underscores',
    );
  return app;
}

export interface IngestDeps {
  ingest: IngestService;
  tokens: ApiTokens;
  trusted: { contains(ip: string): boolean };
  /** The client's address (the socket peer, or X-Forwarded-For from a trusted proxy). */
  clientIp: (req: IncomingMessage) => string;
  log: Logger;
  /** Requests refused whole, by error code (per-event counts are recorded by IngestService). */
  metrics?: Pick<IngestMetrics, 'refused'>;
  /** Database outages: a refusal is counted there and logged once per outage, not per request. */
  outages?: Pick<DatabaseHealth, 'refuse'>;
}

/**
 * The metrics label of a path this handler accepted: its canonical spelling, and only the first
 * segment of longer ones, so a client-chosen part (MozDef's /custom/<application>) cannot grow
 * the label set.
 */
export function inputLabel(path: string): string {
  if (INGEST_PATHS.has(path) || BULK_PATHS.has(path))
    return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const second = path.indexOf('/', 1);
  return second > 0 ? path.slice(0, second) : path;
}

/**
 * A request a browser sent on behalf of a web page. Shippers send neither header; browsers send
 * Origin on every POST/PUT and Sec-Fetch-Site on every fetch. Any origin counts as foreign here:
 * Picket's own pages never send events, and a DNS-rebound hostile page looks same-origin.
 */
function fromWebPage(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return req.headers.origin !== undefined || (site !== undefined && site !== 'none');
}

/**
 * Permission: `events:ingest` — a token with it, or a source inside PICKET_INGEST_TRUSTED_CIDRS that
 * is not a web page in a browser (a page open on a trusted host could otherwise forge events).
 */
async function authorize(req: IncomingMessage, deps: IngestDeps): Promise<void> {
  const identity = await identityFromHeaders(deps.tokens, req.headers.authorization);
  if (identity === null) throw new AppError('unauthorized', 'API token is invalid or revoked');
  if (identity) {
    if (!can(identity, 'events:ingest')) throw new AppError('forbidden', 'this token may not ingest events');
    return;
  }
  if (fromWebPage(req)) {
    throw new AppError(
      'forbidden',
      'ingest from a web browser (Origin or Sec-Fetch-Site header) needs an API token with ingest permission (Authorization: Bearer <token>)',
    );
  }
  if (!deps.trusted.contains(deps.clientIp(req))) {
    throw new AppError(
      'unauthorized',
      'sources outside PICKET_INGEST_TRUSTED_CIDRS need an API token with ingest permission (Authorization: Bearer <token>)',
      {
        headers: { 'WWW-Authenticate': 'Bearer' },
      },
    );
  }
}

/** Handles the ingest fast path outside Next; returns false when the request is not an ingest request. */
export function createIngestHandler(
  deps: IngestDeps,
): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  // Failures that are no database outage (a lost Redis in queue mode, say) repeat per request: log them once per run.
  const failures = new RepeatedFailureLog(deps.log, 'ingest failed');
  const onInternal = (err: unknown) => failures.report(err);
  const answerError = (res: ServerResponse, err: unknown, input: string) => {
    // A full queue is an AppError (queue_full, Retry-After); anything else means the store or queue
    // failed: nothing was acknowledged, the shipper should retry.
    const e: AppError = err instanceof AppError ? (err as AppError) : storeFailure(err);
    deps.metrics?.refused(input, e.code);
    // A 413 arrives before the body is read: close instead of draining megabytes.
    if (e.status === 413) res.setHeader('Connection', 'close');
    sendError(res, e, onInternal);
  };

  const storeFailure = (err: unknown): AppError => {
    const outage = deps.outages?.refuse(err);
    if (outage === 'disk full')
      return new AppError(
        'insufficient_storage',
        'the database is out of disk space; events were not stored, retry later',
        { headers: { 'Retry-After': '30' } },
      );
    if (!outage) onInternal(err);
    const message = outage
      ? 'the database is unavailable; events were not stored, retry later'
      : 'events could not be stored, retry later';
    return new AppError('unavailable', message, { headers: { 'Retry-After': '5' } });
  };

  return (req, res, path) => {
    const isBulk = BULK_PATHS.has(path);
    const isCef = CEF_PATHS.has(path);
    const custom = CUSTOM_PATH.exec(path);
    if (!isBulk && !isCef && !custom && !INGEST_PATHS.has(path)) return false;
    const input = inputLabel(path);
    if (req.method !== 'POST' && req.method !== 'PUT') {
      deps.metrics?.refused(input, 'method_not_allowed');
      sendError(
        res,
        new AppError('method_not_allowed', 'use POST or PUT', { headers: { Allow: 'POST, PUT' } }),
        onInternal,
      );
      return true;
    }
    void (async () => {
      try {
        await authorize(req, deps);
        const body = await readBody(req);
        if (isBulk) {
          const started = performance.now();
          const parsed = parseBulkBody(body);
          if (!parsed.ok) throw new AppError('bad_request', parsed.error);
          const items: BodyItem[] = parsed.items.map((it) =>
            it.error
              ? { ok: false, error: it.error }
              : it.action === 'delete' || it.action === 'update'
                ? { ok: false, error: `${it.action} is not supported: stored events are immutable` }
                : { ok: true, value: it.doc },
          );
          const result = await deps.ingest.ingest(items, input);
          const errors = new Map(result.rejected.map((r) => [r.index, r.error]));
          const perItem = items.map((_, i) =>
            errors.has(i)
              ? { ok: false as const, error: errors.get(i)! }
              : { ok: true as const, id: result.ids.get(i)! },
          );
          sendJson(res, 200, bulkResponse(parsed.items, perItem, Math.round(performance.now() - started)));
          return;
        }
        let items: BodyItem[];
        if (isCef && looksLikeCef(decodeBody(body))) {
          items = tagged(parseCefBody(decodeBody(body)), { endpoint: 'cef' });
        } else {
          const parsed = parseEventsBody(body, req.headers['content-type']);
          if (!parsed.ok) throw new AppError('bad_request', parsed.error);
          items = parsed.items;
          if (isCef) items = tagged(items, { endpoint: 'cef' });
        }
        if (custom) {
          const app = application(custom[1]);
          // MozDef's keys, plus the application as category when the event names none.
          items = tagged(items, { endpoint: app, customendpoint: true, application: app }, { category: app });
        }
        const result = await deps.ingest.ingest(items, input);
        sendJson(res, 200, { accepted: result.accepted, rejected: result.rejected });
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        answerError(res, err, input);
        if (!req.complete) req.resume();
      }
    })();
    return true;
  };
}
