import { permission } from '../../init.ts';
import { actor } from './case-procedure.ts';
import { addEvidenceInput } from './cases.types.ts';

/** An event (snapshotted whole), a text artifact, or a file (base64, size-limited, sha256 recorded). */
export const addEvidenceProcedure = permission('cases:write', { audit: 'recorded' })
  .input(addEvidenceInput)
  .mutation(({ ctx, input }) =>
    ctx.services.cases.parts.addEvidence(input.caseId, undefined, input.evidence, actor(ctx)),
  );
