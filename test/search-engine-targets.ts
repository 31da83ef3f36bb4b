// The search engines the store suites run against: the real OpenSearch node the tests start, any
// cluster named by OPENSEARCH_URL / ELASTICSEARCH_URL, and the Elasticsearch client speaking
// through @elastic/elasticsearch-mock to that node. Each open() gets its own index namespace.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../server/logger.ts';
import {
  externalUrls,
  missingTools,
  requireOpenSearch,
  startOpenSearchNode,
  type OpenSearchNode,
} from './opensearch-node.ts';
import type { RetryPolicy } from '../server/store/search-engine/bulk-writer.ts';
import type { EngineClient } from '../server/store/search-engine/engine-client.ts';
import { ElasticsearchEngineClient } from '../server/store/search-engine/elasticsearch-client.ts';
import { forwardingMock } from './elasticsearch-mock-bridge.ts';
import { OpenSearchEngineClient } from '../server/store/search-engine/opensearch-client.ts';
import { SearchEngineEventStore } from '../server/store/search-engine/search-engine-event-store.ts';
import type { PicketEvent } from '../server/ingest/event.ts';

export interface OpenOptions {
  retry?: RetryPolicy;
  deadLetter?: (e: PicketEvent, error: string) => Promise<void>;
}

export interface EngineTarget {
  name: string;
  skip: false;
  /** Through the Elasticsearch client and its mock (canned answers can be added to `mock`). */
  viaMock?: boolean;
  open(
    log: Logger,
    opts?: OpenOptions,
  ): Promise<{
    store: SearchEngineEventStore;
    client: EngineClient;
    url: string;
    bridge?: ReturnType<typeof forwardingMock>;
    done: () => Promise<void>;
  }>;
}

export type MaybeTarget = EngineTarget | { name: string; skip: true };

let node: Promise<OpenSearchNode> | undefined;
let users = 0;
let stopTimer: NodeJS.Timeout | undefined;
// Tests open and close stores one after another: keep the node for the next one a moment. If the
// worker exits first, the launcher sees its stdin close and stops by itself.
const LINGER_MS = 3000;

/** One node per test file, started on first use and stopped shortly after the last user is done. */
export async function acquireNode(): Promise<string> {
  users++;
  clearTimeout(stopTimer);
  node ??= startOpenSearchNode();
  return (await node).url;
}

export async function releaseNode(): Promise<void> {
  if (--users > 0 || !node) return;
  const n = node;
  stopTimer = setTimeout(() => {
    if (users > 0 || node !== n) return;
    node = undefined;
    void n.then((x) => x.stop());
  }, LINGER_MS);
}

function namespace(): string {
  return `t${randomBytes(5).toString('hex')}-`;
}

async function openWith(
  client: EngineClient,
  url: string,
  log: Logger,
  opts: OpenOptions,
  release: () => Promise<void>,
) {
  const deadLettered: Array<{ event: PicketEvent; error: string }> = [];
  const store = new SearchEngineEventStore(client, log, {
    namespace: namespace(),
    queryTimeoutMs: 30_000,
    retry: opts.retry,
    deadLetter: opts.deadLetter ?? (async (event, error) => void deadLettered.push({ event, error })),
  });
  await store.ensureSetup();
  return {
    store,
    client,
    url,
    done: async () => {
      await client.deleteIndex(store.names.pattern).catch(() => undefined);
      await client.deleteIndexTemplate(store.names.template).catch(() => undefined);
      // The mock's connection has no close(); nothing is left open there.
      await client.close().catch(() => undefined);
      await release();
    },
  };
}

export function engineTargets(): MaybeTarget[] {
  const targets: MaybeTarget[] = [];
  const missing = missingTools();
  if (missing && requireOpenSearch)
    throw new Error(`PICKET_REQUIRE_OPENSEARCH is set but the OpenSearch test node cannot run: ${missing}`);
  if (missing) {
    console.warn(`SKIPPED: search-engine store suites on the OpenSearch test node: ${missing}`);
    targets.push({ name: 'OpenSearch test node', skip: true });
  } else {
    targets.push({
      name: 'OpenSearch test node',
      skip: false,
      async open(log, opts = {}) {
        const url = await acquireNode();
        return openWith(new OpenSearchEngineClient(url, { requestTimeoutMs: 60_000 }), url, log, opts, releaseNode);
      },
    });
    targets.push({
      name: 'Elasticsearch client via elasticsearch-mock, forwarding to the OpenSearch test node',
      skip: false,
      viaMock: true,
      async open(log, opts = {}) {
        const url = await acquireNode();
        const bridge = forwardingMock(url);
        const client = new ElasticsearchEngineClient('http://elasticsearch.invalid:9200', {
          requestTimeoutMs: 60_000,
          connection: bridge.mock.getConnection(),
        });
        return { ...(await openWith(client, url, log, opts, releaseNode)), bridge };
      },
    });
  }
  const os = externalUrls.opensearch;
  if (os) {
    targets.push({
      name: `OpenSearch at OPENSEARCH_URL`,
      skip: false,
      open: (log, opts = {}) =>
        openWith(new OpenSearchEngineClient(os, { requestTimeoutMs: 60_000 }), os, log, opts, async () => undefined),
    });
  }
  const es = externalUrls.elasticsearch;
  if (es) {
    targets.push({
      name: `Elasticsearch at ELASTICSEARCH_URL`,
      skip: false,
      open: (log, opts = {}) =>
        openWith(new ElasticsearchEngineClient(es, { requestTimeoutMs: 60_000 }), es, log, opts, async () => undefined),
    });
  }
  return targets;
}
