import { afterEach, describe, expect, it } from 'vitest';
import { type Bus, type FollowItem, type SequencedChange, followTopic } from './bus.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

async function eventually(check: () => void, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await tick();
    }
  }
}

/** One contract, run against every Bus implementation (in-process now, Redis later). */
export function busContract(name: string, make: (opts: { window: number }) => Promise<Bus>): void {
  describe(`Bus contract: ${name}`, () => {
    let bus: Bus | undefined;
    afterEach(async () => {
      await bus?.close();
      bus = undefined;
    });

    it('delivers each change to every subscriber of its topic, in order, with increasing seq', async () => {
      bus = await make({ window: 100 });
      const a: SequencedChange[] = [];
      const b: SequencedChange[] = [];
      bus.subscribe('incidents', (c) => a.push(c));
      bus.subscribe('incidents', (c) => b.push(c));
      for (let i = 1; i <= 5; i++) await bus.publish({ topic: 'incidents', id: `i${i}`, version: i });
      await eventually(() => expect(a).toHaveLength(5));
      await eventually(() => expect(b).toHaveLength(5));
      expect(a.map((c) => c.id)).toEqual(['i1', 'i2', 'i3', 'i4', 'i5']);
      expect(a[0]).toMatchObject({ topic: 'incidents', id: 'i1', version: 1 });
      for (let i = 1; i < a.length; i++) expect(a[i].seq).toBeGreaterThan(a[i - 1].seq);
      expect(b.map((c) => c.seq)).toEqual(a.map((c) => c.seq));
    });

    it('keeps topics isolated', async () => {
      bus = await make({ window: 100 });
      const incidents: string[] = [];
      const alerts: string[] = [];
      bus.subscribe('incidents', (c) => incidents.push(c.id));
      bus.subscribe('alerts', (c) => alerts.push(c.id));
      await bus.publish({ topic: 'alerts', id: 'a1', version: 1 });
      await bus.publish({ topic: 'incidents', id: 'i1', version: 1 });
      await bus.publish({ topic: 'watchlist', id: 'w1', version: 1 });
      await eventually(() => expect(incidents).toEqual(['i1']));
      await eventually(() => expect(alerts).toEqual(['a1']));
      const since = await bus.since('alerts', 0);
      expect(since.kind === 'ok' && since.changes.map((c) => c.id)).toEqual(['a1']);
    });

    it('stops delivering after unsubscribe, leaving other subscribers alone', async () => {
      bus = await make({ window: 100 });
      const gone: string[] = [];
      const stays: string[] = [];
      const off = bus.subscribe('presence', (c) => gone.push(c.id));
      bus.subscribe('presence', (c) => stays.push(c.id));
      await bus.publish({ topic: 'presence', id: 'p1', version: 1 });
      await eventually(() => expect(gone).toEqual(['p1']));
      off();
      off(); // idempotent
      await bus.publish({ topic: 'presence', id: 'p2', version: 1 });
      await eventually(() => expect(stays).toEqual(['p1', 'p2']));
      expect(gone).toEqual(['p1']);
    });

    it('returns exactly the changes after a seq (resume), and none when up to date', async () => {
      bus = await make({ window: 100 });
      const seen: SequencedChange[] = [];
      bus.subscribe('incidents', (c) => seen.push(c));
      for (let i = 1; i <= 6; i++) await bus.publish({ topic: 'incidents', id: `i${i}`, version: 1 });
      await eventually(() => expect(seen).toHaveLength(6));
      const r = await bus.since('incidents', seen[2].seq);
      expect(r.kind).toBe('ok');
      if (r.kind === 'ok') expect(r.changes).toEqual(seen.slice(3));
      const none = await bus.since('incidents', seen[5].seq);
      expect(none).toEqual({ kind: 'ok', changes: [] });
      expect(await bus.since('never-used', 0)).toEqual({ kind: 'ok', changes: [] });
    });

    it('signals resync when the seq fell out of the window or is from the future', async () => {
      bus = await make({ window: 3 });
      const seen: SequencedChange[] = [];
      bus.subscribe('alerts', (c) => seen.push(c));
      for (let i = 1; i <= 10; i++) await bus.publish({ topic: 'alerts', id: `a${i}`, version: 1 });
      await eventually(() => expect(seen).toHaveLength(10));
      const head = seen[9].seq;
      expect(await bus.since('alerts', seen[0].seq)).toEqual({ kind: 'resync', head });
      // The oldest still-buffered change is reachable from the seq just before it.
      const edge = await bus.since('alerts', seen[6].seq);
      expect(edge.kind === 'ok' && edge.changes.map((c) => c.id)).toEqual(['a8', 'a9', 'a10']);
      expect(await bus.since('alerts', head + 5)).toEqual({ kind: 'resync', head });
    });

    it('followTopic replays what was missed, then continues live without gaps or duplicates', async () => {
      bus = await make({ window: 100 });
      for (let i = 1; i <= 3; i++) await bus.publish({ topic: 'incidents', id: `i${i}`, version: 1 });
      const first = await bus.since('incidents', 0);
      const cursor = first.kind === 'ok' ? first.changes[0].seq : -1;
      const ac = new AbortController();
      const got: FollowItem[] = [];
      const done = (async () => {
        for await (const item of followTopic(bus!, 'incidents', cursor, ac.signal)) got.push(item);
      })();
      await bus.publish({ topic: 'incidents', id: 'i4', version: 1 });
      await eventually(() => expect(got).toHaveLength(3));
      ac.abort();
      await done;
      expect(got.map((g) => (g.kind === 'change' ? g.change.id : 'resync'))).toEqual(['i2', 'i3', 'i4']);
    });

    it('followTopic answers a stale cursor with one resync at the head, then live changes', async () => {
      bus = await make({ window: 2 });
      for (let i = 1; i <= 5; i++) await bus.publish({ topic: 'alerts', id: `a${i}`, version: 1 });
      const ac = new AbortController();
      const got: FollowItem[] = [];
      const done = (async () => {
        for await (const item of followTopic(bus!, 'alerts', 1, ac.signal)) got.push(item);
      })();
      await eventually(() => expect(got).toHaveLength(1));
      await bus.publish({ topic: 'alerts', id: 'a6', version: 1 });
      await eventually(() => expect(got).toHaveLength(2));
      ac.abort();
      await done;
      expect(got[0]).toMatchObject({ kind: 'resync' });
      expect(got[1]).toMatchObject({ kind: 'change', change: { id: 'a6' } });
      if (got[0].kind === 'resync' && got[1].kind === 'change') expect(got[1].change.seq).toBe(got[0].head + 1);
    });
  });
}
