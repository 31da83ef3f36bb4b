import crypto from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { Identity } from '../auth/permissions.ts';
import type { SequencedChange } from './bus.ts';
import { InProcessBus } from './in-process-bus.ts';
import { InProcessPresenceStore } from './in-process-presence-store.ts';
import { Presence, PRESENCE_TOPIC } from './presence.ts';
import { caseTopicOfPage, roomViewers } from './presence-room.ts';
import type { PresenceEntry } from './presence-store.ts';
import { RedisBus } from './redis-bus.ts';
import { RedisPresenceStore } from './redis-presence-store.ts';

const redisUrl = inject('redisUrl') || undefined;
const CASE = '6f1c1f7e-8a4b-4c1e-9d0e-1a2b3c4d5e6f';
const OTHER = '0b7d7a54-3f0e-4a57-8f8e-9b9f1c2d3e4f';

function person(id: string, name: string): Identity {
  return { kind: 'user', id, name, role: 'analyst' } as Identity;
}
const ana = person('u-ana', 'ana@example.org');
const bob = person('u-bob', 'bob@example.org');

describe('presence rooms', () => {
  it('maps case pages (and only those) to case topics', () => {
    expect(caseTopicOfPage(`/incidents/${CASE}`)).toBe(`case:${CASE}`);
    expect(caseTopicOfPage(`/investigations/${CASE}/`)).toBe(`case:${CASE}`);
    expect(caseTopicOfPage('/incidents')).toBeNull();
    expect(caseTopicOfPage('/alerts/1')).toBeNull();
    expect(caseTopicOfPage('/incidents/a b')).toBeNull();
    expect(caseTopicOfPage(null)).toBeNull();
  });

  it('lists each person once, with the most specific fresh activity of their tabs', () => {
    const now = Date.parse('2026-01-01T10:00:10Z');
    const e = (
      connectionId: string,
      who: Identity,
      lastSeen: string,
      activity: PresenceEntry['activity'] = null,
    ): PresenceEntry => ({
      connectionId,
      identity: { kind: who.kind, id: who.id, name: who.name, role: who.role },
      page: `/incidents/${CASE}`,
      activity,
      lastSeen,
      version: 1,
    });
    const viewers = roomViewers(
      [
        e('a1', ana, '2026-01-01T10:00:09Z'),
        e('a2', ana, '2026-01-01T10:00:08Z', { what: 'Timeline', at: '2026-01-01T10:00:08Z' }),
        e('a3', ana, '2026-01-01T10:00:07Z', { what: 'Summary', at: '2026-01-01T10:00:07Z' }),
        // Typed long ago: over, so bob is just viewing.
        e('b1', bob, '2026-01-01T09:59:00Z', { what: 'Tasks', at: '2026-01-01T09:59:00Z' }),
      ],
      now,
    );
    expect(viewers).toEqual([
      {
        identity: { kind: 'user', id: 'u-ana', name: 'ana@example.org', role: 'analyst' },
        activity: { kind: 'typing', what: 'Timeline', at: '2026-01-01T10:00:08Z' },
        tabs: 3,
        lastSeen: '2026-01-01T10:00:09Z',
      },
      {
        identity: { kind: 'user', id: 'u-bob', name: 'bob@example.org', role: 'analyst' },
        activity: { kind: 'viewing' },
        tabs: 1,
        lastSeen: '2026-01-01T09:59:00Z',
      },
    ]);
  });
});

