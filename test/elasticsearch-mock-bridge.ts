// Test double for the Elasticsearch client (the only one the project allows): an
// @elastic/elasticsearch-mock connection whose resolver forwards every request to a real engine
// (the OpenSearch test node), so the Elasticsearch adapter's requests and response handling run
// against real search semantics. The mock's resolvers are synchronous, so a worker thread does the
// HTTP request while the resolver waits on Atomics. Canned answers (retry tests) use `intercept`.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import Mock from '@elastic/elasticsearch-mock';
import { errors } from '@elastic/transport';

const WORKER = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ req, port, signal }) => {
  let answer;
  try {
    const res = await fetch(req.url, { method: req.method, headers: { 'content-type': req.type }, body: req.body ?? undefined });
    answer = { status: res.status, body: await res.text() };
  } catch (err) {
    answer = { status: 599, body: JSON.stringify({ error: { type: 'bridge', reason: String(err) } }) };
  }
  port.postMessage(answer);
  const flag = new Int32Array(signal);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});`;

let worker: Worker | undefined;

/** One blocking HTTP exchange through the worker. */
function requestSync(req: { url: string; method: string; type: string; body: string | null }): {
  status: number;
  body: string;
} {
  if (!worker) {
    worker = new Worker(WORKER, { eval: true });
    worker.unref();
  }
  const signal = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ req, port: port2, signal }, [port2]);
  // 120 s: longer than any request the suites make; a stuck worker fails the test instead of hanging it.
  if (Atomics.wait(new Int32Array(signal), 0, 0, 120_000) === 'timed-out') throw new Error(`no answer from ${req.url}`);
  const msg = receiveMessageOnPort(port1);
  port1.close();
  return msg!.message as { status: number; body: string };
}

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
    const { status, body: text } = requestSync({ url: url.toString(), method: params.method, type, body });
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (status >= 400)
      return new errors.ResponseError({
        body: parsed,
        statusCode: status,
        headers: {},
        warnings: null,
        meta: {} as never,
      });
    return parsed;
  }
}

export type Resolver = (params: MockParams) => unknown;

/**
 * The mock plus `intercept(method, path, fn)`: an exact route answered by `fn` instead of the engine
 * (the mock's own router would file it under the catch-all, so the bridge keeps these itself).
 */
export function forwardingMock(target: string): {
  mock: Mock;
  intercept(method: string, path: string, fn: Resolver): void;
} {
  const mock = new Mock();
  const intercepts = new Map<string, Resolver>();
  const resolve = (params: MockParams) =>
    (intercepts.get(`${params.method} ${params.path}`) ?? ((p: MockParams) => forward(target, p)))(params);
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'])
    mock.add({ method, path: ['/', '/*'] }, resolve as never);
  return { mock, intercept: (method, path, fn) => void intercepts.set(`${method} ${path}`, fn) };
}
