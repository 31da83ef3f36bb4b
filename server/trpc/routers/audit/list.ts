import { queryAudit } from '../../../audit/audit-query.ts';
import { permission } from '../../init.ts';
import { auditFilterOf, listAuditInput } from './audit.types.ts';

/** One page of the audit log, newest first; `nextCursor` continues it (null at the end). */
export const listAuditProcedure = permission('audit:read')
  .input(listAuditInput)
  .query(async ({ ctx, input }) => {
    const { entries, nextBefore } = await queryAudit(ctx.services.db, auditFilterOf(input));
    return { entries, nextCursor: nextBefore };
  });
