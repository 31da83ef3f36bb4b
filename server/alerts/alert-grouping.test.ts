// The alert writer's grouping against a real Postgres: crossings of a grouping rule are absorbed into
// the group's open alert (one notification), duplicates count nothing, concurrent writers never open
// two alerts, and the bounds (events, age, severity) start a new alert.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.ts';
import { createDb, type Db } from '../db/drizzle.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { compileRule, type CompiledRule } from './compiled-rule.ts';
import { writeAlerts, type AlertToWrite } from './alert-writer.ts';
import { groupingOf, parseRuleDefinition } from './rule-definition.ts';

let t: TestDatabase;
let db: Db;
let channelId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  db = createDb(t.pool);
  channelId = (
    await t.pool.query<{ id: string }>(
      `INSERT INTO notification_channels (name, kind) VALUES ('soc', 'webhook') RETURNING id`,
    )
  ).rows[0].id;
});
afterAll(() => t?.drop());

async function rule(extra: Record<string, unknown>, version = 1, id?: string): Promise<CompiledRule> {
  const parsed = parseRuleDefinition({
    name: 'ssh',
    type: 'threshold',
    query: '*',
    groupBy: ['details.ip'],
    threshold: 10,
    window: '2m',
    category: 'bruteforce',
    summary: '{count} by {details.ip}',
    ...extra,
  });
  if (!parsed.ok) throw new Error(parsed.message);
  const ruleId = id ?? crypto.randomUUID();
  if (!id) {
    await t.pool.query(
      `INSERT INTO rules (id, name, type, definition, owner, severity, category, summary) VALUES ($1, 'ssh', 'threshold', $2, 'test', 'NOTICE', 'bruteforce', 's')`,
      [ruleId, JSON.stringify(parsed.rule)],
    );
  }
  return compileRule(ruleId, version, parsed.rule);
}

const T0 = Date.parse('2026-11-20T10:00:00Z');
function crossing(r: CompiledRule, ip: string, at: number, n = 10): AlertToWrite {
  const events: PicketEvent[] = Array.from({ length: n }, (_, i) => {
    const ts = new Date(at + i * 1000).toISOString();
    return {
      id: crypto.randomUUID(),
      utctimestamp: ts,
      receivedtimestamp: ts,
      category: 'authentication',
      source: 's',
      hostname: 'h',
      processname: 'sshd',
      processid: '1',
      severity: 'INFO',
      summary: 'x',
      tags: [],
      details: { ip },
    };
  });
  return {
    rule: r,
    firing: { groupKey: ip, events, at: at + (n - 1) * 1000 },
    suppressUntil: null,
    raisedAt: new Date(),
  };
}

async function alertRows(ruleId: string) {
  const { rows } = await t.pool.query(
    `SELECT a.id, a.occurrences, a.event_count, a.last_seen, a.absorbing, a.status, a.version, a.group_key,
            (SELECT count(*)::int FROM alert_events e WHERE e.alert_id = a.id) AS links,
            (SELECT count(*)::int FROM notification_outbox o WHERE o.alert_id = a.id) AS notifications
     FROM alerts a WHERE rule_id = $1 ORDER BY utctimestamp, id`,
    [ruleId],
  );
  return rows as Array<{
    id: string;
    occurrences: number;
    event_count: number;
    last_seen: string;
    absorbing: boolean;
    version: number;
    group_key: string;
    links: number;
    notifications: number;
  }>;
}

describe('grouping in the rule definition', () => {
  it('fills defaults, is refused on rules without crossings, and is on for shipped threshold rules', () => {
    const p = parseRuleDefinition({
      name: 'r',
      type: 'threshold',
      threshold: 2,
      window: '1m',
      category: 'c',
      summary: 's',
      grouping: {},
    });
    expect(p.ok && groupingOf(p.rule)).toEqual({ enabled: true, renotifyAfter: '24h', maxEvents: 10_000 });
    const off = parseRuleDefinition({
      name: 'r',
      type: 'threshold',
      threshold: 2,
      window: '1m',
      category: 'c',
      summary: 's',
      grouping: { enabled: false },
    });
    expect(off.ok && groupingOf(off.rule)).toBeNull();
    const match = parseRuleDefinition({
      name: 'r',
      type: 'match',
      category: 'c',
      summary: 's',
      grouping: { enabled: true },
    });
    expect(match.ok ? 'ok' : match.message).toContain('grouping');
    const none = parseRuleDefinition({
      name: 'r',
      type: 'threshold',
      threshold: 2,
      window: '1m',
      category: 'c',
      summary: 's',
    });
    expect(none.ok && groupingOf(none.rule)).toBeNull();
    const ssh = CATALOGUE.find((c) => c.key === 'mozdef.bruteforce_ssh')!;
    expect(groupingOf(ssh.rule)).toMatchObject({ enabled: true });
    for (const c of CATALOGUE)
      if (c.rule.type === 'threshold' || c.rule.type === 'cardinality')
        expect(groupingOf(c.rule), c.key).not.toBeNull();
  });
});

