// Append-structured parts of a case. Appends never conflict: each is its own row, and the case row
// lock only orders them (both of two simultaneous appends land). Hypotheses and tasks are also
// editable, with their own version and the same merge rule as the case.
import crypto from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  caseEvidence,
  caseHypotheses,
  caseHypothesisComments,
  caseIndicators,
  cases,
  caseTasks,
  caseTimeline,
} from '../../db/schema.ts';
import type {
  EvidenceInput,
  HypothesisInput,
  HypothesisPatch,
  IndicatorInput,
  TaskInput,
  TaskPatch,
  TimelineInput,
} from './case-inputs.ts';
import {
  CaseError,
  type CaseKind,
  type EvidenceRecord,
  type HypothesisComment,
  type HypothesisRecord,
  type IndicatorRecord,
  type TaskRecord,
  type TimelineEntry,
} from './case-model.ts';
import { evidenceColumns, hypothesisColumns, readHypothesis, taskColumns } from './case-read.ts';
import { type Actor, actorLabel, actorUserId, type CaseDeps, CaseWriter, type Tx } from './case-writer.ts';
import { readChunks } from './evidence-files.ts';
import type { PicketEvent } from '../ingest/event.ts';
import { bumpFieldVersions, planMerge } from './version-merge.ts';
import { type Notified, publishInbox, publishTasks, recordMentions } from '../inbox/mention-writer.ts';
import { recordAssignment } from '../inbox/assignment-writer.ts';

/** Largest text or base64 file accepted in JSON (base64 grows it by a third; the API body cap is 2 MiB). */
export const JSON_EVIDENCE_MAX_BYTES = 1024 * 1024;

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

/** Key order fixed, so the same event always hashes the same. */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** An event as evidence: the whole event snapshotted, hashed in its canonical form. */
export function eventEvidenceRow(
  caseId: string,
  event: PicketEvent,
  addedBy: string,
): typeof caseEvidence.$inferInsert {
  const snapshot = event as unknown as Record<string, unknown>;
  const json = canonicalJson(snapshot);
  return {
    caseId,
    kind: 'event',
    title: event.summary.slice(0, 500) || `event ${event.id}`,
    description: '',
    eventId: event.id,
    eventSnapshot: snapshot,
    contentType: 'application/json',
    sizeBytes: Buffer.byteLength(json),
    sha256: sha256(json),
    addedBy,
  };
}

export interface MyTask extends TaskRecord {
  caseKind: CaseKind;
  caseSummary: string;
}

export class CaseChildren {
  private readonly writer: CaseWriter;

  constructor(private readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
  }

