import { router } from '../../init.ts';
import { aggregateProcedure } from './aggregate.ts';
import { fieldTopValuesProcedure } from './field-top-values.ts';
import { fieldsProcedure } from './fields.ts';
import { getProcedure } from './get.ts';
import { histogramProcedure } from './histogram.ts';
import { searchProcedure } from './search.ts';
import { tailProcedure } from './tail.ts';
import { validateQueryProcedure } from './validate-query.ts';

export const eventsRouter = router({
  search: searchProcedure,
  aggregate: aggregateProcedure,
  histogram: histogramProcedure,
  get: getProcedure,
  fields: fieldsProcedure,
  fieldTopValues: fieldTopValuesProcedure,
  validateQuery: validateQueryProcedure,
  tail: tailProcedure,
});
