// Reading cases: list with filters and keyset pagination, one case with all its children.
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { and, arrayContains, asc, desc, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  alerts,
  caseEvidence,
  caseHypotheses,
  caseHypothesisComments,
  caseIndicators,
  casePhaseChanges,
  cases,
  caseTasks,
  caseTimeline,
  users,
} from '../../db/schema.ts';
import type { Db, DbOrTx } from '../db/drizzle.ts';
import type { CaseAlert, CaseDetail, CaseKind, CaseRecord, EvidenceRecord, HypothesisRecord } from './case-model.ts';
import { CaseError } from './case-model.ts';
import type { ListCasesInput } from './case-inputs.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from '../db/keyset-cursor.ts';

export const caseColumns = {
  id: cases.id,
  kind: cases.kind,
  summary: cases.summary,
  description: cases.description,
  severity: cases.severity,
  phase: cases.phase,
  ownerId: cases.ownerId,
  ownerName: sql<string | null>`coalesce(nullif(${users.name}, ''), ${users.email})`,
  contacts: cases.contacts,
  openedAt: cases.openedAt,
  reportedAt: cases.reportedAt,
  verifiedAt: cases.verifiedAt,
  mitigatedAt: cases.mitigatedAt,
  containedAt: cases.containedAt,
  closedAt: cases.closedAt,
  veris: cases.veris,
  attack: cases.attack,
  references: cases.references,
  lessonsLearned: cases.lessonsLearned,
  mitigations: cases.mitigations,
  promotedFromId: cases.promotedFromId,
  promotedToId: cases.promotedToId,
  resolution: cases.resolution,
  resolutionSummary: cases.resolutionSummary,
  tlp: cases.tlp,
  pap: cases.pap,
  templateId: cases.templateId,
  createdBy: cases.createdBy,
  createdAt: cases.createdAt,
  updatedAt: cases.updatedAt,
  version: cases.version,
};

/** Evidence metadata; the bytes stay in the table until downloaded. */
export const evidenceColumns = {
  id: caseEvidence.id,
  caseVersion: caseEvidence.caseVersion,
  caseId: caseEvidence.caseId,
  kind: caseEvidence.kind,
  title: caseEvidence.title,
  description: caseEvidence.description,
  eventId: caseEvidence.eventId,
  eventSnapshot: caseEvidence.eventSnapshot,
  textContent: caseEvidence.textContent,
  fileName: caseEvidence.fileName,
  contentType: caseEvidence.contentType,
  sizeBytes: caseEvidence.sizeBytes,
  sha256: caseEvidence.sha256,
  addedBy: caseEvidence.addedBy,
  addedAt: caseEvidence.addedAt,
  tlp: caseEvidence.tlp,
  pap: caseEvidence.pap,
};

export const hypothesisColumns = {
  id: caseHypotheses.id,
  caseVersion: caseHypotheses.caseVersion,
  caseId: caseHypotheses.caseId,
  statement: caseHypotheses.statement,
  status: caseHypotheses.status,
  confidence: caseHypotheses.confidence,
  supportingEvidence: caseHypotheses.supportingEvidence,
  refutingEvidence: caseHypotheses.refutingEvidence,
  createdBy: caseHypotheses.createdBy,
  createdAt: caseHypotheses.createdAt,
  updatedAt: caseHypotheses.updatedAt,
  version: caseHypotheses.version,
};

export const taskColumns = {
  id: caseTasks.id,
  caseVersion: caseTasks.caseVersion,
  caseId: caseTasks.caseId,
  title: caseTasks.title,
  assigneeId: caseTasks.assigneeId,
  dueAt: caseTasks.dueAt,
  status: caseTasks.status,
  createdBy: caseTasks.createdBy,
  createdAt: caseTasks.createdAt,
  updatedAt: caseTasks.updatedAt,
  version: caseTasks.version,
};

export async function readCase(db: DbOrTx, id: string, kind?: CaseKind): Promise<CaseRecord> {
  const [row] = await db
    .select(caseColumns)
    .from(cases)
    .leftJoin(users, eq(users.id, cases.ownerId))
    .where(eq(cases.id, id));
  if (!row || (kind && row.kind !== kind)) throw new CaseError('not_found', `no ${kind ?? 'case'} ${id}`);
  return row;
}

export async function readHypothesis(db: DbOrTx, id: string): Promise<HypothesisRecord> {
  const [h] = await db.select(hypothesisColumns).from(caseHypotheses).where(eq(caseHypotheses.id, id));
  if (!h) throw new CaseError('not_found', `no hypothesis ${id}`);
  const comments = await db
    .select()
    .from(caseHypothesisComments)
    .where(eq(caseHypothesisComments.hypothesisId, id))
    .orderBy(asc(caseHypothesisComments.createdAt));
  return { ...h, comments };
}