describe('writing grouped crossings', () => {
  it('absorbs four crossings into one alert with one notification; a second key gets its own', async () => {
    const r = await rule({ grouping: { enabled: true }, notify: [channelId] });
    const versions: Array<[string, number, boolean]> = [];
    for (let i = 0; i < 4; i++) {
      for (const w of await writeAlerts(db, [crossing(r, '203.0.113.5', T0 + i * 180_000)]))
        versions.push([w.id, w.version, w.absorbed]);
    }
    const [a] = await alertRows(r.id);
    expect(await alertRows(r.id)).toHaveLength(1);
    expect(a).toMatchObject({
      occurrences: 4,
      event_count: 40,
      links: 40,
      notifications: 1,
      absorbing: true,
      version: 4,
    });
    expect(new Date(a.last_seen).toISOString()).toBe(new Date(T0 + 3 * 180_000 + 9000).toISOString());
    // Every absorb is announced with the alert's new version.
    expect(versions).toEqual([
      [a.id, 1, false],
      [a.id, 2, true],
      [a.id, 3, true],
      [a.id, 4, true],
    ]);
    await writeAlerts(db, [crossing(r, '198.51.100.9', T0)]);
    const both = await alertRows(r.id);
    expect(both.map((x) => [x.group_key, x.occurrences, x.notifications])).toEqual([
      ['203.0.113.5', 4, 1],
      ['198.51.100.9', 1, 1],
    ]);
    const audit = await t.pool.query(
      `SELECT action, count(*)::int AS n FROM audit_log WHERE target_id IN ($1, $2) GROUP BY action ORDER BY action`,
      [a.id, both[1].id],
    );
    expect(audit.rows).toEqual([
      { action: 'alert.absorb', n: 3 },
      { action: 'alert.create', n: 2 },
    ]);
  });

  it('absorbs two crossings of one group in one batch, and counts a crossing written twice once', async () => {
    const r = await rule({ grouping: { enabled: true } });
    const first = crossing(r, '192.0.2.1', T0);
    const written = await writeAlerts(db, [first, crossing(r, '192.0.2.1', T0 + 200_000)]);
    expect(written.map((w) => w.absorbed)).toEqual([false, true]);
    // The same events again (a redelivered batch, a restart racing a write): nothing changes.
    expect(await writeAlerts(db, [first])).toEqual([]);
    expect(await alertRows(r.id)).toMatchObject([{ occurrences: 2, event_count: 20, links: 20 }]);
  });

  it('never opens two alerts for one group when writers race', async () => {
    const r = await rule({ grouping: { enabled: true } });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => writeAlerts(db, [crossing(r, '192.0.2.77', T0 + i * 60_000)])),
    );
    expect(await alertRows(r.id)).toMatchObject([{ occurrences: 5, event_count: 50, links: 50, absorbing: true }]);
  });

  it('starts a new alert when the open one would exceed maxEvents, or the crossing is more severe', async () => {
    const r = await rule({ grouping: { enabled: true, maxEvents: 20 } });
    for (let i = 0; i < 3; i++) await writeAlerts(db, [crossing(r, '192.0.2.8', T0 + i * 180_000)]);
    expect((await alertRows(r.id)).map((x) => [x.occurrences, x.event_count, x.absorbing])).toEqual([
      [2, 20, false],
      [1, 10, true],
    ]);
    // The rule edited to a higher severity: its next crossing is news, not a repeat.
    const louder = await rule({ grouping: { enabled: true, maxEvents: 20 }, severity: 'CRITICAL' }, 2, r.id);
    await writeAlerts(db, [crossing(louder, '192.0.2.8', T0 + 600_000)]);
    expect((await alertRows(r.id)).map((x) => [x.occurrences, x.absorbing])).toEqual([
      [2, false],
      [1, false],
      [1, true],
    ]);
  });

  it('starts a new alert once the open one is older than renotifyAfter', async () => {
    const r = await rule({ grouping: { enabled: true, renotifyAfter: '1h' } });
    const first = crossing(r, '192.0.2.9', T0);
    first.raisedAt = new Date(Date.now() - 2 * 3_600_000);
    await writeAlerts(db, [first]);
    await writeAlerts(db, [crossing(r, '192.0.2.9', T0 + 180_000)]);
    expect((await alertRows(r.id)).map((x) => [x.occurrences, x.absorbing])).toEqual([
      [1, false],
      [1, true],
    ]);
  });

  it('raises an alert per crossing when the rule does not group (MozDef)', async () => {
    const r = await rule({});
    for (let i = 0; i < 3; i++) await writeAlerts(db, [crossing(r, '192.0.2.10', T0 + i * 180_000)]);
    expect((await alertRows(r.id)).map((x) => [x.occurrences, x.absorbing])).toEqual([
      [1, false],
      [1, false],
      [1, false],
    ]);
  });
});
