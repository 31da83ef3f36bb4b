// The search engines the store suites run against: the real OpenSearch node the tests start, any
// cluster named by OPENSEARCH_URL / ELASTICSEARCH_URL, and the Elasticsearch client speaking
// through @elastic/elasticsearch-mock to that node. Each open() gets its own index namespace.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import { externalUrls, missingTools, requireOpenSearch, startOpenSearchNode, type OpenSearchNode } from '../../../test/opensearch-node.ts';
import type { RetryPolicy } from './bulk-writer.ts';
import type { EngineClient } from './engine-client.ts';
import { OpenSearchEngineClient } from './opensearch-client.ts';
import { SearchEngineEventStore } from './search-engine-event-store.ts';
import type { PicketEvent } from '../../ingest/event.ts';

export interface OpenOptions {
  retry?: RetryPolicy;
  deadLetter?: (e: PicketEvent, error: string) => Promise<void>;
}

export interface EngineTarget {
  name: string;
  skip: false;
  open(log: Logger, opts?: OpenOptions): Promise<{ store: SearchEngineEventStore; client: EngineClient; done: () => Promise<void> }>;
}

export type MaybeTarget = EngineTarget | { name: string; skip: true };

let node: Promise<OpenSearchNode> | undefined;
let users = 0;

/** One node per test file, started on first use and stopped when the last user is done. */
async function acquireNode(): Promise<string> {
  users++;
  node ??= startOpenSearchNode();
  return (await node).url;
}

async function releaseNode(): Promise<void> {
  if (--users > 0 || !node) return;
  const n = node;
  node = undefined;
  await (await n).stop();
}

function namespace(): string {
  return `t${randomBytes(5).toString('hex')}-`;
}

async function openWith(client: EngineClient, log: Logger, opts: OpenOptions, release: () => Promise<void>) {
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
    done: async () => {
      await client.deleteIndex(store.names.pattern).catch(() => undefined);
      await client.deleteIndexTemplate(store.names.template).catch(() => undefined);
      await client.close();
      await release();
    },
  };
}

export function engineTargets(): MaybeTarget[] {
  const targets: MaybeTarget[] = [];
  const missing = missingTools();
  if (missing && requireOpenSearch) throw new Error(`PICKET_REQUIRE_OPENSEARCH is set but the OpenSearch test node cannot run: ${missing}`);
  if (missing) {
    console.warn(`SKIPPED: search-engine store suites on the OpenSearch test node: ${missing}`);
    targets.push({ name: 'OpenSearch test node', skip: true });
  } else {
    targets.push({
      name: 'OpenSearch test node',
      skip: false,
      async open(log, opts = {}) {
        const url = await acquireNode();
        return openWith(new OpenSearchEngineClient(url, { requestTimeoutMs: 60_000 }), log, opts, releaseNode);
      },
    });
  }
  const os = externalUrls.opensearch;
  if (os) {
    targets.push({
      name: `OpenSearch at OPENSEARCH_URL`,
      skip: false,
      open: (log, opts = {}) => openWith(new OpenSearchEngineClient(os, { requestTimeoutMs: 60_000 }), log, opts, async () => undefined),
    });
  }
  return targets;
}
