// Incidents and investigations: create, versioned update (with merge), phase changes, promotion.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  caseEvidence,
  caseHypotheses,
  caseHypothesisComments,
  caseIndicators,
  casePhaseChanges,
  cases,
  caseTasks,
  caseTimeline,
} from '../../db/schema.ts';
import type { CreateCaseInput, ListCasesInput, PatchCaseInput } from './case-inputs.ts';
import {
  CASE_RESOLUTIONS,
  type CaseDetail,
  CaseError,
  type CaseKind,
  type CaseRecord,
  EDITABLE_CASE_FIELDS,
  PHASE_DATES,
  PHASE_SETTLE_MS,
  PHASES,
} from './case-model.ts';
import { publishAlertChanges, resolveOpenAlerts } from './case-alerts.ts';
import { readTemplate, templateDefaults } from './case-templates.ts';
import { listCases, readCase, readCaseDetail } from './case-read.ts';
import { CoalescedReads } from '../realtime/coalesced-read.ts';
import {
  type Actor,
  actorLabel,
  actorUserId,
  type CaseDeps,
  type CaseRow,
  type CaseSet,
  CaseWriter,
  lockCase,
  mapDbError,
  type Tx,
} from './case-writer.ts';
import { bumpFieldVersions, planMerge } from './version-merge.ts';
import { mentionedDiff } from './case-children.ts';
import { inboxNotifications } from '../../db/inbox-schema.ts';
import { type Notified, publishInbox, recordMentions } from '../inbox/mention-writer.ts';

/** Case fields written in Markdown, where @mentions notify. */
const MENTION_FIELDS = ['description', 'lessonsLearned', 'mitigations'] as const;

/** Notifies newly added mentions in the Markdown fields a write set (key per field and case version). */
async function fieldMentions(
  tx: Tx,
  caseId: string,
  version: number,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  actor: Actor,
): Promise<Notified[]> {
  const out: Notified[] = [];
  for (const field of MENTION_FIELDS) {
    if (typeof after[field] !== 'string') continue;
    const previousText = typeof before[field] === 'string' ? (before[field] as string) : null;
    out.push(
      ...(await recordMentions(tx, {
        caseId,
        entryType: field,
        entryId: caseId,
        sourceKey: `case:${caseId}:${field}:v${version}`,
        text: after[field] as string,
        previousText,
        actor: { label: actorLabel(actor), userId: actorUserId(actor) },
      })),
    );
  }
  return out;
}

export interface UpdateResult {
  record: CaseRecord;
  /** True when the edit was based on an older version and merged because its fields had not changed since. */
  merged: boolean;
}

function checkPhase(kind: CaseKind, phase: string): void {
  if (!PHASES[kind].includes(phase))
    throw new CaseError('bad_request', `phase must be one of ${PHASES[kind].join(', ')} for an ${kind}`);
}

/** Editable fields as the record shows them (for diffs and merge comparison). */
function editable(row: CaseRow): Record<string, unknown> {
  return Object.fromEntries(EDITABLE_CASE_FIELDS.map((k) => [k, row[k]]));
}

export class CaseService {
  readonly writer: CaseWriter;
  private readonly detailReads = new CoalescedReads<CaseDetail>();

  constructor(readonly deps: CaseDeps) {
    this.writer = new CaseWriter(deps);
  }

  list(kind: CaseKind, input: ListCasesInput, actor: Actor) {
    return listCases(this.deps.db, kind, input, actorUserId(actor));
  }

  /** With `sinceVersion`: only the children written after that version (see CaseDetail). */
  get(id: string, kind?: CaseKind, sinceVersion = 0): Promise<CaseDetail> {
    // A change makes every client in the case room ask for the same delta: one read serves them (shared: never modify it).
    return this.detailReads.read(`${id}\u0000${kind ?? ''}\u0000${sinceVersion}`, () =>
      readCaseDetail(this.deps.db, id, kind, sinceVersion),
    );
  }

  async create(kind: CaseKind, input: CreateCaseInput, actor: Actor): Promise<CaseRecord> {
    const { record, notified } = await this.deps.db
      .transaction((tx) => this.createIn(tx, kind, input, actor))
      .catch(mapDbError);
    this.afterCreate(notified);
    this.writer.publish(kind, record.id, record.version);
    return record;
  }

  /** After the transaction of createIn commits: mentions in the new case's text. */
  afterCreate(notified: Notified[]): void {
    publishInbox(this.deps, notified);
  }