/** The case and its children (all, or those written after `sinceVersion`), read in one snapshot. */
export async function readCaseDetail(db: Db, id: string, kind?: CaseKind, sinceVersion = 0): Promise<CaseDetail> {
  return db.transaction(
    async (tx) => {
      const record = await readCase(tx, id, kind);
      const phaseHistory = await tx
        .select({
          fromPhase: casePhaseChanges.fromPhase,
          phase: casePhaseChanges.phase,
          at: casePhaseChanges.at,
          actor: casePhaseChanges.actor,
        })
        .from(casePhaseChanges)
        .where(eq(casePhaseChanges.caseId, id))
        .orderBy(asc(casePhaseChanges.at), asc(casePhaseChanges.id));
      const newer = (t: { caseId: AnyPgColumn; caseVersion: AnyPgColumn }) =>
        and(eq(t.caseId, id), gt(t.caseVersion, sinceVersion));
      const timeline = await tx
        .select()
        .from(caseTimeline)
        .where(newer(caseTimeline))
        .orderBy(asc(caseTimeline.occurredAt), asc(caseTimeline.createdAt));
      const evidence: EvidenceRecord[] = await tx
        .select(evidenceColumns)
        .from(caseEvidence)
        .where(newer(caseEvidence))
        .orderBy(asc(caseEvidence.addedAt));
      // A hypothesis whose discussion grew counts as changed.
      const discussed = sql`EXISTS (SELECT 1 FROM ${caseHypothesisComments} WHERE ${caseHypothesisComments.hypothesisId} = ${caseHypotheses.id} AND ${caseHypothesisComments.caseVersion} > ${sinceVersion})`;
      const hyps = await tx
        .select(hypothesisColumns)
        .from(caseHypotheses)
        .where(
          and(
            eq(caseHypotheses.caseId, id),
            sinceVersion === 0 ? undefined : or(gt(caseHypotheses.caseVersion, sinceVersion), discussed),
          ),
        )
        .orderBy(asc(caseHypotheses.createdAt));
      const comments = hyps.length
        ? await tx
            .select()
            .from(caseHypothesisComments)
            .where(
              inArray(
                caseHypothesisComments.hypothesisId,
                hyps.map((h) => h.id),
              ),
            )
            .orderBy(asc(caseHypothesisComments.createdAt))
        : [];
      const hypotheses: HypothesisRecord[] = hyps.map((h) => ({
        ...h,
        comments: comments.filter((c) => c.hypothesisId === h.id),
      }));
      const indicators = await tx
        .select()
        .from(caseIndicators)
        .where(newer(caseIndicators))
        .orderBy(asc(caseIndicators.addedAt));
      const tasks = await tx
        .select(taskColumns)
        .from(caseTasks)
        .where(newer(caseTasks))
        .orderBy(asc(caseTasks.createdAt));
      const alerts = await caseAlerts(tx, id);
      return { ...record, sinceVersion, phaseHistory, timeline, evidence, hypotheses, indicators, tasks, alerts };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Alerts escalated to the case, newest first (a case gathers a handful, not thousands). */
export function caseAlerts(db: DbOrTx, caseId: string): Promise<CaseAlert[]> {
  return db
    .select({
      id: alerts.id,
      summary: alerts.summary,
      severity: alerts.severity,
      status: alerts.status,
      utctimestamp: sql<string>`to_char(${alerts.utctimestamp} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      eventCount: alerts.eventCount,
    })
    .from(alerts)
    .where(eq(alerts.incidentId, caseId))
    .orderBy(desc(alerts.utctimestamp))
    .limit(500);
}

function decodeCursor(cursor: string): [string, string] {
  const pair = decodeKeysetCursor(cursor);
  if (!pair) throw new CaseError('bad_request', 'cursor is not one this API returned');
  return pair;
}

/** Escapes LIKE wildcards so a search for "100%" means the text "100%". */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// Cursors carry ISO times (milliseconds) while Postgres keeps microseconds: order and compare at the
// cursor's precision, or rows created within the same millisecond could be skipped.
const createdMs = sql`date_trunc('milliseconds', ${cases.createdAt})`;

/** Newest first; `nextCursor` continues after the last item (keyset, stable under inserts). */
export async function listCases(
  db: Db,
  kind: CaseKind,
  input: ListCasesInput,
  meUserId: string | null,
): Promise<{ items: CaseRecord[]; nextCursor: string | null }> {
  const where: SQL[] = [eq(cases.kind, kind)];
  if (input.phase) where.push(eq(cases.phase, input.phase));
  if (input.severity) where.push(eq(cases.severity, input.severity));
  if (input.owner === 'none') where.push(isNull(cases.ownerId));
  else if (input.owner === 'me') where.push(meUserId ? eq(cases.ownerId, meUserId) : sql`false`);
  else if (input.owner) where.push(eq(cases.ownerId, input.owner));
  if (input.veris) where.push(arrayContains(cases.veris, [input.veris]));
  if (input.q?.trim()) {
    const p = likePattern(input.q.trim());
    where.push(or(ilike(cases.summary, p), ilike(cases.description, p))!);
  }
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor);
    where.push(sql`(${createdMs}, ${cases.id}) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const rows = await db
    .select(caseColumns)
    .from(cases)
    .leftJoin(users, eq(users.id, cases.ownerId))
    .where(and(...where))
    .orderBy(desc(createdMs), desc(cases.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > input.limit && last ? encodeKeysetCursor(last.createdAt, last.id) : null };
}
