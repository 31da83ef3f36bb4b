// The OpenAPI 3.1 document of the HTTP API, generated from the route tables themselves (the
// /api/v1 RouteDefs, MozDef's RouteDefs, the ingest paths) and from the zod schemas the handlers
// validate with, so it cannot drift from what is served. GET /api/v1/openapi.json; no auth.
import { z } from 'zod';
import { APP_ERROR_CODES, ERROR_TABLE } from '../errors/app-error.ts';
import { BULK_PATHS, CEF_PATHS, INGEST_PATHS } from './ingest-routes.ts';
import { API_PREFIX, type RouteDef } from './v1/router.ts';

export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;
/** MozDef loginput's /custom/<application>, in OpenAPI's template form. */
export const CUSTOM_INGEST_PATH = '/custom/{application}';

type Json = Record<string, unknown>;

/** `/events/:id` → `/events/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([a-zA-Z]+)/g, '{$1}');
}

/** A zod schema as a JSON Schema (2020-12, OpenAPI 3.1's dialect): as a client sends it (input) or receives it (output). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as Json;
  return rest;
}

function queryParameters(schema: z.ZodType | undefined): Json[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => ({
    name,
    in: 'query',
    required: !field.safeParse(undefined).success,
    schema: jsonSchema(field),
    ...(field.description ? { description: field.description } : {}),
  }));
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(def: RouteDef, tag: string, id: string): Json {
  const params = [...def.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const op: Json = {
    operationId: id,
    ...(def.summary ? { summary: def.summary } : {}),
    tags: [tag],
    'x-permission': def.permission,
    parameters: [...params, ...queryParameters(def.query)],
    responses: {
      '2XX': {
        description: 'Success: 200 with the record or list, 201 with a created record',
        ...(def.response ? { content: { 'application/json': { schema: jsonSchema(def.response, 'output') } } } : {}),
      },
      '401': errorRef('No valid API token or session (unauthorized)'),
      '403': errorRef(`The identity lacks ${def.permission} (forbidden)`),
      default: errorRef('Any other error, shaped {"error": {"code", "message", "details"?}}'),
    },
  };
  if (def.streamBody) {
    op.requestBody = {
      required: true,
      content: {
        'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
      },
    };
  } else if (def.body) {
    op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(def.body) } } };
  } else if (def.method !== 'GET' && def.method !== 'DELETE') {
    op.requestBody = { required: false, content: { 'application/json': { schema: {} } } };
  }
  return op;
}

function operationId(method: string, path: string, taken: Set<string>): string {
  const base = `${method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function ingestPaths(add: (path: string, method: string, op: Json) => void): void {
  const body = {
    required: true,
    content: { 'application/json': { schema: {} }, 'application/x-ndjson': { schema: { type: 'string' } } },
  };
  const ingestOp = (summary: string, extra: Json[] = []): Json => ({
    summary,
    tags: ['ingest'],
    'x-permission': 'events:ingest',
    // A source inside PICKET_INGEST_TRUSTED_CIDRS needs no token.
    security: [{ bearer: [] }, {}],
    parameters: extra,
    requestBody: body,
    responses: {
      '200': {
        description: 'Stored (durable) or rejected per event: {"accepted": N, "rejected": [{"index", "error"}]}',
      },
      '413': errorRef('Body above 10 MiB (payload_too_large)'),
      '503': errorRef('Saturated or the database is down (queue_full, unavailable); retry after Retry-After'),
      default: errorRef('Any other error'),
    },
  });
  for (const method of ['post', 'put']) {
    for (const p of INGEST_PATHS)
      add(p, method, ingestOp('Ingest events: one JSON object, an array, or NDJSON (MozDef loginput)'));
    for (const p of BULK_PATHS)
      add(p, method, ingestOp('Elasticsearch bulk NDJSON; answers {"took", "errors", "items"}'));
    for (const p of CEF_PATHS) add(p, method, ingestOp('MozDef loginput /cef: JSON events or CEF text lines'));
    add(
      CUSTOM_INGEST_PATH,
      method,
      ingestOp('MozDef loginput /custom/<application>', [
        {
          name: 'application',
          in: 'path',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}$' },
        },
      ]),
    );
  }
}

/** The whole document; `v1` and `mozdef` are the RouteDefs the running routers serve. */
export function buildOpenApi(opts: { v1: readonly RouteDef[]; mozdef: readonly RouteDef[]; version: string }): Json {
  const paths = Object.create(null) as Record<string, Record<string, Json>>;
  const taken = new Set<string>();
  const add = (path: string, method: string, op: Json) => {
    (paths[path] ??= {})[method] = {
      ...op,
      operationId: typeof op.operationId === 'string' ? op.operationId : operationId(method, path, taken),
    };
  };
  for (const def of opts.v1) {
    const path = API_PREFIX + openApiPath(def.path);
    add(
      path,
      def.method.toLowerCase(),
      operation(def, def.path.split('/')[1] ?? 'api', operationId(def.method, path, taken)),
    );
  }
  for (const def of opts.mozdef) {
    const path = openApiPath(def.path);
    add(path, def.method.toLowerCase(), operation(def, 'mozdef', operationId(def.method, path, taken)));
  }
  ingestPaths(add);
  add(OPENAPI_PATH, 'get', {
    summary: 'This document (OpenAPI 3.1); readable without authentication',
    tags: ['api'],
    security: [],
    responses: {
      '200': { description: 'The OpenAPI document', content: { 'application/json': { schema: { type: 'object' } } } },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Picket HTTP API',
      version: opts.version,
      description:
        'REST under /api/v1, MozDef-compatible REST paths, and the ingest paths. Errors are {"error": {"code", "message", "details"?}}; the codes and their statuses are in components.schemas.ErrorCode and docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An API token: Authorization: Bearer pkt_…' },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description: 'A signed-in browser session; changes must come from the same origin',
        },
      },
      schemas: {
        ErrorCode: {
          type: 'string',
          enum: APP_ERROR_CODES,
          description: "The error codes; x-error-table gives each one's HTTP status, tRPC code and meaning.",
          'x-error-table': APP_ERROR_CODES.map((code) => ({
            code,
            status: ERROR_TABLE[code].status,
            trpc: ERROR_TABLE[code].trpc,
            summary: ERROR_TABLE[code].summary,
          })),
        },
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { $ref: '#/components/schemas/ErrorCode' },
                message: { type: 'string' },
                details: {
                  type: 'object',
                  description: 'Machine-readable facts, e.g. current (the record now) on version_conflict',
                },
              },
            },
          },
        },
      },
    },
  };
}
