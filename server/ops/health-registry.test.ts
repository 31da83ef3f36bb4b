import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { HealthRegistry } from './health-registry.ts';
import { postgresProbe, RedisProbe } from './probes.ts';
import { freePort as closedPort } from '../../test/free-port.ts';

const redisUrl = inject('redisUrl');

describe('HealthRegistry', () => {
  it('reports a probe that never answers as down after its time limit, and does not start it again while it hangs', async () => {
    const h = new HealthRegistry({ maxAgeMs: 0 });
    let started = 0;
    h.register(
      'hung',
      () => {
        started++;
        return new Promise(() => undefined);
      },
      { critical: true, timeoutMs: 50 },
    );
    const t0 = performance.now();
    const first = await h.check();
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(first.status).toBe('degraded');
    expect(first.dependencies.hung).toMatchObject({ status: 'down', critical: true, latencyMs: null, lastOkAt: null });
    expect(first.dependencies.hung.lastError?.message).toMatch(/no answer within 50 ms/);
    const second = await h.check();
    expect(second.dependencies.hung.lastError?.message).toMatch(/started earlier/);
    expect(started).toBe(1);
  });

  it('keeps the last error after recovery; a non-critical dependency down leaves the process ok', async () => {
    const h = new HealthRegistry({ maxAgeMs: 0 });
    let fail = true;
    h.register(
      'flaky',
      async () => {
        if (fail) throw new Error('connection refused');
      },
      { critical: false },
    );
    const down = await h.check();
    expect(down.status).toBe('ok');
    expect(down.dependencies.flaky.status).toBe('down');
    expect(typeof down.dependencies.flaky.latencyMs).toBe('number');
    fail = false;
    const up = await h.check();
    expect(up.dependencies.flaky.status).toBe('ok');
    expect(up.dependencies.flaky.lastOkAt).not.toBeNull();
    expect(up.dependencies.flaky.lastError).toEqual({
      at: down.dependencies.flaky.checkedAt,
      message: 'connection refused',
    });
  });

  it('a degraded outcome counts against a critical dependency, with its message and details', async () => {
    const h = new HealthRegistry({ maxAgeMs: 0 });
    h.register(
      'cache',
      async () => ({ status: 'degraded', message: 'no persistence', details: { appendonly: false } }),
      { critical: true },
    );
    const r = await h.check();
    expect(r.status).toBe('degraded');
    expect(r.dependencies.cache).toMatchObject({
      status: 'degraded',
      details: { appendonly: false },
      lastError: { message: 'no persistence' },
    });
  });

  it('serves concurrent and recent callers from one round of probes', async () => {
    const h = new HealthRegistry({ maxAgeMs: 60_000 });
    let runs = 0;
    h.register(
      'db',
      async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 20));
      },
      { critical: true },
    );
    const [a, b] = await Promise.all([h.check(), h.check()]);
    await h.check();
    expect(runs).toBe(1);
    expect(a).toBe(b);
    // Registering another dependency invalidates the cached answer.
    h.register('other', async () => undefined, { critical: false });
    expect(Object.keys((await h.check()).dependencies).sort()).toEqual(['db', 'other']);
    expect(runs).toBe(2);
  });
});

describe('dependency probes', () => {
  const pools: pg.Pool[] = [];
  const probes: RedisProbe[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await Promise.all(probes.map((p) => p.close()));
  });

  it('postgres: a real server answers; an unreachable one is down with the connection error', async () => {
    const good = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const bad = new pg.Pool({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/none`, max: 1 });
    pools.push(good, bad);
    const h = new HealthRegistry({ maxAgeMs: 0 });
    h.register('postgres', postgresProbe(good), { critical: true });
    h.register('postgres-elsewhere', postgresProbe(bad), { critical: true });
    const r = await h.check();
    expect(r.dependencies.postgres.status).toBe('ok');
    expect(r.dependencies.postgres.latencyMs).toBeGreaterThan(0);
    expect(r.dependencies['postgres-elsewhere'].status).toBe('down');
    expect(r.dependencies['postgres-elsewhere'].lastError?.message).toMatch(/ECONNREFUSED/);
  });

  it('redis: an unreachable server is down at once with the connection error', async () => {
    const probe = new RedisProbe(`redis://127.0.0.1:${await closedPort()}`);
    probes.push(probe);
    const h = new HealthRegistry({ maxAgeMs: 0 });
    h.register('redis', probe.probe, { critical: false, timeoutMs: 3000 });
    const first = await h.check();
    expect(first.dependencies.redis.status).toBe('down');
    expect(first.dependencies.redis.lastError?.message).toMatch(/ECONNREFUSED/);
    // Later checks, while ioredis keeps reconnecting in the background, fail fast too.
    const second = await h.check();
    expect(second.dependencies.redis.status).toBe('down');
    expect(second.dependencies.redis.latencyMs).toBeLessThan(1000);
    expect(second.dependencies.redis.lastError?.message).toMatch(/ECONNREFUSED/);
  });

  it.runIf(redisUrl)('redis: a real server answers and says whether appendonly is on', async () => {
    const probe = new RedisProbe(redisUrl);
    probes.push(probe);
    const h = new HealthRegistry({ maxAgeMs: 0 });
    h.register('redis', probe.probe, { critical: false });
    const r = await h.check();
    expect(r.dependencies.redis.status).toBe('ok');
    expect(typeof r.dependencies.redis.details?.appendonly).toBe('boolean');
  });
});
