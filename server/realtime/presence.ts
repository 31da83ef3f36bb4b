import type { Identity } from '../auth/permissions.ts';
import type { Bus } from './bus.ts';

export const PRESENCE_TOPIC = 'presence';

export interface PresenceEntry {
  /** One entry per open socket: the same person in two tabs is two entries. */
  connectionId: string;
  identity: { kind: Identity['kind']; id: string; name: string; role: Identity['role'] };
  /** Path of the page the client last reported; null until it reports one. */
  page: string | null;
  /** What the person is doing on that page ("Timeline" while typing a note) and since when; null when nothing. */
  activity?: { what: string; at: string } | null;
  lastSeen: string;
  version: number;
}

/**
 * Who is online and where. Ephemeral by design: kept in memory, gone when the socket closes,
 * never audited. Every change is published on the bus as (presence, connectionId, version),
 * so clients refetch the list rather than receive other people's details over the bus.
 */
export class Presence {
  private readonly entries = new Map<string, PresenceEntry>();
  // Versions survive a leave so a re-used id never goes backwards (ids are random; this is cheap insurance).
  private readonly versions = new Map<string, number>();

  constructor(private readonly bus: Bus) {}

  async join(connectionId: string, identity: Identity): Promise<void> {
    const { kind, id, name, role } = identity;
    this.entries.set(connectionId, { connectionId, identity: { kind, id, name, role }, page: null, activity: null, lastSeen: new Date().toISOString(), version: this.bump(connectionId) });
    await this.publish(connectionId);
  }

  /** False when the connection is unknown (already closed). */
  async setPage(connectionId: string, page: string): Promise<boolean> {
    const e = this.entries.get(connectionId);
    if (!e) return false;
    e.page = page;
    e.activity = null;
    e.lastSeen = new Date().toISOString();
    e.version = this.bump(connectionId);
    await this.publish(connectionId);
    return true;
  }

  /** "Typing in Timeline": set (throttled by the client) while typing; readers treat old ones as over. */
  async setActivity(connectionId: string, what: string | null): Promise<boolean> {
    const e = this.entries.get(connectionId);
    if (!e) return false;
    const now = new Date().toISOString();
    e.activity = what ? { what, at: now } : null;
    e.lastSeen = now;
    e.version = this.bump(connectionId);
    await this.publish(connectionId);
    return true;
  }

  async leave(connectionId: string): Promise<void> {
    if (!this.entries.delete(connectionId)) return;
    this.bump(connectionId);
    await this.publish(connectionId);
    this.versions.delete(connectionId);
  }

  list(): PresenceEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e, identity: { ...e.identity }, activity: e.activity && { ...e.activity } }));
  }

  private bump(connectionId: string): number {
    const v = (this.versions.get(connectionId) ?? 0) + 1;
    this.versions.set(connectionId, v);
    return v;
  }

  private publish(connectionId: string): Promise<void> {
    return this.bus.publish({ topic: PRESENCE_TOPIC, id: connectionId, version: this.versions.get(connectionId) ?? 0 });
  }
}
