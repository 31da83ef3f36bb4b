import { getTableConfig } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/test-db.ts';
import { schema } from './schema.ts';

// Drizzle's SQL type names → Postgres' udt_name.
const UDT: Record<string, string> = {
  'text[]': '_text',
  'timestamp with time zone': 'timestamptz',
  bigserial: 'int8',
  boolean: 'bool',
  integer: 'int4',
  bigint: 'int8',
  'uuid[]': '_uuid',
};

// Migrations are the source of truth; this keeps the typed schema honest about them.
describe('drizzle schema matches the migrated database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  for (const table of Object.values(schema)) {
    const cfg = getTableConfig(table);
    it(`${cfg.name}: same columns, types and nullability`, async () => {
      const { rows } = await db.pool.query<{ column_name: string; udt_name: string; is_nullable: string }>(
        `SELECT column_name, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [cfg.name],
      );
      const actual = rows.map((r) => [r.column_name, r.udt_name, r.is_nullable === 'NO']);
      const expected = cfg.columns
        .map((c) => [c.name, UDT[c.getSQLType()] ?? c.getSQLType(), c.notNull])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(actual).toEqual(expected);
    });
  }
});