  async addTimeline(
    caseId: string,
    kind: CaseKind | undefined,
    input: TimelineInput,
    actor: Actor,
  ): Promise<TimelineEntry> {
    let notified: Notified[] = [];
    const added = await this.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const [entry] = await tx
        .insert(caseTimeline)
        .values({
          caseId,
          caseVersion: next,
          occurredAt: input.occurredAt ?? new Date().toISOString(),
          author: actorLabel(actor),
          kind: input.kind,
          text: input.text,
        })
        .returning();
      notified = await recordMentions(tx, {
        caseId,
        entryType: 'timeline',
        entryId: entry.id,
        sourceKey: `timeline:${entry.id}`,
        text: entry.text,
        actor: mentionActor(actor),
      });
      return { result: entry, action: 'timeline.add', diff: { timeline: [null, entry], ...mentionedDiff(notified) } };
    });
    publishInbox(this.deps, notified);
    return added;
  }

  /** Events are snapshotted whole (they outlive retention) and also appear on the timeline at their own time. */
  async addEvidence(
    caseId: string,
    kind: CaseKind | undefined,
    input: EvidenceInput,
    actor: Actor,
  ): Promise<EvidenceRecord> {
    const by = actorLabel(actor);
    let row: typeof caseEvidence.$inferInsert;
    let eventTime: string | undefined;
    if (input.kind === 'event') {
      const event = await this.deps.store.get(input.eventId);
      if (!event) throw new CaseError('not_found', `no event ${input.eventId} in the event store`);
      eventTime = event.utctimestamp;
      row = {
        ...eventEvidenceRow(caseId, event, by),
        ...(input.title ? { title: input.title } : {}),
        description: input.description ?? '',
      };
    } else if (input.kind === 'text') {
      const size = Buffer.byteLength(input.text);
      this.checkSize(size);
      row = {
        caseId,
        kind: 'text',
        title: input.title,
        description: input.description ?? '',
        textContent: input.text,
        contentType: 'text/plain; charset=utf-8',
        sizeBytes: size,
        sha256: sha256(input.text),
        addedBy: by,
      };
    } else {
      const content = Buffer.from(input.contentBase64, 'base64');
      this.checkSize(content.length);
      row = {
        caseId,
        kind: 'file',
        title: input.title ?? input.fileName,
        description: input.description ?? '',
        fileName: input.fileName,
        contentType: input.contentType || 'application/octet-stream',
        content,
        sizeBytes: content.length,
        sha256: sha256(content),
        addedBy: by,
      };
    }
    return this.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const [{ id }] = await tx
        .insert(caseEvidence)
        .values({ ...row, tlp: input.tlp ?? null, pap: input.pap ?? null, caseVersion: next })
        .returning({ id: caseEvidence.id });
      const [evidence] = await tx.select(evidenceColumns).from(caseEvidence).where(eq(caseEvidence.id, id));
      if (eventTime) {
        await tx.insert(caseTimeline).values({
          caseId,
          caseVersion: next,
          occurredAt: eventTime,
          author: by,
          kind: 'finding',
          text: `Event added as evidence: ${evidence.title}`,
          eventId: evidence.eventId,
          evidenceId: id,
        });
      }
      // The audit keeps the custody facts (what, hash, size), not the bytes.
      const { eventSnapshot: _s, textContent: _t, ...custody } = evidence;
      return { result: evidence, action: 'evidence.add', diff: { evidence: [null, custody] } };
    });
  }

  /** Text and base64 files travel in JSON under the 2 MiB API body cap; larger files use the streamed route. */
  private checkSize(size: number): void {
    const limit = Math.min(this.deps.maxEvidenceBytes, JSON_EVIDENCE_MAX_BYTES);
    if (size > limit)
      throw new CaseError(
        'payload_too_large',
        `evidence is ${size} bytes; the limit in JSON is ${limit} (upload files up to ${this.deps.maxEvidenceBytes} bytes to POST …/evidence/files)`,
      );
  }

  /** The stored bytes of file or text evidence, for download: inline, or streamed from its chunks. */
  async evidenceContent(
    caseId: string,
    kind: CaseKind | undefined,
    evidenceId: string,
  ): Promise<{ fileName: string; content: Buffer | AsyncIterable<Buffer>; sizeBytes: number; sha256: string }> {
    const [e] = await this.deps.db
      .select({ evidence: caseEvidence, kind: cases.kind })
      .from(caseEvidence)
      .innerJoin(cases, eq(cases.id, caseEvidence.caseId))
      .where(and(eq(caseEvidence.id, evidenceId), eq(caseEvidence.caseId, caseId)))
      .then((rows) => rows.filter((r) => !kind || r.kind === kind).map((r) => r.evidence));
    if (!e) throw new CaseError('not_found', `no evidence ${evidenceId} in case ${caseId}`);
    // Events download in the canonical form their sha256 was computed over.
    const fileName = e.fileName ?? `${e.kind}-${e.id}.${e.kind === 'text' ? 'txt' : 'json'}`;
    // A file without inline content was streamed in and lives in case_evidence_chunks.
    if (e.kind === 'file' && e.content === null)
      return { fileName, content: readChunks(this.deps.db, e.id), sizeBytes: e.sizeBytes, sha256: e.sha256 };
    const content = e.content ?? Buffer.from(e.textContent ?? canonicalJson(e.eventSnapshot ?? null));
    return { fileName, content, sizeBytes: content.length, sha256: e.sha256 };
  }

  private async checkEvidenceLinks(tx: Tx, caseId: string, ids: string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (!unique.length) return;
    const found = await tx
      .select({ id: caseEvidence.id })
      .from(caseEvidence)
      .where(and(eq(caseEvidence.caseId, caseId), inArray(caseEvidence.id, unique)));
    if (found.length !== unique.length)
      throw new CaseError('bad_request', 'evidence links must name evidence of this case');
  }

  addHypothesis(
    caseId: string,
    kind: CaseKind | undefined,
    input: HypothesisInput,
    actor: Actor,
  ): Promise<HypothesisRecord> {
    return this.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      await this.checkEvidenceLinks(tx, caseId, [...input.supportingEvidence, ...input.refutingEvidence]);
      const [h] = await tx
        .insert(caseHypotheses)
        .values({ caseId, caseVersion: next, ...input, createdBy: actorLabel(actor) })
        .returning(hypothesisColumns);
      return { result: { ...h, comments: [] }, action: 'hypothesis.add', diff: { hypothesis: [null, h] } };
    });
  }

  async updateHypothesis(hypothesisId: string, input: HypothesisPatch, actor: Actor): Promise<HypothesisRecord> {
    const caseId = await this.parentOf(caseHypotheses, hypothesisId, 'hypothesis');
    const { version: base, ...patch } = input;
    await this.writer.change(caseId, undefined, actor, async (tx, _case, caseVersion) => {
      const [row] = await tx.select().from(caseHypotheses).where(eq(caseHypotheses.id, hypothesisId)).for('update');
      if (row.caseId !== caseId) throw movedError();
      const before: Record<string, unknown> = {
        statement: row.statement,
        status: row.status,
        confidence: row.confidence,
        supportingEvidence: row.supportingEvidence,
        refutingEvidence: row.refutingEvidence,
      };
      const plan = planMerge(before, row.fieldVersions, row.version, base, patch);
      if (plan.kind === 'conflict')
        throw new CaseError(
          'version_conflict',
          `hypothesis was changed by someone else (now version ${row.version})`,
          await readHypothesis(tx, hypothesisId),
          plan.fields,
        );
      if (!plan.changed.length) return { noop: true, result: undefined };
      await this.checkEvidenceLinks(tx, caseId, [
        ...(patch.supportingEvidence ?? []),
        ...(patch.refutingEvidence ?? []),
      ]);
      const set = Object.fromEntries(plan.changed.map((k) => [k, patch[k as keyof typeof patch]]));
      const next = row.version + 1;
      await tx
        .update(caseHypotheses)
        .set({
          ...set,
          caseVersion,
          version: next,
          updatedAt: sql`now()`,
          fieldVersions: bumpFieldVersions(row.fieldVersions, plan.changed, next),
        })
        .where(eq(caseHypotheses.id, hypothesisId));
      const diff = Object.fromEntries(plan.changed.map((k) => [`hypothesis.${k}`, [before[k], set[k]]]));
      return { result: undefined, action: 'hypothesis.update', diff: { hypothesisId, ...diff } };
    });
    return readHypothesis(this.deps.db, hypothesisId);
  }

  /** `within` (REST paths name the case) refuses a hypothesis of another case as not found. */
  async addComment(
    hypothesisId: string,
    text: string,
    actor: Actor,
    within?: { caseId: string; kind: CaseKind },
  ): Promise<HypothesisComment> {
    const caseId = await this.parentOf(caseHypotheses, hypothesisId, 'hypothesis');
    if (within && within.caseId !== caseId)
      throw new CaseError('not_found', `no hypothesis ${hypothesisId} in ${within.kind} ${within.caseId}`);
    let notified: Notified[] = [];
    const added = await this.writer.change(caseId, within?.kind, actor, async (tx, _row, next) => {
      const [c] = await tx
        .insert(caseHypothesisComments)
        .values({ hypothesisId, caseVersion: next, author: actorLabel(actor), text })
        .returning();
      notified = await recordMentions(tx, {
        caseId,
        entryType: 'comment',
        entryId: c.id,
        sourceKey: `comment:${c.id}`,
        text: c.text,
        actor: mentionActor(actor),
      });
      return { result: c, action: 'hypothesis.comment', diff: { comment: [null, c], ...mentionedDiff(notified) } };
    });
    publishInbox(this.deps, notified);
    return added;
  }

  /** Adding an indicator the case already has returns the existing one and changes nothing. */
  addIndicator(
    caseId: string,
    kind: CaseKind | undefined,
    input: IndicatorInput,
    actor: Actor,
  ): Promise<IndicatorRecord> {
    return this.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const value = input.type === 'domain' || input.type === 'hash' ? input.value.toLowerCase() : input.value;
      const [added] = await tx
        .insert(caseIndicators)
        .values({ caseId, caseVersion: next, type: input.type, value, note: input.note, addedBy: actorLabel(actor) })
        .onConflictDoNothing()
        .returning();
      if (!added) {
        const [existing] = await tx
          .select()
          .from(caseIndicators)
          .where(
            and(
              eq(caseIndicators.caseId, caseId),
              eq(caseIndicators.type, input.type),
              eq(caseIndicators.value, value),
            ),
          );
        return { noop: true, result: existing };
      }
      return { result: added, action: 'indicator.add', diff: { indicator: [null, added] } };
    });
  }

  async addTask(caseId: string, kind: CaseKind | undefined, input: TaskInput, actor: Actor): Promise<TaskRecord> {
    let notified: Notified[] = [];
    const t = await this.writer.change(caseId, kind, actor, async (tx, _row, next) => {
      const [t] = await tx
        .insert(caseTasks)
        .values({ caseId, caseVersion: next, ...input, createdBy: actorLabel(actor) })
        .returning(taskColumns);
      notified = await recordAssignment(
        tx,
        t.assigneeId,
        { type: 'task', caseId, taskId: t.id, title: t.title, version: t.version },
        mentionActor(actor),
      );
      return { result: t, action: 'task.add', diff: { task: [null, t] } };
    });
    publishTasks(this.deps, [t.assigneeId], t.id, t.version);
    publishInbox(this.deps, notified);
    return t;
  }

  async updateTask(taskId: string, input: TaskPatch, actor: Actor): Promise<TaskRecord> {
    const caseId = await this.parentOf(caseTasks, taskId, 'task');
    const { version: base, ...patch } = input;
    // Whoever held the task before the change hears of it too (e.g. it was reassigned away).
    let assignedBefore: string | null = null;
    let notified: Notified[] = [];
    await this.writer.change(caseId, undefined, actor, async (tx, _case, caseVersion) => {
      const [row] = await tx.select().from(caseTasks).where(eq(caseTasks.id, taskId)).for('update');
      assignedBefore = row.assigneeId;
      if (row.caseId !== caseId) throw movedError();
      const before: Record<string, unknown> = {
        title: row.title,
        assigneeId: row.assigneeId,
        dueAt: row.dueAt,
        status: row.status,
      };
      const plan = planMerge(before, row.fieldVersions, row.version, base, patch);
      if (plan.kind === 'conflict') {
        const [current] = await tx.select(taskColumns).from(caseTasks).where(eq(caseTasks.id, taskId));
        throw new CaseError(
          'version_conflict',
          `task was changed by someone else (now version ${row.version})`,
          current,
          plan.fields,
        );
      }
      if (!plan.changed.length) return { noop: true, result: undefined };
      const set = Object.fromEntries(plan.changed.map((k) => [k, patch[k as keyof typeof patch]]));
      const next = row.version + 1;
      await tx
        .update(caseTasks)
        .set({
          ...set,
          caseVersion,
          version: next,
          updatedAt: sql`now()`,
          fieldVersions: bumpFieldVersions(row.fieldVersions, plan.changed, next),
        })
        .where(eq(caseTasks.id, taskId));
      if (plan.changed.includes('assigneeId')) {
        const title = (set.title as string | undefined) ?? row.title;
        notified = await recordAssignment(
          tx,
          (set.assigneeId as string | null) ?? null,
          { type: 'task', caseId, taskId, title, version: next },
          mentionActor(actor),
        );
      }
      const diff = Object.fromEntries(plan.changed.map((k) => [`task.${k}`, [before[k], set[k]]]));
      return { result: undefined, action: 'task.update', diff: { taskId, ...diff } };
    });
    const [t] = await this.deps.db.select(taskColumns).from(caseTasks).where(eq(caseTasks.id, taskId));
    publishTasks(this.deps, [assignedBefore, t.assigneeId], t.id, t.version);
    publishInbox(this.deps, notified);
    return t;
  }

  /** Tasks assigned to the signed-in user, across cases, soonest due first: open (default), done (or cancelled), or all. */
  async myTasks(actor: Actor, status: 'open' | 'done' | 'all' = 'open'): Promise<MyTask[]> {
    const me = actorUserId(actor);
    if (!me) return [];
    const statuses =
      status === 'open'
        ? (['open', 'in_progress'] as const)
        : status === 'done'
          ? (['done', 'cancelled'] as const)
          : undefined;
    return this.deps.db
      .select({ ...taskColumns, caseKind: cases.kind, caseSummary: cases.summary })
      .from(caseTasks)
      .innerJoin(cases, eq(cases.id, caseTasks.caseId))
      .where(and(eq(caseTasks.assigneeId, me), statuses ? inArray(caseTasks.status, [...statuses]) : undefined))
      .orderBy(sql`${caseTasks.dueAt} ASC NULLS LAST`, asc(caseTasks.createdAt));
  }

  private async parentOf(table: typeof caseHypotheses | typeof caseTasks, id: string, what: string): Promise<string> {
    const [r] = await this.deps.db.select({ caseId: table.caseId }).from(table).where(eq(table.id, id));
    if (!r) throw new CaseError('not_found', `no ${what} ${id}`);
    return r.caseId;
  }
}

function mentionActor(actor: Actor) {
  return { label: actorLabel(actor), userId: actorUserId(actor) };
}

/** The audit entry names who was notified (only when someone was). */
export function mentionedDiff(notified: Notified[]): { mentioned?: string[] } {
  return notified.length ? { mentioned: notified.map((n) => n.recipientId) } : {};
}

/** The item moved to another case (promotion) between finding and locking its case: retry. */
function movedError(): CaseError {
  return new CaseError('conflict', 'the case was promoted meanwhile; reload and try again');
}
