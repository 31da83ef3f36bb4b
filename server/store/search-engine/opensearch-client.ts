// The only file importing @opensearch-project/opensearch.
import { Client, errors } from '@opensearch-project/opensearch';
import { bulkItems, EngineRequestError, type Engine, type EngineClient, type SearchResponse } from './engine-client.ts';

function wrap(err: unknown): Error {
  if (err instanceof errors.ResponseError) {
    const body = err.meta?.body as
      | { error?: { type?: string; reason?: string; root_cause?: Array<{ reason?: string }> } }
      | undefined;
    const reason = body?.error?.root_cause?.[0]?.reason ?? body?.error?.reason ?? err.message;
    return new EngineRequestError(`opensearch: ${reason}`, err.meta?.statusCode ?? undefined, body?.error?.type);
  }
  if (err instanceof errors.OpenSearchClientError)
    return new EngineRequestError(`opensearch: ${err.message}`, undefined, err.name);
  return err as Error;
}

export class OpenSearchEngineClient implements EngineClient {
  readonly engine = 'opensearch' as const;
  private readonly client: Client;

  constructor(url: string, opts: { requestTimeoutMs: number }) {
    this.client = new Client({ node: url, requestTimeout: opts.requestTimeoutMs, maxRetries: 0 });
  }

  async info(): Promise<{ distribution: Engine; version: string }> {
    try {
      const { body } = await this.client.info();
      const v = body.version as { distribution?: string; number: string };
      return { distribution: v.distribution === 'opensearch' ? 'opensearch' : 'elasticsearch', version: v.number };
    } catch (err) {
      throw wrap(err);
    }
  }

  async putIndexTemplate(name: string, body: Record<string, unknown>): Promise<void> {
    try {
      await this.client.indices.putIndexTemplate({ name, body: body as never });
    } catch (err) {
      throw wrap(err);
    }
  }

  async bulk(operations: Array<Record<string, unknown>>, refresh: 'wait_for' | false) {
    try {
      const { body } = await this.client.bulk({ body: operations as never, refresh });
      return bulkItems(body as never);
    } catch (err) {
      throw wrap(err);
    }
  }

  async search(index: string, body: Record<string, unknown>): Promise<SearchResponse> {
    try {
      const res = await this.client.search({
        index,
        body: body as never,
        ignore_unavailable: true,
        allow_no_indices: true,
      });
      return res.body as unknown as SearchResponse;
    } catch (err) {
      throw wrap(err);
    }
  }

  async indices(pattern: string): Promise<string[]> {
    try {
      const { body } = await this.client.cat.indices({
        index: pattern,
        format: 'json',
        h: 'index',
        expand_wildcards: 'all',
      } as never);
      return (body as unknown as Array<{ index: string }>).map((r) => r.index);
    } catch (err) {
      const e = wrap(err);
      if (e instanceof EngineRequestError && e.status === 404) return [];
      throw e;
    }
  }

  async deleteIndex(name: string): Promise<void> {
    try {
      await this.client.indices.delete({ index: name, ignore_unavailable: true });
    } catch (err) {
      throw wrap(err);
    }
  }

  async deleteIndexTemplate(name: string): Promise<void> {
    try {
      await this.client.indices.deleteIndexTemplate({ name });
    } catch (err) {
      throw wrap(err);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
