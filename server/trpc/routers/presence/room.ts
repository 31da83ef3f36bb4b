import { permission } from '../../init.ts';
import { roomInput } from './presence.types.ts';

/**
 * Who has one case room open, across every process: once per person (two tabs are one viewer)
 * with the most specific thing they do there (typing in a field beats viewing). Kept live by
 * presence.onChange changes whose id is "case:<caseId>".
 */
export const roomProcedure = permission('cases:read')
  .input(roomInput)
  .query(({ ctx, input }) => ctx.services.presence.room(input.caseId));
