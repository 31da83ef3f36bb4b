// @mentions in case Markdown. A handle is the email local part (`@ana` for ana@example.org) or,
// when several active users share that local part, the whole address (`@ana@corp.example`), so a
// handle always names one person. Pure functions: the server parses on write, the browser
// highlights with the same pattern.

/**
 * `@` not preceded by a word character, dot, plus, minus or another `@` (so the middle of an email
 * address `bob@example.org` is not a mention), then a local part and optionally `@domain`.
 */
export const MENTION = /(?<![\w@.+-])@([a-z0-9](?:[a-z0-9._+-]*[a-z0-9_+-])?(?:@[a-z0-9-]+(?:\.[a-z0-9-]+)+)?)/gi;

/** Code is quoted text, not an address: `@root` in a log line pasted as code mentions nobody. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?(^\1[^\n]*$|$(?![\s\S]))/gm, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** Distinct handles mentioned in `text`, lower-cased, in order of first appearance. */
export function parseMentions(text: string): string[] {
  const seen = new Set<string>();
  for (const m of withoutCode(text).matchAll(MENTION)) seen.add(m[1].toLowerCase());
  return [...seen];
}

/** Handles in `text` that `previous` did not already have: an edit notifies only those. */
export function addedMentions(text: string, previous: string | null | undefined): string[] {
  const before = new Set(parseMentions(previous ?? ''));
  return parseMentions(text).filter((h) => !before.has(h));
}

/** Text pieces and mention pieces of one run of plain text (no code), for highlighting. */
export function splitMentions(text: string): Array<string | { handle: string; raw: string }> {
  const out: Array<string | { handle: string; raw: string }> = [];
  let at = 0;
  for (const m of text.matchAll(MENTION)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    out.push({ handle: m[1].toLowerCase(), raw: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** About `max` characters of plain text around the first mention of `handle`, whitespace collapsed. */
export function excerptAround(text: string, handle: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const i = flat.toLowerCase().indexOf(`@${handle}`);
  if (flat.length <= max) return flat;
  const start = Math.max(0, Math.min(i < 0 ? 0 : i - Math.floor(max / 3), flat.length - max));
  return `${start > 0 ? '…' : ''}${flat.slice(start, start + max).trim()}${start + max < flat.length ? '…' : ''}`;
}

/** The handle of each user: local part when unique among `users`, else the full (lower-case) email. */
export function handlesFor<T extends { email: string }>(users: T[]): Array<T & { handle: string }> {
  const count = new Map<string, number>();
  for (const u of users) {
    const local = u.email.toLowerCase().split('@')[0];
    count.set(local, (count.get(local) ?? 0) + 1);
  }
  return users.map((u) => {
    const email = u.email.toLowerCase();
    const local = email.split('@')[0];
    return { ...u, handle: count.get(local) === 1 ? local : email };
  });
}
