import { router } from '../../init.ts';
import { meProcedure } from './me.ts';

export const accountRouter = router({ me: meProcedure });
