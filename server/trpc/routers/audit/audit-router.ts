import { router } from '../../init.ts';
import { listAuditProcedure } from './list.ts';

export const auditRouter = router({ list: listAuditProcedure });
