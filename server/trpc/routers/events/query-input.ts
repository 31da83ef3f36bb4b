import { AppError } from '../../../errors/app-error.ts';
import { locateQueryError, parseQuery, QuerySyntaxError, type QueryNode } from '../../../store/query/index.ts';
import { resolveRange, TimeParseError } from '../../../store/time-range.ts';
import { QueryInputError } from '../../error-data.ts';

/** Parses q; a syntax error becomes BAD_REQUEST carrying its offset/line/column (error-data.ts). */
export function parseQ(q: string): QueryNode {
  try {
    return parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) {
      const location = locateQueryError(q, err);
      throw new QueryInputError('q', location, err.message);
    }
    throw err;
  }
}

/** from/to as the REST API reads them (default last 24 h); bad ones are BAD_REQUEST naming the bound. */
export function parseRange(
  from: string | undefined,
  to: string | undefined,
  now = new Date(),
): { from: Date; to: Date } {
  try {
    return resolveRange(from, to, now, 'now-24h');
  } catch (err) {
    if (err instanceof TimeParseError) {
      const input = err.message.startsWith('from:') ? 'from' : err.message.startsWith('to:') ? 'to' : 'range';
      throw new QueryInputError(input, null, err.message);
    }
    throw err;
  }
}

/** groupExpression throws a plain Error for fields it cannot group by: that is the caller's mistake. */
export function badField(err: unknown): never {
  if (err instanceof Error && /unsupported aggregation field/.test(err.message)) {
    throw new AppError(
      'bad_request',
      `${err.message.replace('unsupported aggregation field', 'cannot count values of field')}`,
    );
  }
  throw err;
}