  /**
   * Creates the case inside `tx` (escalation opens one in the same transaction as its evidence). A
   * template fills what the input leaves out and adds its tasks. The caller publishes after commit.
   */
  async createIn(
    tx: Tx,
    kind: CaseKind,
    input: CreateCaseInput,
    actor: Actor,
  ): Promise<{ record: CaseRecord; notified: Notified[] }> {
    const phase = input.phase ?? 'Identification';
    checkPhase(kind, phase);
    const template = input.templateId ? await readTemplate(tx, input.templateId) : undefined;
    if (template && template.kind !== kind)
      throw new CaseError('bad_request', `template "${template.name}" is for an ${template.kind}`);
    const values = { ...templateDefaults(template), ...input };
    const dateField = PHASE_DATES[phase];
    const now = new Date().toISOString();
    const [{ id }] = await tx
      .insert(cases)
      .values({
        ...values,
        kind,
        phase,
        ownerId: input.ownerId === undefined ? actorUserId(actor) : input.ownerId,
        ...(dateField && input[dateField] === undefined ? { [dateField]: now } : {}),
        createdBy: actorLabel(actor),
      })
      .returning({ id: cases.id });
    await tx.insert(casePhaseChanges).values({ caseId: id, fromPhase: null, phase, actor: actorLabel(actor), at: now });
    const tasks = template?.tasks.length
      ? await tx
          .insert(caseTasks)
          .values(template.tasks.map((title) => ({ caseId: id, caseVersion: 1, title, createdBy: actorLabel(actor) })))
          .returning({ id: caseTasks.id, title: caseTasks.title })
      : [];
    const created = await readCase(tx, id);
    const notified = await fieldMentions(
      tx,
      id,
      created.version,
      {},
      created as unknown as Record<string, unknown>,
      actor,
    );
    await this.writer.audit(tx, actor, `${kind}.create`, kind, id, {
      ...created,
      ...(tasks.length ? { tasks } : {}),
      ...mentionedDiff(notified),
    });
    return { record: created, notified };
  }

  /**
   * Applies `patch` made against `version`. Stale but non-overlapping edits merge; overlapping ones
   * throw version_conflict carrying the current record and the fields that collided.
   */
  async update(id: string, kind: CaseKind | undefined, input: PatchCaseInput, actor: Actor): Promise<UpdateResult> {
    const { version: base, resolveAlerts, ...patch } = input;
    let merged = false;
    let notified: Notified[] = [];
    let resolvedAlerts: Array<{ id: string; version: number }> = [];
    await this.writer.change(id, kind, actor, async (tx, row, next) => {
      if (patch.phase !== undefined) checkPhase(row.kind, patch.phase);
      const closing = patch.phase === 'Closed' && row.phase !== 'Closed';
      if (closing && (!patch.resolution || !patch.resolutionSummary?.trim())) {
        throw new CaseError(
          'bad_request',
          `closing needs a resolution (${CASE_RESOLUTIONS.join(', ')}) and a resolutionSummary`,
        );
      }
      const before = editable(row);
      const plan = planMerge(before, row.fieldVersions, row.version, base, patch);
      if (plan.kind === 'conflict') {
        throw new CaseError(
          'version_conflict',
          `${row.kind} was changed by someone else (now version ${row.version}): ${plan.fields.join(', ')}`,
          await readCase(tx, id),
          plan.fields,
        );
      }
      merged = plan.merged;
      if (plan.changed.length === 0) return { noop: true, result: undefined };
      const set: Record<string, unknown> = Object.fromEntries(
        plan.changed.map((k) => [k, patch[k as keyof typeof patch]]),
      );
      const changed = [...plan.changed];
      if (changed.includes('phase'))
        changed.push(...(await this.recordPhase(tx, row, set.phase as string, patch, set, actor)));
      if (closing && changed.includes('phase') && resolveAlerts !== false)
        resolvedAlerts = await resolveOpenAlerts(tx, id, patch.resolution!, actor);
      notified = await fieldMentions(tx, id, next, before, set, actor);
      const diff = {
        ...Object.fromEntries(changed.map((k) => [k, [before[k] ?? null, set[k] ?? null]])),
        ...(resolvedAlerts.length ? { alertsResolved: [null, resolvedAlerts.map((a) => a.id)] } : {}),
        ...mentionedDiff(notified),
      };
      return {
        result: undefined,
        diff,
        action: 'update',
        set: { ...(set as CaseSet), fieldVersions: bumpFieldVersions(row.fieldVersions, changed, next) },
      };
    });
    publishInbox(this.deps, notified);
    publishAlertChanges(this.deps, resolvedAlerts);
    return { record: await readCase(this.deps.db, id), merged };
  }

  setPhase(
    id: string,
    phase: string,
    version: number,
    actor: Actor,
    closing: Pick<PatchCaseInput, 'resolution' | 'resolutionSummary' | 'resolveAlerts'> = {},
  ): Promise<UpdateResult> {
    return this.update(id, undefined, { version, phase: phase as PatchCaseInput['phase'], ...closing }, actor);
  }

