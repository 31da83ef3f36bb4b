// Where the caret is inside an "@…" being typed, and what picking a person puts there. Pure, so
// the composer's behaviour is unit-tested without a browser.

export interface MentionQuery {
  /** Index of the "@". */
  start: number;
  /** What was typed after it (may be empty). */
  query: string;
}

/** The "@query" ending at `caret`, when the "@" starts a word (not the middle of an email address). */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const m = /(?:^|[^\w@.+-])@([a-z0-9._+-]*(?:@[a-z0-9.-]*)?)$/i.exec(text.slice(0, caret));
  if (!m) return null;
  return { start: caret - m[1].length - 1, query: m[1] };
}

/** Text with the "@query" replaced by "@handle " and where the caret goes after it. */
export function insertMention(
  text: string,
  caret: number,
  at: MentionQuery,
  handle: string,
): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  const after = text.slice(caret).replace(/^[a-z0-9._+@-]*/i, '');
  const spaced = after.startsWith(' ');
  const inserted = `@${handle}${spaced ? '' : ' '}`;
  // The caret lands after the space either way, ready for the next word.
  return { text: before + inserted + after, caret: before.length + inserted.length + (spaced ? 1 : 0) };
}

/** People matching what was typed: handle prefix first, then name or email containing it. */
export function matchPeople<T extends { handle: string; name: string; email: string }>(
  people: T[],
  query: string,
  max = 6,
): T[] {
  const q = query.toLowerCase();
  const prefix = people.filter((p) => p.handle.startsWith(q));
  const other = people.filter(
    (p) => !p.handle.startsWith(q) && (p.name.toLowerCase().includes(q) || p.email.includes(q)),
  );
  return [...prefix, ...other].slice(0, max);
}
