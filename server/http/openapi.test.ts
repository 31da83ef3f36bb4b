// The OpenAPI document against the real route tables: every registered /api/v1, MozDef and ingest
// route is in it, every documented path is served, and it validates as OpenAPI 3.1.
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from './v1/routes.ts';
import { mozdefRoutes } from './mozdef/mozdef-router.ts';
import { BULK_PATHS, CEF_PATHS, INGEST_PATHS } from './ingest-routes.ts';
import { buildOpenApi, CUSTOM_INGEST_PATH, jsonSchema, OPENAPI_PATH, openApiPath } from './openapi.ts';
import { API_PREFIX, type RouteDef } from './v1/router.ts';
import { searchQuery } from './v1/events.types.ts';

// Building the tables only closes over the services; no handler runs here.
const services = new Proxy({}, { get: () => ({}) }) as never;
const v1: RouteDef[] = apiRoutes(services);
const mozdef: RouteDef[] = mozdefRoutes(services);
const doc = buildOpenApi({ v1, mozdef, version: '0.0.0-test' }) as {
  paths: Record<
    string,
    Record<
      string,
      {
        'x-permission'?: string;
        parameters?: Array<{ name: string }>;
        requestBody?: { content: Record<string, { schema: unknown }> };
        responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
      }
    >
  >;
};

const registered = new Set<string>([
  ...v1.map((r) => `${r.method.toLowerCase()} ${API_PREFIX}${openApiPath(r.path)}`),
  ...mozdef.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`),
  ...[...INGEST_PATHS, ...BULK_PATHS, ...CEF_PATHS, CUSTOM_INGEST_PATH].flatMap((p) => [`post ${p}`, `put ${p}`]),
  `get ${OPENAPI_PATH}`,
]);
const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));

describe('OpenAPI document', () => {
  it('lists every registered route, and only those', () => {
    expect(v1.length).toBeGreaterThan(50);
    expect(mozdef.length).toBeGreaterThan(10);
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
  });

  it('carries each route permission and the zod schemas its handler validates with', () => {
    for (const r of v1)
      expect(
        doc.paths[`${API_PREFIX}${openApiPath(r.path)}`]![r.method.toLowerCase()]!['x-permission'],
        `${r.method} ${r.path}`,
      ).toBe(r.permission);
    const search = doc.paths[`${API_PREFIX}/events`]!.get!;
    expect(search.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(Object.keys(searchQuery.shape)));
    const createUser = doc.paths[`${API_PREFIX}/users`]!.post!;
    expect(createUser.requestBody!.content['application/json']!.schema).toMatchObject({
      type: 'object',
      properties: { email: expect.any(Object), role: { enum: ['viewer', 'analyst', 'admin'] } },
    });
  });

  it('documents the answer of each route that declares one, as its zod output schema', () => {
    const answered = v1.filter((r) => r.response);
    // events, alerts, cases of both kinds, the three lists, users, tokens, audit: test/openapi-responses.test.ts checks real answers.
    expect(answered.length).toBeGreaterThanOrEqual(23);
    for (const r of answered) {
      const ok =
        doc.paths[`${API_PREFIX}${openApiPath(r.path)}`]![r.method.toLowerCase()]!.responses['2XX']!.content![
          'application/json'
        ]!.schema;
      expect(ok, `${r.method} ${r.path}`).toEqual(jsonSchema(r.response!, 'output'));
    }
  });

  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });
});
