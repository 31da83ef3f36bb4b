// Drop filters against a real Postgres: versioned edits, audit entries, bad queries refused, and a
// change made on one process reaching another process's matcher through the bus.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/drizzle.ts';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.ts';
import type { Identity } from '../auth/permissions.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { InProcessBus } from '../realtime/in-process-bus.ts';
import { DropFilterConflict, DropFilterError, DropFilters } from './drop-filters.ts';

const log = pino({ level: 'silent' });
const admin: Identity = {
  kind: 'user',
  id: '00000000-0000-4000-8000-000000000001',
  name: 'root@example.org',
  role: 'admin',
  ingestOnly: false,
};
const event = (details: Record<string, unknown>): PicketEvent => ({
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
  details,
});

let db: TestDatabase;
let orm: ReturnType<typeof createDb>;
beforeAll(async () => {
  db = await createTestDatabase();
  orm = createDb(db.pool);
});
afterAll(() => db?.drop());

describe('DropFilters', () => {
  it('ships MozDef’s ELB case; create, edit (versioned), delete are audited and reach the other process', async () => {
    const bus = new InProcessBus();
    const web = new DropFilters(log);
    const worker = new DropFilters(log);
    await web.start({ db: orm, bus });
    await worker.start({ db: orm, bus });
    expect((await web.list()).map((f) => f.query)).toEqual(['details.http_user_agent:"ELB-HealthChecker/1.0"']);
    expect(worker.set.matches(event({ http_user_agent: 'ELB-HealthChecker/1.0' }))).toBeDefined();

    const f = await web.create({ name: 'noise', query: 'details.noise:yes', enabled: true }, admin);
    await expect.poll(() => worker.set.matches(event({ noise: 'yes' }))).toBe(f.id);

    const off = await web.update(f.id, { name: 'noise', query: 'details.noise:yes', enabled: false }, f.version, admin);
    expect(off.version).toBe(f.version + 1);
    await expect.poll(() => worker.set.matches(event({ noise: 'yes' }))).toBeUndefined();
    // Someone else's edit in between: refused with the current record, nothing lost.
    const stale = await web
      .update(f.id, { name: 'x', query: '*', enabled: true }, f.version, admin)
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(DropFilterConflict);
    expect((stale as DropFilterConflict).current).toMatchObject({
      name: 'noise',
      enabled: false,
      version: off.version,
    });

    await expect(web.create({ name: 'bad', query: 'details.x:(', enabled: true }, admin)).rejects.toBeInstanceOf(
      DropFilterError,
    );
    await web.remove(f.id, off.version, admin);
    expect((await web.list()).map((x) => x.name)).not.toContain('noise');

    const { rows } = await db.pool.query<{ action: string; diff: unknown }>(
      `SELECT action, diff FROM audit_log WHERE target_type = 'dropFilter' AND target_id = $1 ORDER BY id`,
      [f.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['dropFilter.create', 'dropFilter.update', 'dropFilter.remove']);
    expect(rows[1].diff).toEqual({ enabled: [true, false] });
    web.stop();
    worker.stop();
    await bus.close();
  });
});
