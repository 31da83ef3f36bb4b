// /api/v1/incidents and /api/v1/investigations (docs/cases.md), plus export, evidence download,
// indicators, tasks and promotion. Same service as the UI's tRPC router, so REST changes reach
// open browsers through the bus like any other.
import { z } from 'zod';
import type { Identity } from '../../auth/permissions.ts';
import {
  commentInput,
  createCaseInput,
  evidenceInput,
  exportFormat,
  hypothesisInput,
  indicatorInput,
  listCasesInput,
  patchCaseInput,
  taskInput,
  timelineInput,
} from '../../cases/case-inputs.ts';
import { type CaseKind, KIND_TOPIC } from '../../cases/case-model.ts';
import type { Cases } from '../../cases/cases.ts';
import type { Actor } from '../../cases/case-writer.ts';
import { AppError } from '../../errors/app-error.ts';
import { Created, type RouteContext, type RouteDef } from './router.ts';
import { caseAnswer, caseDetailAnswer, caseListAnswer } from './answers.types.ts';
import { describeIssues, parseJsonBody, parseSearchParams } from './validation.ts';
import type { EvidenceFileMeta } from '../../cases/evidence-files.ts';
import { indicatorActionInput } from '../../cases/indicator-actions.ts';
import { can } from '../../auth/permissions.ts';
import type { WatchlistService } from '../../watchlist/watchlist-service.ts';

/** POST /alerts/{id}/escalate: into an existing case, or a new incident (summary defaults to the alert's). */
const escalateBody = z
  .object({
    incidentId: z.uuid('incidentId must be a case id').optional(),
    summary: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

/** Evidence bodies carry base64 files; the HTTP server caps every API body at 2 MiB anyway. */
const EVIDENCE_BODY_BYTES = 2 * 1024 * 1024;

function idParam(ctx: RouteContext, name = 'id'): string {
  const v = ctx.params[name];
  if (!z.uuid().safeParse(v).success) throw new AppError('not_found', `no such record ${v}`);
  return v;
}

const actorOf = (identity: Identity, ip: string): Actor => ({ identity, ip });

/** An ASCII-safe attachment header, with the full name in filename* for clients that read it. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\w.\- ]/g, '_').slice(0, 150) || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 150))}`;
}

/** IOC → watchlist / block list (body: {list, duration?, expiresAt?, comment?}) and what each IOC is on. */
function indicatorActionRoutes(cases: Cases, kind: CaseKind, base: string, watchlist: WatchlistService): RouteDef[] {
  return [
    {
      method: 'POST',
      path: `${base}/:id/indicators/:indicatorId/actions`,
      // Also needs watchlist:write, checked below (the same roles hold both today).
      permission: 'cases:write',
      body: indicatorActionInput,
      async handler(ctx) {
        if (!can(ctx.identity, 'watchlist:write'))
          throw new AppError('forbidden', 'this needs the watchlist:write permission');
        const id = idParam(ctx);
        const indicatorId = idParam(ctx, 'indicatorId');
        const input = await parseJsonBody(indicatorActionInput, ctx.req);
        return new Created(
          await cases.indicatorActions(watchlist).apply(id, kind, indicatorId, input, actorOf(ctx.identity, ctx.ip)),
        );
      },
    },
    {
      method: 'DELETE',
      path: `${base}/:id/indicators/:indicatorId/actions/:itemId`,
      summary: 'Unblock / unwatch: take the indicator off the watch item it is on (recorded on the timeline)',
      permission: 'cases:write',
      async handler(ctx) {
        if (!can(ctx.identity, 'watchlist:write'))
          throw new AppError('forbidden', 'this needs the watchlist:write permission');
        return cases
          .indicatorActions(watchlist)
          .remove(
            idParam(ctx),
            kind,
            idParam(ctx, 'indicatorId'),
            idParam(ctx, 'itemId'),
            actorOf(ctx.identity, ctx.ip),
          );
      },
    },
    {
      method: 'GET',
      path: `${base}/:id/indicators/status`,
      permission: 'cases:read',
      query: uploadQuery,
      async handler(ctx) {
        if (!can(ctx.identity, 'watchlist:read'))
          throw new AppError('forbidden', 'this needs the watchlist:read permission');
        const id = idParam(ctx);
        return { indicators: await cases.indicatorActions(watchlist).status(id, kind) };
      },
    },
  ];
}

function streamOf(chunks: AsyncIterable<Buffer>): ReadableStream<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = (await it.next()) as IteratorResult<Buffer, undefined>;
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.length));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/**
 * A streamed upload: the raw body is the file; its name comes from `X-Filename` (percent-encoded
 * UTF-8, as headers are ASCII) or `?name=`, its type from Content-Type, and `?title=` /
 * `?description=` are optional.
 */
