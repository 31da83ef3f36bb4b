// Test double for the Elasticsearch client (the only one the project allows): an
// @elastic/elasticsearch-mock connection whose resolver forwards every request to a real engine
// (the OpenSearch test node), so the Elasticsearch adapter's requests and response handling run
// against real search semantics. The mock's resolvers are synchronous, hence the blocking child
// process per request. Canned answers (retry tests) go through `mock.add` before the catch-all.
import { execFileSync } from 'node:child_process';
import Mock from '@elastic/elasticsearch-mock';
import { errors } from '@elastic/transport';

const FORWARD = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
  const r = JSON.parse(Buffer.concat(chunks).toString());
  const res = await fetch(r.url, { method: r.method, headers: { 'content-type': r.type }, body: r.body ?? undefined });
  process.stdout.write(JSON.stringify({ status: res.status, body: await res.text() }));
});`;

export interface MockParams {
  method: string;
  path: string;
  querystring: Record<string, string>;
  body: unknown;
}

/** Sends one intercepted request to `target` and answers what the mock's resolver must return. */
export function forward(target: string, params: MockParams): unknown {
  {
    const url = new URL(params.path, target);
    for (const [k, v] of Object.entries(params.querystring)) url.searchParams.set(k, String(v));
    let body: string | null = null;
    let type = 'application/json';
    if (Array.isArray(params.body)) {
      body = params.body.map((l) => JSON.stringify(l)).join('\n') + '\n';
      type = 'application/x-ndjson';
    } else if (params.body !== null && params.body !== undefined && params.body !== '') {
      body = typeof params.body === 'string' ? params.body : JSON.stringify(params.body);
    }
    const out = execFileSync(process.execPath, ['-e', FORWARD], { input: JSON.stringify({ url: url.toString(), method: params.method, type, body }), maxBuffer: 256 << 20 });
    const { status, body: text } = JSON.parse(out.toString()) as { status: number; body: string };
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (status >= 400) return new errors.ResponseError({ body: parsed, statusCode: status, headers: {}, warnings: null, meta: {} as never });
    return parsed;
  }
}

export type Resolver = (params: MockParams) => unknown;

/**
 * The mock plus `intercept(method, path, fn)`: an exact route answered by `fn` instead of the engine
 * (the mock's own router would file it under the catch-all, so the bridge keeps these itself).
 */
export function forwardingMock(target: string): { mock: Mock; intercept(method: string, path: string, fn: Resolver): void } {
  const mock = new Mock();
  const intercepts = new Map<string, Resolver>();
  const resolve = (params: MockParams) => (intercepts.get(`${params.method} ${params.path}`) ?? ((p: MockParams) => forward(target, p)))(params);
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'HEAD']) mock.add({ method, path: ['/', '/*'] }, resolve as never);
  return { mock, intercept: (method, path, fn) => void intercepts.set(`${method} ${path}`, fn) };
}
