import type { PresenceEntry } from './presence-store.ts';

/** Presence topic of every connection (the shell's "who is online, where"). */
export const ONLINE_TOPIC = 'online';

/** Case ids are UUIDs; this also keeps topics free of separators the stores rely on. */
export const CASE_ID = /^[A-Za-z0-9-]{1,64}$/;
const CASE_PAGE = /^\/(?:incidents|investigations)\/([A-Za-z0-9-]{1,64})(?:[/?#]|$)/;

/** A typing report older than this is over (the client re-sends while typing continues). */
export const TYPING_FRESH_MS = 6000;

export function caseTopic(caseId: string): string {
  return `case:${caseId}`;
}

/** The case room a page shows, as a presence topic; null for every other page. */
export function caseTopicOfPage(page: string | null): string | null {
  const m = page ? CASE_PAGE.exec(page) : null;
  return m ? caseTopic(m[1]) : null;
}

/** One person in a case room, however many tabs they have open there. */
export interface RoomViewer {
  identity: PresenceEntry['identity'];
  /** The most specific thing they do there across their tabs: typing (fresh) beats viewing. */
  activity: { kind: 'typing'; what: string; at: string } | { kind: 'viewing' };
  /** Open sockets (tabs) of this person in the room. */
  tabs: number;
  lastSeen: string;
}

/** Socket entries → one viewer per user (or token), sorted by name. */
export function roomViewers(entries: readonly PresenceEntry[], now = Date.now()): RoomViewer[] {
  const people = new Map<string, RoomViewer>();
  for (const e of entries) {
    const key = `${e.identity.kind}:${e.identity.id}`;
    const typing =
      e.activity && now - Date.parse(e.activity.at) < TYPING_FRESH_MS
        ? { kind: 'typing' as const, what: e.activity.what, at: e.activity.at }
        : null;
    const seen = people.get(key);
    if (!seen) {
      people.set(key, {
        identity: { ...e.identity },
        activity: typing ?? { kind: 'viewing' },
        tabs: 1,
        lastSeen: e.lastSeen,
      });
      continue;
    }
    seen.tabs++;
    // The newest tab has the current name and role (a rename or role change reaches it first).
    if (e.lastSeen > seen.lastSeen) [seen.identity, seen.lastSeen] = [{ ...e.identity }, e.lastSeen];
    if (typing && (seen.activity.kind === 'viewing' || typing.at > seen.activity.at)) seen.activity = typing;
  }
  return [...people.values()].sort((a, b) => a.identity.name.localeCompare(b.identity.name));
}
