import { ENTITY_DEFAULT_FROM } from '../../../entities/entity-kinds.ts';
import { resolveRange, TimeParseError } from '../../../store/time-range.ts';
import { TRPCError } from '@trpc/server';
import { permission } from '../../init.ts';
import { attackersInput } from './entities.types.ts';

/** /attackers: the source IPs behind the most alerts and failed logins in the range. */
export const attackersProcedure = permission('events:read')
  .input(attackersInput)
  .query(({ ctx, input }) => {
    let range: { from: Date; to: Date };
    try {
      range = resolveRange(input.from, input.to, new Date(), ENTITY_DEFAULT_FROM);
    } catch (err) {
      if (err instanceof TimeParseError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
      throw err;
    }
    return ctx.services.entities.attackers(range.from, range.to);
  });
