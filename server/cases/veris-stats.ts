// VERIS tags over incidents: one row per (incident, tag) as MozDef's /veris answered (its incidents
// page counted them per tag and phase), and the counts themselves for views that want them ready:
// per tag, and grouped by VERIS category (actor, action, asset, attribute…) for the statistics page.
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { cases } from '../../db/schema.ts';
import type { DbOrTx } from '../db/drizzle.ts';
import { VERIS_TAGS } from './catalog/veris.ts';

export interface VerisTagRow {
  tag: string;
  phase: string;
  openedAt: string;
}

export interface VerisTagCount {
  tag: string;
  count: number;
  /** Incidents with the tag per phase. */
  phases: Record<string, number>;
}

/** Incidents opened in [from, to); either end may be open. */
export interface OpenedRange {
  from?: Date;
  to?: Date;
}

function taggedIncidents(range: OpenedRange): SQL | undefined {
  return and(
    eq(cases.kind, 'incident'),
    sql`cardinality(${cases.veris}) > 0`,
    range.from ? gte(cases.openedAt, range.from.toISOString()) : undefined,
    range.to ? lt(cases.openedAt, range.to.toISOString()) : undefined,
  );
}

/** Every VERIS tag of every incident (opened in `range`), oldest incident first. */
export async function verisTagRows(db: DbOrTx, range: OpenedRange = {}): Promise<VerisTagRow[]> {
  const rows = await db
    .select({ tag: sql<string>`unnest(${cases.veris})`, phase: cases.phase, openedAt: cases.openedAt })
    .from(cases)
    .where(taggedIncidents(range))
    .orderBy(asc(cases.openedAt), asc(cases.id));
  return rows.map((r) => ({ tag: r.tag, phase: r.phase, openedAt: new Date(r.openedAt).toISOString() }));
}

/** Incidents per VERIS tag (and per phase within it), most used first. */
export function countVerisTags(rows: readonly VerisTagRow[]): VerisTagCount[] {
  const byTag = new Map<string, VerisTagCount>();
  for (const r of rows) {
    let c = byTag.get(r.tag);
    if (!c) byTag.set(r.tag, (c = { tag: r.tag, count: 0, phases: Object.create(null) as Record<string, number> }));
    c.count++;
    c.phases[r.phase] = (c.phases[r.phase] ?? 0) + 1;
  }
  return [...byTag.values()].sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag));
}

export interface VerisCategory {
  /** The tag's first segment ("action" of "action.Hacking.Brute force"); "other" for tags without one. */
  category: string;
  tags: Array<VerisTagCount & { name: string }>;
}

/** VERIS's own order of its 4 A's; categories people invent follow, alphabetically. */
const CATEGORY_ORDER = ['actor', 'action', 'asset', 'attribute'];
const NAMES = new Map(VERIS_TAGS.map((t) => [t.id, t.name]));

function categoryOf(tag: string): { category: string; name: string } {
  const dot = tag.indexOf('.');
  if (dot <= 0 || dot === tag.length - 1) return { category: 'other', name: tag };
  return {
    category: tag.slice(0, dot).toLowerCase(),
    name:
      NAMES.get(tag) ??
      tag
        .slice(dot + 1)
        .split('.')
        .join(': '),
  };
}

/** The per-tag counts grouped by VERIS category, each category's tags most used first. */
export function groupVerisCounts(counts: readonly VerisTagCount[]): VerisCategory[] {
  const byCategory = new Map<string, VerisCategory>();
  for (const c of counts) {
    const { category, name } = categoryOf(c.tag);
    let g = byCategory.get(category);
    if (!g) byCategory.set(category, (g = { category, tags: [] }));
    g.tags.push({ ...c, name });
  }
  const rank = (c: string) =>
    CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : c === 'other' ? Infinity : CATEGORY_ORDER.length;
  return [...byCategory.values()].sort(
    (a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category),
  );
}

/** The statistics page: incidents carrying VERIS tags in `range`, and the grouped counts. */
export async function verisStatistics(
  db: DbOrTx,
  range: OpenedRange = {},
): Promise<{ incidents: number; categories: VerisCategory[] }> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(cases).where(taggedIncidents(range));
  return { incidents: n, categories: groupVerisCounts(countVerisTags(await verisTagRows(db, range))) };
}
