import { permission } from '../../init.ts';
import { ruleId } from './rules.types.ts';

/** Every saved version, newest first, each with the full definition (the UI diffs them). */
export const versionsProcedure = permission('rules:read')
  .input(ruleId)
  .query(({ ctx, input }) => ctx.services.alerting.rules.versions(input.id));
