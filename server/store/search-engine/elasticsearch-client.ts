// The only file importing @elastic/elasticsearch. The client checks that the server is
// Elasticsearch (it refuses OpenSearch), which is why OpenSearch has its own adapter.
import { Client, errors } from '@elastic/elasticsearch';

type ClientOptions = NonNullable<ConstructorParameters<typeof Client>[0]>;
import { bulkItems, EngineRequestError, type Engine, type EngineClient, type SearchResponse } from './engine-client.ts';

function wrap(err: unknown): Error {
  if (err instanceof errors.ResponseError) {
    const body = err.meta?.body as
      | { error?: { type?: string; reason?: string; root_cause?: Array<{ reason?: string }> } }
      | undefined;
    const reason = body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason ?? err.message;
    return new EngineRequestError(`elasticsearch: ${reason}`, err.meta?.statusCode ?? undefined, body?.error?.type);
  }
  if (err instanceof errors.ElasticsearchClientError)
    return new EngineRequestError(`elasticsearch: ${err.message}`, undefined, err.name);
  return err as Error;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw wrap(err);
  }
}

export class ElasticsearchEngineClient implements EngineClient {
  readonly engine = 'elasticsearch' as const;
  private readonly client: Client;

  /** `connection`: a transport Connection class, for the tests' @elastic/elasticsearch-mock. */
  constructor(url: string, opts: { requestTimeoutMs: number; connection?: unknown }) {
    const options: ClientOptions = { node: url, requestTimeout: opts.requestTimeoutMs, maxRetries: 0 };
    if (opts.connection) options.Connection = opts.connection as ClientOptions['Connection'];
    this.client = new Client(options);
  }

  async info(): Promise<{ distribution: Engine; version: string }> {
    const body = await call(() => this.client.info());
    const v = body.version as { distribution?: string; number: string };
    return { distribution: v.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch', version: v.number };
  }

  async putIndexTemplate(name: string, body: Record<string, unknown>): Promise<void> {
    await call(() => this.client.indices.putIndexTemplate({ name, ...(body as object) }));
  }

  async bulk(operations: Array<Record<string, unknown>>, refresh: 'wait_for' | false) {
    const body = await call(() => this.client.bulk({ operations: operations as never, refresh }));
    return bulkItems(body as never);
  }

  async search(index: string, body: Record<string, unknown>): Promise<SearchResponse> {
    const res = await call(() =>
      this.client.search({ index, ignore_unavailable: true, allow_no_indices: true, ...(body as object) }),
    );
    return res as unknown as SearchResponse;
  }

  async indices(pattern: string): Promise<string[]> {
    try {
      const rows = await call(() =>
        this.client.cat.indices({ index: pattern, format: 'json', h: 'index', expand_wildcards: 'all' }),
      );
      return (rows as unknown as Array<{ index: string }>).map((r) => r.index);
    } catch (err) {
      if (err instanceof EngineRequestError && err.status === 404) return [];
      throw err;
    }
  }

  async deleteIndex(name: string): Promise<void> {
    await call(() => this.client.indices.delete({ index: name, ignore_unavailable: true }));
  }

  async deleteIndexTemplate(name: string): Promise<void> {
    await call(() => this.client.indices.deleteIndexTemplate({ name }));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
