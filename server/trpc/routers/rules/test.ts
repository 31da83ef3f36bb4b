import { backtestRule } from '../../../alerts/backtest.ts';
import { resolveRange } from '../../../store/time-range.ts';
import { permission } from '../../init.ts';
import { preparedDefinition, testInput } from './rules.types.ts';

/**
 * Runs a draft over stored events and returns the alerts it would have raised; stores nothing. A
 * mutation only so the draft travels in a POST body rather than the URL.
 */
export const testProcedure = permission('rules:read', {
  audit: { skip: 'a back-test reads events and stores nothing' },
})
  .input(testInput)
  .mutation(async ({ ctx, input }) => {
    const range = resolveRange(input.from, input.to, new Date(), 'now-24h');
    const { alerting } = ctx.services;
    const def = await preparedDefinition(alerting, input.rule);
    const module = await alerting.codeRules.forRule(def);
    return backtestRule(ctx.services.store, def, range, [], module);
  });