function uploadMeta(ctx: RouteContext): { meta: EvidenceFileMeta; declaredBytes: number | undefined } {
  const h = ctx.req.headers;
  const encoding = (h.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    throw new AppError(
      'unsupported_encoding',
      'send evidence files uncompressed (no Content-Encoding): the sha256 is of the bytes received',
    );
  let headerName: string | undefined;
  try {
    headerName = h.has('x-filename') ? decodeURIComponent(h.get('x-filename')!) : undefined;
  } catch {
    throw new AppError('bad_request', 'X-Filename: must be percent-encoded UTF-8');
  }
  const q = parseSearchParams(uploadQuery, ctx.url);
  const r = uploadFields.safeParse({
    fileName: headerName || q.name,
    contentType: h.get('content-type') || 'application/octet-stream',
    title: q.title || undefined,
    description: q.description || undefined,
  });
  if (!r.success) throw new AppError('bad_request', describeIssues(r.error));
  const length = h.get('content-length');
  const declaredBytes = length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
  return { meta: r.data, declaredBytes };
}

const uploadQuery = z.object({
  name: z.string().optional(),
  title: z.string().optional(),
  description: z.string().optional(),
});
const CONTROL = /[\u0000-\u001f\u007f]/;
const uploadFields = z.object({
  fileName: z
    .string({ message: 'name the file in the X-Filename header or ?name=' })
    .trim()
    .min(1, 'name the file in the X-Filename header or ?name=')
    .max(255)
    .refine((v) => !CONTROL.test(v), 'must not contain control characters'),
  contentType: z.string().trim().max(200),
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().max(20_000).optional(),
});

const caseDetailQuery = z.object({
  sinceVersion: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Only history and content changed after this version'),
});

function routesFor(cases: Cases, kind: CaseKind, watchlist?: WatchlistService): RouteDef[] {
  const base = `/${KIND_TOPIC[kind]}`;
  const listKey = KIND_TOPIC[kind];
  /** POST `${base}/:id/<part>`: the body checked against its schema, the part added, 201 with it. */
  const addPart = <S extends z.ZodType>(
    part: string,
    body: S,
    add: (id: string, input: z.infer<S>, actor: Actor) => Promise<unknown>,
    maxBytes?: number,
  ): RouteDef => ({
    method: 'POST',
    path: `${base}/:id/${part}`,
    permission: 'cases:write',
    body,
    async handler(ctx) {
      const id = idParam(ctx);
      const input = await parseJsonBody(body, ctx.req, maxBytes);
      return new Created(await add(id, input, actorOf(ctx.identity, ctx.ip)));
    },
  });
  return [
    ...(watchlist ? indicatorActionRoutes(cases, kind, base, watchlist) : []),
    {
      method: 'GET',
      path: base,
      permission: 'cases:read',
      query: listCasesInput,
      response: caseListAnswer(listKey),
      async handler({ url, identity, ip }) {
        const input = parseSearchParams(listCasesInput, url);
        const { items, nextCursor } = await cases.records.list(kind, input, actorOf(identity, ip));
        return { [listKey]: items, nextCursor };
      },
    },
    {
      method: 'POST',
      path: base,
      permission: 'cases:write',
      body: createCaseInput,
      response: caseAnswer,
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(createCaseInput, req);
        return new Created(await cases.records.create(kind, input, actorOf(identity, ip)));
      },
    },
    {
      method: 'GET',
      path: `${base}/:id`,
      permission: 'cases:read',
      response: caseDetailAnswer,
      query: caseDetailQuery,
      async handler(ctx) {
        const id = idParam(ctx);
        const { sinceVersion } = parseSearchParams(caseDetailQuery, ctx.url);
        return cases.records.get(id, kind, sinceVersion);
      },
    },
    {
      method: 'PATCH',
      path: `${base}/:id`,
      permission: 'cases:write',
      body: patchCaseInput,
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(patchCaseInput, ctx.req);
        const { record, merged } = await cases.records.update(id, kind, input, actorOf(ctx.identity, ctx.ip));
        return { ...record, merged };
      },
    },
    addPart('timeline', timelineInput, (id, input, actor) => cases.parts.addTimeline(id, kind, input, actor)),
    addPart(
      'evidence',
      evidenceInput,
      (id, input, actor) => cases.parts.addEvidence(id, kind, input, actor),
      EVIDENCE_BODY_BYTES,
    ),
    {
      method: 'POST',
      path: `${base}/:id/evidence/files`,
      permission: 'cases:write',
      streamBody: true,
      async handler(ctx) {
        const id = idParam(ctx);
        const { meta, declaredBytes } = uploadMeta(ctx);
        if (!ctx.body) throw new AppError('bad_request', 'send the file as the request body');
        const body = ctx.body;
        return new Created(await cases.files.add(id, kind, meta, body, declaredBytes, actorOf(ctx.identity, ctx.ip)));
      },
    },
    {
      method: 'GET',
      path: `${base}/:id/evidence/:evidenceId/content`,
      permission: 'cases:read',
      async handler(ctx) {
        const id = idParam(ctx);
        const evidenceId = idParam(ctx, 'evidenceId');
        const file = await cases.parts.evidenceContent(id, kind, evidenceId);
        // Never the uploader's content type: evidence is hostile by nature, so it downloads as bytes.
        const headers = {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': attachment(file.fileName),
          'X-Picket-Sha256': file.sha256,
        };
        if (Buffer.isBuffer(file.content)) return new Response(new Uint8Array(file.content), { headers });
        // Streamed files go out chunk by chunk; the stated length lets the HTTP server stream them too.
        return new Response(streamOf(file.content), {
          headers: { ...headers, 'Content-Length': String(file.sizeBytes) },
        });
      },
    },
    addPart('hypotheses', hypothesisInput, (id, input, actor) => cases.parts.addHypothesis(id, kind, input, actor)),
    {
      method: 'POST',
      path: `${base}/:id/hypotheses/:hypothesisId/comments`,
      permission: 'cases:write',
      body: commentInput,
      async handler(ctx) {
        const id = idParam(ctx);
        const hid = idParam(ctx, 'hypothesisId');
        const { text } = await parseJsonBody(commentInput, ctx.req);
        return new Created(
          await cases.parts.addComment(hid, text, actorOf(ctx.identity, ctx.ip), { caseId: id, kind }),
        );
      },
    },
    addPart('indicators', indicatorInput, (id, input, actor) => cases.parts.addIndicator(id, kind, input, actor)),
    {
      method: 'GET',
      path: `${base}/:id/indicators/suggestions`,
      summary: 'Indicators found in the evidence events that the case does not list yet',
      permission: 'cases:read',
      handler: async (ctx) => ({ suggestions: await cases.suggestIndicators(idParam(ctx), kind) }),
    },
    addPart('tasks', taskInput, (id, input, actor) => cases.parts.addTask(id, kind, input, actor)),
    {
      method: 'GET',
      path: `${base}/:id/export`,
      permission: 'cases:read',
      async handler(ctx) {
        const id = idParam(ctx);
        const { format } = parseSearchParams(z.object({ format: exportFormat.default('md') }), ctx.url);
        const doc = await cases.export(id, kind, format);
        return new Response(doc.body, {
          headers: { 'Content-Type': doc.contentType, 'Content-Disposition': attachment(doc.fileName) },
        });
      },
    },
  ];
}

