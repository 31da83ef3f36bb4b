// /api/v1/incidents and /api/v1/investigations (DESIGN.md), plus export, evidence download,
// indicators, tasks and promotion. Same service as the UI's tRPC router, so REST changes reach
// open browsers through the bus like any other.
import { z } from 'zod';
import type { Identity } from '../../auth/permissions.ts';
import { commentInput, createCaseInput, evidenceInput, exportFormat, hypothesisInput, indicatorInput, listCasesInput, patchCaseInput, taskInput, timelineInput } from '../../cases/case-inputs.ts';
import { CaseError, type CaseKind, KIND_TOPIC } from '../../cases/case-model.ts';
import type { Cases } from '../../cases/cases.ts';
import type { Actor } from '../../cases/case-writer.ts';
import { HttpError } from '../errors.ts';
import { Created, json, type RouteContext, type RouteDef } from './router.ts';
import { parseJsonBody, parseSearchParams } from './validation.ts';

/** Evidence bodies carry base64 files; the HTTP server caps every API body at 2 MiB anyway. */
const EVIDENCE_BODY_BYTES = 2 * 1024 * 1024;

const STATUS: Record<CaseError['code'], number> = { not_found: 404, bad_request: 400, version_conflict: 409, conflict: 409, payload_too_large: 413 };

/** CaseError → JSON error; a version conflict carries the current record so the client can show it. */
async function run<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof CaseError)) throw err;
    if (err.code === 'version_conflict') {
      return json(409, { error: { code: 'version_conflict', message: err.message }, current: err.current, conflictingFields: err.conflictingFields ?? [] });
    }
    throw new HttpError(STATUS[err.code], err.code, err.message);
  }
}

function idParam(ctx: RouteContext, name = 'id'): string {
  const v = ctx.params[name];
  if (!z.uuid().safeParse(v).success) throw new HttpError(404, 'not_found', `no such record ${v}`);
  return v;
}

const actorOf = (identity: Identity, ip: string): Actor => ({ identity, ip });

/** An ASCII-safe attachment header, with the full name in filename* for clients that read it. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\w.\- ]/g, '_').slice(0, 150) || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name.slice(0, 150))}`;
}

function routesFor(cases: Cases, kind: CaseKind): RouteDef[] {
  const base = `/${KIND_TOPIC[kind]}`;
  const listKey = KIND_TOPIC[kind];
  return [
    {
      method: 'GET',
      path: base,
      permission: 'cases:read',
      async handler({ url, identity, ip }) {
        const input = parseSearchParams(listCasesInput, url);
        return run(async () => {
          const { items, nextCursor } = await cases.records.list(kind, input, actorOf(identity, ip));
          return { [listKey]: items, nextCursor };
        });
      },
    },
    {
      method: 'POST',
      path: base,
      permission: 'cases:write',
      async handler({ req, identity, ip }) {
        const input = await parseJsonBody(createCaseInput, req);
        return run(async () => new Created(await cases.records.create(kind, input, actorOf(identity, ip))));
      },
    },
    {
      method: 'GET',
      path: `${base}/:id`,
      permission: 'cases:read',
      async handler(ctx) {
        const id = idParam(ctx);
        const { sinceVersion } = parseSearchParams(z.object({ sinceVersion: z.coerce.number().int().min(0).default(0) }), ctx.url);
        return run(() => cases.records.get(id, kind, sinceVersion));
      },
    },
    {
      method: 'PATCH',
      path: `${base}/:id`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(patchCaseInput, ctx.req);
        return run(async () => {
          const { record, merged } = await cases.records.update(id, kind, input, actorOf(ctx.identity, ctx.ip));
          return { ...record, merged };
        });
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/timeline`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(timelineInput, ctx.req);
        return run(async () => new Created(await cases.parts.addTimeline(id, kind, input, actorOf(ctx.identity, ctx.ip))));
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/evidence`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(evidenceInput, ctx.req, EVIDENCE_BODY_BYTES);
        return run(async () => new Created(await cases.parts.addEvidence(id, kind, input, actorOf(ctx.identity, ctx.ip))));
      },
    },
    {
      method: 'GET',
      path: `${base}/:id/evidence/:evidenceId/content`,
      permission: 'cases:read',
      async handler(ctx) {
        const id = idParam(ctx);
        const evidenceId = idParam(ctx, 'evidenceId');
        return run(async () => {
          const file = await cases.parts.evidenceContent(id, kind, evidenceId);
          // Never the uploader's content type: evidence is hostile by nature, so it downloads as bytes.
          return new Response(new Uint8Array(file.content), {
            headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': attachment(file.fileName), 'X-Picket-Sha256': file.sha256 },
          });
        });
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/hypotheses`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(hypothesisInput, ctx.req);
        return run(async () => new Created(await cases.parts.addHypothesis(id, kind, input, actorOf(ctx.identity, ctx.ip))));
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/hypotheses/:hypothesisId/comments`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const hid = idParam(ctx, 'hypothesisId');
        const { text } = await parseJsonBody(commentInput, ctx.req);
        return run(async () => new Created(await cases.parts.addComment(hid, text, actorOf(ctx.identity, ctx.ip), { caseId: id, kind })));
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/indicators`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(indicatorInput, ctx.req);
        return run(async () => new Created(await cases.parts.addIndicator(id, kind, input, actorOf(ctx.identity, ctx.ip))));
      },
    },
    {
      method: 'POST',
      path: `${base}/:id/tasks`,
      permission: 'cases:write',
      async handler(ctx) {
        const id = idParam(ctx);
        const input = await parseJsonBody(taskInput, ctx.req);
        return run(async () => new Created(await cases.parts.addTask(id, kind, input, actorOf(ctx.identity, ctx.ip))));
      },
    },
    {
      method: 'GET',
      path: `${base}/:id/export`,
      permission: 'cases:read',
      async handler(ctx) {
        const id = idParam(ctx);
        const { format } = parseSearchParams(z.object({ format: exportFormat.default('md') }), ctx.url);
        return run(async () => {
          const doc = await cases.export(id, kind, format);
          return new Response(doc.body, { headers: { 'Content-Type': doc.contentType, 'Content-Disposition': attachment(doc.fileName) } });
        });
      },
    },
  ];
}

export function caseRoutes(cases: Cases): RouteDef[] {
  return [
    ...routesFor(cases, 'incident'),
    ...routesFor(cases, 'investigation'),
    {
      method: 'POST',
      path: '/investigations/:id/promote',
      permission: 'cases:write',
      handler: (ctx) => run(async () => new Created(await cases.records.promote(idParam(ctx), actorOf(ctx.identity, ctx.ip)))),
    },
  ];
}
