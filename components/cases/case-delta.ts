// Merging a `cases.get {sinceVersion}` delta into the case the room already holds.
import type { CaseDetail } from '@/server/cases/case-model';

function mergeById<T extends { id: string }>(held: readonly T[], changed: readonly T[]): T[] {
  if (changed.length === 0) return held as T[];
  const byId = new Map(held.map((r) => [r.id, r]));
  for (const r of changed) byId.set(r.id, r);
  return [...byId.values()];
}

const byTime =
  <K extends string>(key: K) =>
  <T extends { id: string } & Record<K, string>>(a: T, b: T) =>
    a[key].localeCompare(b[key]) || a.id.localeCompare(b.id);

/**
 * The held case plus a delta: the case record and phase history are taken whole, child rows are
 * replaced or added by id (a delta never deletes: children are append-only or edited in place).
 * A delta older than what is held (an out-of-order answer) changes nothing.
 */
export function mergeCaseDelta(held: CaseDetail | undefined, delta: CaseDetail): CaseDetail {
  if (!held || delta.sinceVersion === 0) return delta;
  if (delta.version < held.version) return held;
  return {
    ...delta,
    timeline: mergeById(held.timeline, delta.timeline).sort(byTime('occurredAt')),
    evidence: mergeById(held.evidence, delta.evidence).sort(byTime('addedAt')),
    hypotheses: mergeById(held.hypotheses, delta.hypotheses).sort(byTime('createdAt')),
    indicators: mergeById(held.indicators, delta.indicators).sort(byTime('addedAt')),
    tasks: mergeById(held.tasks, delta.tasks).sort(byTime('createdAt')),
  };
}
