// Presence storage seam (like bus.ts): in-process for one process, Redis when several web
// processes serve the same users. The store only keeps entries and their expiry; the Presence
// service (presence.ts) owns connections, heartbeats and publishing changes on the bus.
import type { Identity } from '../auth/permissions.ts';

/** How long an entry lives without a heartbeat: a crashed process's people vanish after this. */
export const PRESENCE_TTL_MS = 30_000;

/** One socket's presence in one topic ("online" for the whole app, "case:<id>" for a case room). */
export interface PresenceEntry {
  /** One entry per open socket: the same person in two tabs is two entries. */
  connectionId: string;
  identity: { kind: Identity['kind']; id: string; name: string; role: Identity['role'] };
  /** Path of the page the client last reported; null until it reports one. */
  page: string | null;
  /** What the person is doing on that page ("Timeline" while typing a note) and since when; null when nothing. */
  activity?: { what: string; at: string } | null;
  lastSeen: string;
  /** Per connection, grows with every change the owning process makes. */
  version: number;
}

/** An entry as read back: with the time it lapses unless its process heartbeats again. */
export interface StoredPresence extends PresenceEntry {
  expiresAt: string;
}

export interface PresenceKey {
  topic: string;
  connectionId: string;
}

/** A topic whose entries changed, with its new version (grows per topic; for the bus message). */
export interface TopicChange {
  topic: string;
  version: number;
}

export interface PresenceStore {
  readonly kind: 'in-process' | 'redis';
  /** Creates or replaces the entry of (topic, entry.connectionId), alive for ttlMs from now. */
  put(topic: string, entry: PresenceEntry, ttlMs: number): Promise<TopicChange>;
  /** Removes it at once; null when it was not there (already removed or expired). */
  remove(topic: string, connectionId: string): Promise<TopicChange | null>;
  /**
   * Heartbeat: extends each existing entry by ttlMs from now. Returns the keys that were no longer
   * there (swept after a stall, or the store lost its data), so the owner can write them again.
   */
  touch(keys: readonly PresenceKey[], ttlMs: number): Promise<PresenceKey[]>;
  /** The live (unexpired) entries of one topic, in no particular order. */
  list(topic: string): Promise<StoredPresence[]>;
  /** Deletes expired entries of every topic; returns each topic that lost some. Any process may call it. */
  sweep(): Promise<TopicChange[]>;
  close(): Promise<void>;
}
