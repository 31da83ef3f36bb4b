// What Admin → Plugins shows in queue mode: every process's own report (a worker's failures too),
// this process first, and nothing from a process that stopped reporting.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.ts';
import { createDb } from '../db/drizzle.ts';
import { DropFilters } from '../drop-filters/drop-filters.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { allProcesses } from './enrichment-admin.ts';
import { PluginHost } from './plugin-host.ts';
import { PluginStatusStore } from './plugin-status-store.ts';

const log = pino({ level: 'silent' });
const thrower = {
  name: 'thrower',
  priority: 1,
  registration: ['*'],
  onEvent: (): PicketEvent => {
    throw new Error('worker-side failure');
  },
};
const event: PicketEvent = {
  id: 'e',
  utctimestamp: '2026-01-01T00:00:00.000Z',
  receivedtimestamp: '2026-01-01T00:00:00.000Z',
  category: 'UNKNOWN',
  source: 'UNKNOWN',
  hostname: 'h',
  processname: 'UNKNOWN',
  processid: 'UNKNOWN',
  severity: 'INFO',
  summary: 's',
  tags: [],
  details: {},
};

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('plugin status across processes', () => {
  it('lists each reporting process, this one first, with a worker’s errors; a silent process drops out', async () => {
    const orm = createDb(db.pool);
    const store = new PluginStatusStore(orm);
    const web = new PluginHost({ builtIns: [], dir: null, log, label: 'web1 pid 1 (web)' });
    const worker = new PluginHost({ builtIns: [thrower], dir: null, log, label: 'work1 pid 2 (worker)' });
    const gone = new PluginHost({ builtIns: [], dir: null, log, label: 'old pid 3 (worker)' });
    await Promise.all([web.load(), worker.load(), gone.load()]);
    worker.enricher.enrich([event]);
    await store.report(worker.status());
    await store.report(gone.status());
    await db.pool.query(`UPDATE plugin_status SET reported_at = now() - interval '5 minutes' WHERE process_id = $1`, [
      gone.processId,
    ]);

    const all = await allProcesses({ host: web, statusStore: store, dropFilters: new DropFilters(log) });
    expect(all.map((p) => p.label)).toEqual(['web1 pid 1 (web)', 'work1 pid 2 (worker)']);
    expect(all[1].plugins[0]).toMatchObject({
      name: 'thrower',
      calls: 1,
      errors: 1,
      failing: true,
      lastError: { message: 'worker-side failure' },
    });

    await store.stop(worker.processId);
    expect(
      (await allProcesses({ host: web, statusStore: store, dropFilters: new DropFilters(log) })).map((p) => p.label),
    ).toEqual(['web1 pid 1 (web)']);
  });
});
