import type { PresenceEntry } from '@/server/realtime/presence';
import { NAV } from '@/components/shell/nav-config';

export interface OnlinePerson {
  key: string;
  name: string;
  role: string;
  initials: string;
  /** Pages of this person's open tabs, most recently reported first, without repeats. */
  pages: string[];
}

/**
 * Presence lists sockets; people are what the shell shows: one entry per user (or token), with
 * the pages of all their tabs. `self` is left out; "who else is here" is the question.
 */
export function onlinePeople(entries: readonly PresenceEntry[], self: { kind: string; id: string }): OnlinePerson[] {
  const people = new Map<string, OnlinePerson & { seen: string }>();
  const byRecent = [...entries].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  for (const e of byRecent) {
    if (e.identity.kind === self.kind && e.identity.id === self.id) continue;
    const key = `${e.identity.kind}:${e.identity.id}`;
    const person = people.get(key) ?? {
      key,
      name: e.identity.name,
      role: e.identity.role,
      initials: initials(e.identity.name),
      pages: [],
      seen: e.lastSeen,
    };
    if (e.page && !person.pages.includes(e.page)) person.pages.push(e.page);
    people.set(key, person);
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ seen: _seen, ...p }) => p);
}

/** "ana.analyst@example.org" → "AA", "Bob Smith" → "BS", "root" → "RO". */
export function initials(name: string): string {
  const local = name.includes('@') ? name.slice(0, name.indexOf('@')) : name;
  const words = local.split(/[\s._\-+]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = words.length >= 2 ? [words[0], words[1]].map((w) => [...w][0]) : [...(words[0] ?? '?')].slice(0, 2);
  return letters.join('').toUpperCase();
}

/** "Incidents · /incidents/12" style label: the nav's name for the section, and the exact path. */
export function pageLabel(page: string | undefined): string {
  if (!page) return 'just arrived';
  const section = [...NAV]
    .sort((a, b) => b.href.length - a.href.length)
    .find((n) => (n.href === '/' ? page === '/' : page === n.href || page.startsWith(n.href + '/')));
  return section ? (section.href === page ? section.label : `${section.label} · ${page}`) : page;
}
