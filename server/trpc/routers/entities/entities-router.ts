import { router } from '../../init.ts';
import { attackersProcedure } from './attackers.ts';
import { getProcedure } from './get.ts';
import { suggestProcedure } from './suggest.ts';

export const entitiesRouter = router({ get: getProcedure, suggest: suggestProcedure, attackers: attackersProcedure });