export function caseRoutes(cases: Cases, watchlist?: WatchlistService): RouteDef[] {
  return [
    ...routesFor(cases, 'incident', watchlist),
    ...routesFor(cases, 'investigation', watchlist),
    {
      method: 'POST',
      path: '/alerts/:id/escalate',
      summary: 'Escalate an alert into a new incident or an existing case (201 {"incidentId"})',
      permission: 'cases:write',
      body: escalateBody,
      async handler(ctx) {
        if (!can(ctx.identity, 'alerts:write'))
          throw new AppError('forbidden', 'this needs the alerts:write permission');
        const id = z.uuid().safeParse(ctx.params.id).success ? ctx.params.id : null;
        if (!id) throw new AppError('not_found', `no alert ${ctx.params.id}`);
        const body = await parseJsonBody(escalateBody, ctx.req);
        const r = await cases.alerts.escalateAlerts({ alertIds: [id], ...body }, actorOf(ctx.identity, ctx.ip));
        return new Created({ incidentId: r.incidentId, kind: r.kind, created: r.created, eventsAdded: r.eventsAdded });
      },
    },
    {
      method: 'POST',
      path: '/investigations/:id/promote',
      permission: 'cases:write',
      handler: async (ctx) => new Created(await cases.records.promote(idParam(ctx), actorOf(ctx.identity, ctx.ip))),
    },
  ];
}
