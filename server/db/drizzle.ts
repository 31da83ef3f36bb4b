import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { schema } from '../../db/schema.ts';
import './pg-types.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A database handle or an open transaction: services take either, so callers choose the transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export function createDb(pool: pg.Pool): Db {
  return drizzle(pool, { schema });
}
