// Case templates: admin-defined starting points (severity, TLP/PAP, a description skeleton, VERIS
// tags and a task list) chosen when opening a case. Edits are versioned; every change is audited
// in its transaction. They change rarely, so no live topic: the admin page refetches what it wrote.
import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { caseTemplates } from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import type { Db, DbOrTx } from '../db/drizzle.ts';
import { CaseError, CASE_KINDS, PAP_MARKS, SEVERITIES, TLP_MARKS } from './case-model.ts';
import { type Actor, actorLabel, mapDbError } from './case-writer.ts';

export type CaseTemplate = typeof caseTemplates.$inferSelect;

const templateFields = {
  name: z.string().trim().min(1, 'name is required').max(200),
  kind: z.enum(CASE_KINDS),
  severity: z.enum(SEVERITIES),
  tlp: z.enum(TLP_MARKS),
  pap: z.enum(PAP_MARKS),
  description: z.string().max(20_000),
  /** VERIS tags the case starts with. */
  tags: z.array(z.string().trim().min(1).max(200)).max(100),
  /** Task titles, added to the case in this order. */
  tasks: z.array(z.string().trim().min(1).max(1000)).max(50),
};
export const templateInput = z.object(templateFields).partial().required({ name: true }).strict();
export const templatePatch = z
  .object({ id: z.uuid(), version: z.number().int().min(1), ...templateFields })
  .partial()
  .required({ id: true, version: true })
  .strict();
export type TemplateInput = z.infer<typeof templateInput>;
export type TemplatePatch = z.infer<typeof templatePatch>;

export async function readTemplate(db: DbOrTx, id: string): Promise<CaseTemplate> {
  const [t] = await db.select().from(caseTemplates).where(eq(caseTemplates.id, id));
  if (!t) throw new CaseError('bad_request', `no case template ${id}`);
  return t;
}

/** What a template gives a new case; the request's own fields win. */
export function templateDefaults(t: CaseTemplate | undefined): Record<string, unknown> {
  if (!t) return {};
  return { severity: t.severity, tlp: t.tlp, pap: t.pap, description: t.description, veris: t.tags, templateId: t.id };
}

/** A name another template has is a conflict, not a 500. */
function nameTaken(err: unknown): never {
  const code = (err as { cause?: { code?: string }; code?: string }).cause?.code ?? (err as { code?: string }).code;
  if (code === '23505') throw new CaseError('conflict', 'another template has that name');
  return mapDbError(err);
}

export class CaseTemplates {
  constructor(private readonly deps: { db: Db }) {}

  list(): Promise<CaseTemplate[]> {
    return this.deps.db.select().from(caseTemplates).orderBy(asc(caseTemplates.name));
  }

  async create(input: TemplateInput, actor: Actor): Promise<CaseTemplate> {
    const t = await this.deps.db
      .transaction(async (tx) => {
        const [row] = await tx
          .insert(caseTemplates)
          .values({ ...input, createdBy: actorLabel(actor) })
          .returning();
        await recordAudit(tx, {
          actor: actor.identity,
          action: 'caseTemplate.create',
          targetType: 'caseTemplate',
          targetId: row.id,
          diff: { template: [null, row] },
          ip: actor.ip,
        });
        return row;
      })
      .catch(nameTaken);
    return t;
  }

  /** A stale version is a version_conflict carrying the current template. */
  async update({ id, version, ...patch }: TemplatePatch, actor: Actor): Promise<CaseTemplate> {
    const t = await this.deps.db
      .transaction(async (tx) => {
        const [before] = await tx.select().from(caseTemplates).where(eq(caseTemplates.id, id)).for('update');
        if (!before) throw new CaseError('not_found', `no case template ${id}`);
        if (before.version !== version)
          throw new CaseError(
            'version_conflict',
            `template was changed by someone else (now version ${before.version})`,
            before,
            Object.keys(patch),
          );
        const [after] = await tx
          .update(caseTemplates)
          .set({ ...patch, version: before.version + 1, updatedAt: sql`now()` })
          .where(eq(caseTemplates.id, id))
          .returning();
        const diff = Object.fromEntries(
          Object.keys(patch).map((k) => [k, [before[k as keyof CaseTemplate], after[k as keyof CaseTemplate]]]),
        );
        await recordAudit(tx, {
          actor: actor.identity,
          action: 'caseTemplate.update',
          targetType: 'caseTemplate',
          targetId: id,
          diff,
          ip: actor.ip,
        });
        return after;
      })
      .catch((err: unknown) => (err instanceof CaseError ? Promise.reject(err) : nameTaken(err)));
    return t;
  }

  /** Cases opened from it keep their templateId (a plain uuid, no foreign key). */
  async remove(id: string, actor: Actor): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const [row] = await tx.delete(caseTemplates).where(eq(caseTemplates.id, id)).returning();
      if (!row) throw new CaseError('not_found', `no case template ${id}`);
      await recordAudit(tx, {
        actor: actor.identity,
        action: 'caseTemplate.delete',
        targetType: 'caseTemplate',
        targetId: id,
        diff: { template: [row, null] },
        ip: actor.ip,
      });
    });
  }
}
