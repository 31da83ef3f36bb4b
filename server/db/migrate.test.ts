import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.ts';
import { migrate } from './migrate.ts';

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('are applied once and are idempotent on restart', async () => {
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    const { rows } = await db.pool.query('SELECT name FROM picket_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('0001_events.sql');
  });

  it('make the audit log append-only', async () => {
    await db.pool.query(`INSERT INTO audit_log (actor, actor_type, action) VALUES ('t', 'system', 'test.write')`);
    await expect(db.pool.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
