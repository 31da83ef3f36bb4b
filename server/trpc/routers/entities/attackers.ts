import { ENTITY_DEFAULT_FROM } from '../../../entities/entity-kinds.ts';
import { resolveRange } from '../../../store/time-range.ts';
import { permission } from '../../init.ts';
import { attackersInput } from './entities.types.ts';

/** /attackers: the source IPs behind the most alerts and failed logins in the range (a bad bound is a TimeParseError, 400). */
export const attackersProcedure = permission('events:read')
  .input(attackersInput)
  .query(({ ctx, input }) => {
    const range = resolveRange(input.from, input.to, new Date(), ENTITY_DEFAULT_FROM);
    return ctx.services.entities.attackers(range.from, range.to);
  });
