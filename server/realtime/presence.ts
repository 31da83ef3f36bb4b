import type { Identity } from '../auth/permissions.ts';
import type { Bus } from './bus.ts';
import { InProcessPresenceStore } from './in-process-presence-store.ts';
import { caseTopic, caseTopicOfPage, ONLINE_TOPIC, roomViewers, type RoomViewer } from './presence-room.ts';
import {
  PRESENCE_TTL_MS,
  type PresenceEntry,
  type PresenceKey,
  type PresenceStore,
  type StoredPresence,
  type TopicChange,
} from './presence-store.ts';

export type { PresenceEntry } from './presence-store.ts';

/** Bus topic of presence changes; the change's id is the presence topic ("online", "case:<id>"). */
export const PRESENCE_TOPIC = 'presence';

export interface PresenceOptions {
  /** Entries lapse this long after their last heartbeat (a crashed process's people vanish). */
  ttlMs?: number;
  /** How often this process refreshes its own entries; a third of the TTL by default. */
  heartbeatMs?: number;
  /** How often this process removes anyone's lapsed entries and announces it. */
  sweepMs?: number;
  onError?: (err: unknown) => void;
}

interface Connection {
  entry: PresenceEntry;
  /** The case room its page shows, if any: the connection has an entry there too. */
  caseTopic: string | null;
  /** Store writes of one connection run in order, so a late write never resurrects a removed entry. */
  chain: Promise<void>;
}

/**
 * Who is online and where, and who is in which case room. Ephemeral by design: never audited,
 * gone when the socket closes. Each socket has an entry in the "online" topic and, on a case page,
 * in that case's topic; the store (in-process, or Redis across processes) keeps them with an
 * expiry this process refreshes by heartbeat. Every change is published on the bus as
 * (presence, <presence topic>, version), so every process's clients refetch that list rather than
 * receive other people's details over the bus.
 */
export class Presence {
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Set<Promise<void>>();
  private readonly ttlMs: number;
  private readonly timers: NodeJS.Timeout[];
  private closed = false;
  private beating = false;
  private sweeping = false;

  constructor(
    private readonly bus: Bus,
    private readonly store: PresenceStore = new InProcessPresenceStore(),
    private readonly opts: PresenceOptions = {},
  ) {
    this.ttlMs = opts.ttlMs ?? PRESENCE_TTL_MS;
    const heartbeatMs = opts.heartbeatMs ?? Math.floor(this.ttlMs / 3);
    this.timers = [
      setInterval(() => void this.heartbeat(), heartbeatMs),
      setInterval(() => void this.sweep(), opts.sweepMs ?? Math.max(100, Math.floor(heartbeatMs / 4))),
    ];
    for (const t of this.timers) t.unref();
  }

  get storeKind(): PresenceStore['kind'] {
    return this.store.kind;
  }

  async join(connectionId: string, identity: Identity): Promise<void> {
    const { kind, id, name, role } = identity;
    const c: Connection = {
      entry: {
        connectionId,
        identity: { kind, id, name, role },
        page: null,
        activity: null,
        lastSeen: new Date().toISOString(),
        version: 1,
      },
      caseTopic: null,
      chain: Promise.resolve(),
    };
    this.connections.set(connectionId, c);
    await this.enqueue(c, () => this.write(c));
  }

  /** False when the connection is unknown (already closed). */
  async setPage(connectionId: string, page: string): Promise<boolean> {
    const c = this.connections.get(connectionId);
    if (!c) return false;
    this.update(c, { page, activity: null });
    const before = c.caseTopic;
    c.caseTopic = caseTopicOfPage(page);
    await this.enqueue(c, async () => {
      if (before && before !== c.caseTopic) await this.announce(await this.store.remove(before, connectionId));
      await this.write(c);
    });
    return true;
  }

  /** "Typing in Timeline": set (throttled by the client) while typing; readers treat old ones as over. */
  async setActivity(connectionId: string, what: string | null): Promise<boolean> {
    const c = this.connections.get(connectionId);
    if (!c) return false;
    this.update(c, { activity: what ? { what, at: new Date().toISOString() } : null });
    await this.enqueue(c, () => this.write(c));
    return true;
  }

  async leave(connectionId: string): Promise<void> {
    const c = this.connections.get(connectionId);
    if (!c) return;
    this.connections.delete(connectionId);
    await this.enqueue(c, async () => {
      const removed = await Promise.all(this.topicsOf(c).map((t) => this.store.remove(t, connectionId)));
      await Promise.all(removed.map((r) => this.announce(r)));
    });
  }

  /** Everyone connected to any process, one entry per socket, with the page each reported. */
  list(): Promise<StoredPresence[]> {
    return this.store.list(ONLINE_TOPIC);
  }

  /** Who is in one case room, once per person, with the most specific thing they do there. */
  async room(caseId: string): Promise<RoomViewer[]> {
    return roomViewers(await this.store.list(caseTopic(caseId)));
  }

  /** Removes this process's entries at once (a clean shutdown is not a crash), then closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    for (const t of this.timers) clearInterval(t);
    await Promise.allSettled([...this.connections.keys()].map((id) => this.leave(id)));
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    await this.store.close();
  }

  private update(c: Connection, change: Partial<PresenceEntry>): void {
    c.entry = { ...c.entry, ...change, lastSeen: new Date().toISOString(), version: c.entry.version + 1 };
  }

  private topicsOf(c: Connection): string[] {
    return c.caseTopic ? [ONLINE_TOPIC, c.caseTopic] : [ONLINE_TOPIC];
  }

  /** Writes the connection's current state to each of its topics (run through its chain). */
  private async write(c: Connection): Promise<void> {
    const written = await Promise.all(this.topicsOf(c).map((t) => this.store.put(t, c.entry, this.ttlMs)));
    await Promise.all(written.map((w) => this.announce(w)));
  }

  private enqueue(c: Connection, op: () => Promise<void>): Promise<void> {
    if (this.closed) return Promise.resolve();
    const run = c.chain.then(op);
    c.chain = run.catch(() => undefined);
    const tracked = c.chain;
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
    return run;
  }

  private async announce(change: TopicChange | null): Promise<void> {
    if (change) await this.bus.publish({ topic: PRESENCE_TOPIC, id: change.topic, version: change.version });
  }

  /** Extends this process's entries; writes again any that were swept meanwhile (a stall, or Redis lost them). */
  private async heartbeat(): Promise<void> {
    if (this.beating || this.closed) return;
    this.beating = true;
    try {
      const keys: PresenceKey[] = [...this.connections.values()].flatMap((c) =>
        this.topicsOf(c).map((topic) => ({ topic, connectionId: c.entry.connectionId })),
      );
      const missing = await this.store.touch(keys, this.ttlMs);
      const again = new Set(missing.map((k) => k.connectionId));
      await Promise.all(
        [...again].map((id) => {
          const c = this.connections.get(id);
          // Skipped when it left meanwhile: its removal is already queued.
          return c ? this.enqueue(c, () => (this.connections.has(id) ? this.write(c) : Promise.resolve())) : undefined;
        }),
      );
    } catch (err) {
      this.opts.onError?.(err);
    } finally {
      this.beating = false;
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    try {
      for (const change of await this.store.sweep()) await this.announce(change);
    } catch (err) {
      this.opts.onError?.(err);
    } finally {
      this.sweeping = false;
    }
  }
}
