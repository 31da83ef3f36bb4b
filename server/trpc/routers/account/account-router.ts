import { router } from '../../init.ts';
import { meProcedure } from './me.ts';
import { signOutEverywhereProcedure } from './sign-out-everywhere.ts';

export const accountRouter = router({ me: meProcedure, signOutEverywhere: signOutEverywhereProcedure });
