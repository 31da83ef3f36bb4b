import { permission } from '../../init.ts';
import { actor, versioned } from './case-procedure.ts';
import { setPhaseInput } from './cases.types.ts';

/**
 * Moves the case to a phase (recorded with its time), filling the phase's MozDef date when empty.
 * Closing needs resolution + resolutionSummary and resolves the case's open alerts unless resolveAlerts is false.
 */
export const setPhaseProcedure = permission('cases:write', { audit: 'recorded' })
  .input(setPhaseInput)
  .mutation(({ ctx, input }) =>
    versioned(() =>
      ctx.services.cases.records.setPhase(input.id, input.phase, input.version, actor(ctx), {
        resolution: input.resolution,
        resolutionSummary: input.resolutionSummary,
        resolveAlerts: input.resolveAlerts,
      }),
    ),
  );