  /**
   * Appends the phase change and fills the phase's date when empty; returns the extra fields it set.
   * A date that entering the phase being left filled is withdrawn when the case stayed there less
   * than PHASE_SETTLE_MS (clicking through phases does not reach them) and nobody set it by hand.
   */
  private async recordPhase(
    tx: Tx,
    row: CaseRow,
    phase: string,
    patch: Record<string, unknown>,
    set: Record<string, unknown>,
    actor: Actor,
  ): Promise<string[]> {
    const now = new Date().toISOString();
    const [entered] = await tx
      .select({ at: casePhaseChanges.at })
      .from(casePhaseChanges)
      .where(and(eq(casePhaseChanges.caseId, row.id), eq(casePhaseChanges.phase, row.phase)))
      .orderBy(desc(casePhaseChanges.id))
      .limit(1);
    await tx
      .insert(casePhaseChanges)
      .values({ caseId: row.id, fromPhase: row.phase, phase, actor: actorLabel(actor), at: now });
    const extra: string[] = [];
    const leftDate = row.phase === 'Closed' ? undefined : PHASE_DATES[row.phase];
    if (
      leftDate &&
      entered &&
      row[leftDate] === entered.at &&
      Date.parse(now) - Date.parse(entered.at) < PHASE_SETTLE_MS &&
      patch[leftDate] === undefined
    ) {
      set[leftDate] = null;
      extra.push(leftDate);
    }
    const dateField = PHASE_DATES[phase];
    if (dateField && row[dateField] === null && patch[dateField] === undefined) {
      set[dateField] = now;
      extra.push(dateField);
    }
    // Reopening a closed case: it is no longer closed.
    if (row.phase === 'Closed' && phase !== 'Closed' && row.closedAt !== null && patch.closedAt === undefined) {
      set.closedAt = null;
      extra.push('closedAt');
    }
    return extra;
  }

  /**
   * Promotes an investigation to a new incident. The children (timeline, evidence, hypotheses,
   * indicators, tasks) move to the incident with their ids, authors and times unchanged, so links
   * between them and the chain of custody stay intact; the investigation is closed and points to it.
   */
  async promote(investigationId: string, actor: Actor): Promise<CaseRecord> {
    let inv: { id: string; version: number } | undefined;
    const incident = await this.deps.db.transaction(async (tx) => {
      const row = await lockCase(tx, investigationId, 'investigation');
      if (row.promotedToId)
        throw new CaseError('conflict', `investigation was already promoted to incident ${row.promotedToId}`);
      const by = actorLabel(actor);
      const [{ id }] = await tx
        .insert(cases)
        .values({
          kind: 'incident',
          phase: 'Identification',
          summary: row.summary,
          description: row.description,
          severity: row.severity,
          ownerId: row.ownerId,
          contacts: row.contacts,
          openedAt: row.openedAt,
          reportedAt: row.reportedAt,
          verifiedAt: row.verifiedAt,
          veris: row.veris,
          attack: row.attack,
          references: row.references,
          lessonsLearned: row.lessonsLearned,
          mitigations: row.mitigations,
          promotedFromId: row.id,
          createdBy: by,
        })
        .returning({ id: cases.id });
      await tx.insert(casePhaseChanges).values({ caseId: id, fromPhase: null, phase: 'Identification', actor: by });
      const moved: Record<string, number> = {};
      for (const [name, table] of [
        ['timeline', caseTimeline],
        ['evidence', caseEvidence],
        ['hypotheses', caseHypotheses],
        ['indicators', caseIndicators],
        ['tasks', caseTasks],
      ] as const) {
        // Version 1 of the new incident wrote them, as far as its readers are concerned.
        const r = await tx
          .update(table)
          .set({ caseId: id, caseVersion: 1 })
          .where(eq(table.caseId, row.id))
          .returning({ id: table.id });
        moved[name] = r.length;
      }
      // Mentions in moved notes, and assignments of moved tasks, open the incident they now live in.
      await tx
        .update(inboxNotifications)
        .set({ caseId: id })
        .where(
          and(
            eq(inboxNotifications.caseId, row.id),
            inArray(inboxNotifications.entryType, ['timeline', 'comment', 'task']),
          ),
        );
      await tx
        .update(caseHypothesisComments)
        .set({ caseVersion: 1 })
        .where(
          inArray(
            caseHypothesisComments.hypothesisId,
            tx.select({ id: caseHypotheses.id }).from(caseHypotheses).where(eq(caseHypotheses.caseId, id)),
          ),
        );
      await tx.insert(caseTimeline).values({
        caseId: id,
        occurredAt: new Date().toISOString(),
        author: by,
        kind: 'action',
        text: `Promoted from investigation ${row.id}: ${row.summary}`,
      });
      const next = row.version + 1;
      const closing =
        row.phase === 'Closed' ? {} : { phase: 'Closed', closedAt: row.closedAt ?? new Date().toISOString() };
      if (row.phase !== 'Closed')
        await tx.insert(casePhaseChanges).values({ caseId: row.id, fromPhase: row.phase, phase: 'Closed', actor: by });
      await tx
        .update(cases)
        .set({
          ...closing,
          promotedToId: id,
          version: next,
          updatedAt: sql`now()`,
          fieldVersions: bumpFieldVersions(row.fieldVersions, Object.keys(closing), next),
        })
        .where(eq(cases.id, row.id));
      const created = await readCase(tx, id);
      await this.writer.audit(tx, actor, 'investigation.promote', 'investigation', row.id, {
        promotedToId: [null, id],
        phase: [row.phase, 'Closed'],
        moved,
      });
      await this.writer.audit(tx, actor, 'incident.create', 'incident', id, { ...created, moved });
      inv = { id: row.id, version: next };
      return created;
    });
    this.writer.publish('investigation', inv!.id, inv!.version);
    this.writer.publish('incident', incident.id, incident.version);
    return incident;
  }
}
