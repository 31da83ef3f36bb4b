import { locateQueryError, parseQuery, QuerySyntaxError } from '../../../store/query/index.ts';
import { permission } from '../../init.ts';
import { validateQueryInput } from './events.types.ts';

/** For the query bar while typing: a result, not an error, so the UI can mark the position inline. */
export const validateQueryProcedure = permission('events:read')
  .input(validateQueryInput)
  .query(({ input }) => {
    try {
      parseQuery(input.q);
      return { valid: true as const };
    } catch (err) {
      if (err instanceof QuerySyntaxError) return { valid: false as const, error: locateQueryError(input.q, err) };
      throw err;
    }
  });