describe('Presence (in-process)', () => {
  let bus: InProcessBus;
  let presence: Presence;
  afterEach(async () => {
    await presence?.close();
    await bus?.close();
  });

  it('keeps the online list and case rooms, follows page moves, and announces each topic that changed', async () => {
    bus = new InProcessBus();
    presence = new Presence(bus, new InProcessPresenceStore());
    const seen: SequencedChange[] = [];
    bus.subscribe(PRESENCE_TOPIC, (c) => seen.push(c));
    await presence.join('c1', ana);
    await presence.join('c2', ana);
    await presence.join('c3', bob);
    expect((await presence.list()).map((e) => e.connectionId).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(seen.map((c) => c.id)).toEqual(['online', 'online', 'online']);

    await presence.setPage('c1', `/incidents/${CASE}`);
    await presence.setPage('c2', `/incidents/${CASE}`);
    await presence.setPage('c3', `/incidents/${CASE}`);
    expect(
      seen
        .slice(3)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['case:' + CASE, 'case:' + CASE, 'case:' + CASE, 'online', 'online', 'online']);
    expect(await presence.setActivity('c2', 'Timeline')).toBe(true);
    const room = await presence.room(CASE);
    expect(room.map((v) => [v.identity.name, v.tabs, v.activity.kind])).toEqual([
      ['ana@example.org', 2, 'typing'],
      ['bob@example.org', 1, 'viewing'],
    ]);

    // Bob moves to another case: he leaves this room and enters that one.
    seen.length = 0;
    await presence.setPage('c3', `/investigations/${OTHER}`);
    expect(seen.map((c) => c.id).sort()).toEqual(['case:' + CASE, 'case:' + OTHER, 'online'].sort());
    expect((await presence.room(CASE)).map((v) => v.identity.name)).toEqual(['ana@example.org']);
    expect((await presence.room(OTHER)).map((v) => v.identity.name)).toEqual(['bob@example.org']);

    // A closed socket leaves every topic at once.
    seen.length = 0;
    await presence.leave('c3');
    expect(seen.map((c) => c.id).sort()).toEqual(['case:' + OTHER, 'online']);
    expect(await presence.room(OTHER)).toEqual([]);
    expect(await presence.setPage('c3', '/')).toBe(false);
    expect(await presence.setActivity('c3', 'x')).toBe(false);
  });

  it('keeps its entries alive by heartbeat well past the TTL', async () => {
    bus = new InProcessBus();
    presence = new Presence(bus, new InProcessPresenceStore(), { ttlMs: 300, heartbeatMs: 60, sweepMs: 30 });
    await presence.join('c1', ana);
    await presence.setPage('c1', `/incidents/${CASE}`);
    await new Promise((r) => setTimeout(r, 900));
    expect((await presence.list()).map((e) => e.connectionId)).toEqual(['c1']);
    expect(await presence.room(CASE)).toHaveLength(1);
  });
});

describe.runIf(redisUrl)('Presence across processes (Redis store and bus)', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close().catch(() => undefined);
  });

  async function instance(prefix: string, ttlMs: number) {
    const bus = await RedisBus.connect({ url: redisUrl!, prefix: `${prefix}:bus` });
    const store = await RedisPresenceStore.connect({ url: redisUrl!, prefix: `${prefix}:presence` });
    const presence = new Presence(bus, store, { ttlMs, heartbeatMs: ttlMs / 3, sweepMs: 50, onError: () => undefined });
    open.push(bus, presence);
    return { bus, store, presence };
  }

  it("shows each process's people to the other, and drops a dead process's people within the TTL", async () => {
    const prefix = `picket-test:${crypto.randomUUID()}`;
    const a = await instance(prefix, 600);
    const b = await instance(prefix, 600);
    const onA: string[] = [];
    a.bus.subscribe(PRESENCE_TOPIC, (c) => onA.push(c.id));
    await a.presence.join('a1', ana);
    await b.presence.join('b1', bob);
    await a.presence.setPage('a1', `/incidents/${CASE}`);
    await b.presence.setPage('b1', `/incidents/${CASE}`);
    for (const p of [a.presence, b.presence]) {
      expect((await p.list()).map((e) => e.identity.name).sort()).toEqual(['ana@example.org', 'bob@example.org']);
      expect((await p.room(CASE)).map((v) => v.identity.name)).toEqual(['ana@example.org', 'bob@example.org']);
    }
    await expect.poll(() => onA.filter((id) => id === `case:${CASE}`).length).toBeGreaterThanOrEqual(2);

    // Still there after several TTLs: heartbeats keep them.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await a.presence.room(CASE)).map((v) => v.identity.name)).toEqual(['ana@example.org', 'bob@example.org']);

    // B dies: its Redis connection goes, nothing is removed, no more heartbeats.
    await b.store.close();
    const died = Date.now();
    onA.length = 0;
    await expect
      .poll(async () => (await a.presence.room(CASE)).map((v) => v.identity.name), { timeout: 3000, interval: 50 })
      .toEqual(['ana@example.org']);
    expect(Date.now() - died).toBeLessThan(600 + 400);
    // A swept them and told its clients which topics changed.
    await expect.poll(() => [...new Set(onA)].sort()).toEqual([`case:${CASE}`, 'online']);
    expect((await a.presence.list()).map((e) => e.identity.name)).toEqual(['ana@example.org']);
  });
});
