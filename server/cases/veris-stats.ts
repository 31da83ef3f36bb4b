// VERIS tags over incidents: one row per (incident, tag) as MozDef's /veris answered (its incidents
// page counted them per tag and phase), and the counts themselves for views that want them ready.
import { and, asc, eq, sql } from 'drizzle-orm';
import { cases } from '../../db/schema.ts';
import type { DbOrTx } from '../db/drizzle.ts';

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

/** Every VERIS tag of every incident, oldest incident first. */
export async function verisTagRows(db: DbOrTx): Promise<VerisTagRow[]> {
  const rows = await db
    .select({ tag: sql<string>`unnest(${cases.veris})`, phase: cases.phase, openedAt: cases.openedAt })
    .from(cases)
    .where(and(eq(cases.kind, 'incident'), sql`cardinality(${cases.veris}) > 0`))
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
