import { permission } from '../../init.ts';
import { ruleId } from './rules.types.ts';
import { AppError } from '../../../errors/app-error.ts';

export const getProcedure = permission('rules:read')
  .input(ruleId)
  .query(async ({ ctx, input }) => {
    const { rules, codeRules } = ctx.services.alerting;
    const r = await rules.get(input.id);
    if (!r) throw new AppError('not_found', `no rule ${input.id}`);
    // Code rules are shown read-only with their module's text (or why it does not load).
    const moduleSource =
      r.type === 'code'
        ? await codeRules.load(String(r.module)).then(
            (m) => ({ text: m.source }),
            (err: Error) => ({ error: err.message }),
          )
        : undefined;
    return { ...r, exceptions: await rules.exceptions(input.id), ...(moduleSource ? { moduleSource } : {}) };
  });
