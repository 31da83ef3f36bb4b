import { router } from '../../init.ts';
import { addExceptionProcedure } from './add-exception.ts';
import { cloneProcedure } from './clone.ts';
import { createProcedure } from './create.ts';
import { getProcedure } from './get.ts';
import { listProcedure } from './list.ts';
import { removeExceptionProcedure } from './remove-exception.ts';
import { removeProcedure } from './remove.ts';
import { sigmaPlaceholdersProcedure } from './sigma-placeholders.ts';
import { testProcedure } from './test.ts';
import { toggleProcedure } from './toggle.ts';
import { updateProcedure } from './update.ts';
import { validateProcedure } from './validate.ts';
import { versionsProcedure } from './versions.ts';

export const rulesRouter = router({
  list: listProcedure,
  get: getProcedure,
  create: createProcedure,
  update: updateProcedure,
  toggle: toggleProcedure,
  clone: cloneProcedure,
  remove: removeProcedure,
  versions: versionsProcedure,
  test: testProcedure,
  validate: validateProcedure,
  addException: addExceptionProcedure,
  removeException: removeExceptionProcedure,
  sigmaPlaceholders: sigmaPlaceholdersProcedure,
});
