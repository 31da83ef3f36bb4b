import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-db.ts';
import { sql } from 'drizzle-orm';
import { DatabaseHealth } from './database-health.ts';
import { createDb } from './drizzle.ts';
import { outageKind } from './pg-errors.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
  return { log, lines, msgs: () => lines.map((l) => String(l.msg)) };
}

describe('DatabaseHealth', async () => {
  const tdb = await createTestDatabase({ migrate: false });
  // Nothing listens on port 1: a real refused connection, as when Postgres is down.
  const down = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'test', max: 1 });
  down.on('error', () => undefined);
  afterAll(async () => {
    await down.end();
    await tdb.drop();
  });
  const refused = await down.query('SELECT 1').catch((e: Error) => e);

  it('logs an outage once when it starts and once when it ends, with the refusals counted', async () => {
    const { log, msgs, lines } = capture();
    let reachable = false;
    const health = new DatabaseHealth({
      log,
      probe: () => (reachable ? tdb.pool : down).query('SELECT 1'),
      probeMs: 50,
    });
    try {
      for (let i = 0; i < 200; i++) expect(health.refuse(refused)).toBe('unreachable');
      expect(health.snapshot()).toMatchObject({ state: 'unreachable', refused: 200 });
      // Still down at the next probes: nothing more is logged.
      await new Promise((r) => setTimeout(r, 200));
      expect(msgs()).toEqual(['postgres unavailable']);
      expect(lines[0].reason).toMatch(/ECONNREFUSED/);
      expect(JSON.stringify(lines[0])).not.toContain('    at ');

      reachable = true;
      await expect.poll(() => health.snapshot().state).toBe('ok');
      expect(msgs()).toEqual([
        'postgres unavailable',
        expect.stringMatching(/^postgres back after [\d.]+s, refused 200 requests$/),
      ]);
      expect(lines[1]).toMatchObject({ refused: 200, was: 'unreachable' });
      expect(health.snapshot()).toEqual({ state: 'ok', since: null, refused: 0 });
    } finally {
      health.close();
    }
  });

  it('logs the driver error a query builder wrapped, not the whole statement', async () => {
    const { log, lines } = capture();
    const health = new DatabaseHealth({ log, probe: () => down.query('SELECT 1') });
    const wrapped = await createDb(down)
      .execute(sql`SELECT ${'a parameter'} AS value FROM pg_class`)
      .then(
        () => new Error('the query should have failed'),
        (e: Error) => e,
      );
    expect(wrapped.message).toContain('pg_class');
    expect(health.absorb(wrapped)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0].reason).toMatch(/ECONNREFUSED/);
    expect(String(lines[0].reason)).not.toContain('pg_class');
    health.close();
  });

  it('leaves errors that are no outage to the caller', async () => {
    const { log, lines } = capture();
    const health = new DatabaseHealth({ log, probe: () => tdb.pool.query('SELECT 1') });
    const syntax = await tdb.pool.query('SELEC 1').catch((e: Error) => e);
    const constraint = await tdb.pool.query('SELECT 1/0').catch((e: Error) => e);
    expect(health.absorb(syntax)).toBe(false);
    expect(health.refuse(constraint)).toBeUndefined();
    expect(health.snapshot().state).toBe('ok');
    expect(lines).toEqual([]);
    health.close();
  });

  it('a full disk ends with the next successful write, not with a probe that only reads', async () => {
    const { log, msgs } = capture();
    const health = new DatabaseHealth({ log, probe: () => tdb.pool.query('SELECT 1'), probeMs: 20 });
    // SQLSTATE 53100 as Postgres sends it when it cannot extend a file (the fault suite produces the real one).
    const diskFull = Object.assign(new Error('could not extend file "base/5/17109": No space left on device'), {
      code: '53100',
    });
    expect(outageKind(diskFull)).toBe('disk full');
    expect(health.refuse(diskFull)).toBe('disk full');
    await new Promise((r) => setTimeout(r, 100));
    expect(health.snapshot().state).toBe('disk full');
    health.wrote();
    expect(health.snapshot().state).toBe('ok');
    expect(msgs()).toEqual([
      'postgres disk full: writes refused',
      expect.stringMatching(/^postgres back after [\d.]+s, refused 1 request$/),
    ]);
    health.close();
  });
});
