import type { PresenceEntry, PresenceKey, PresenceStore, StoredPresence, TopicChange } from './presence-store.ts';

interface Slot {
  entry: PresenceEntry;
  expiresAt: number;
}

/** One process (embedded mode): maps in memory, same expiry rules as the Redis store. */
export class InProcessPresenceStore implements PresenceStore {
  readonly kind = 'in-process';
  private readonly topics = new Map<string, Map<string, Slot>>();
  private readonly versions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async put(topic: string, entry: PresenceEntry, ttlMs: number): Promise<TopicChange> {
    let slots = this.topics.get(topic);
    if (!slots) this.topics.set(topic, (slots = new Map<string, Slot>()));
    slots.set(entry.connectionId, { entry: copy(entry), expiresAt: this.now() + ttlMs });
    return this.bump(topic);
  }

  async remove(topic: string, connectionId: string): Promise<TopicChange | null> {
    const slots = this.topics.get(topic);
    if (!slots?.delete(connectionId)) return null;
    if (slots.size === 0) this.topics.delete(topic);
    return this.bump(topic);
  }

  async touch(keys: readonly PresenceKey[], ttlMs: number): Promise<PresenceKey[]> {
    const now = this.now();
    const missing: PresenceKey[] = [];
    for (const k of keys) {
      const slot = this.topics.get(k.topic)?.get(k.connectionId);
      // An expired entry counts as gone even before a sweep, as in Redis.
      if (slot && slot.expiresAt > now) slot.expiresAt = now + ttlMs;
      else missing.push({ topic: k.topic, connectionId: k.connectionId });
    }
    return missing;
  }

  async list(topic: string): Promise<StoredPresence[]> {
    const now = this.now();
    return [...(this.topics.get(topic)?.values() ?? [])]
      .filter((s) => s.expiresAt > now)
      .map((s) => ({ ...copy(s.entry), expiresAt: new Date(s.expiresAt).toISOString() }));
  }

  async sweep(): Promise<TopicChange[]> {
    const now = this.now();
    const changed: TopicChange[] = [];
    for (const [topic, slots] of this.topics) {
      let lost = false;
      for (const [id, s] of slots) if (s.expiresAt <= now && slots.delete(id)) lost = true;
      if (slots.size === 0) this.topics.delete(topic);
      if (lost) changed.push(this.bump(topic));
    }
    return changed;
  }

  async close(): Promise<void> {
    this.topics.clear();
  }

  private bump(topic: string): TopicChange {
    const version = (this.versions.get(topic) ?? 0) + 1;
    this.versions.set(topic, version);
    return { topic, version };
  }
}

function copy(e: PresenceEntry): PresenceEntry {
  return { ...e, identity: { ...e.identity }, activity: e.activity && { ...e.activity } };
}
