// Every search a user can shape runs under a time limit (statement_timeout on the read pool), so a
// costly query cannot hold a connection, or the database, for minutes.
import { AppError } from '../errors/app-error.ts';

/** A user's query ran past the limit and was cancelled: a 400 naming what to change, not a 500. */
export class QueryTimeoutError extends AppError<'query_timeout'> {
  constructor(limitMs?: number) {
    const limit = limitMs ? ` (${Math.round(limitMs / 100) / 10} s)` : '';
    super(
      'query_timeout',
      `the query ran past the time limit${limit} and was stopped: narrow the time range or the query (leading wildcards and regexes read every event)`,
    );
  }
}

/**
 * Whether Postgres stopped the statement for its time limit. Usually query_canceled; but a cancel
 * that lands while Postgres compiles a regex (the trigram index analyses a regex before it reads
 * anything, and `x{150}` takes a while) surfaces as invalid_regular_expression "operation cancelled".
 */
export function isStatementCancel(err: unknown): boolean {
  const { code, message } = err as { code?: unknown; message?: unknown };
  return (
    code === '57014' || (code === '2201B' && typeof message === 'string' && message.endsWith('operation cancelled'))
  );
}

/** For `.catch()` on read queries: Postgres' query_canceled (statement_timeout) becomes QueryTimeoutError. */
export function rethrowQueryTimeout(limitMs?: number): (err: unknown) => never {
  return (err) => {
    if (isStatementCancel(err)) throw new QueryTimeoutError(limitMs);
    throw err;
  };
}

/**
 * A query the event store cannot run as written (e.g. a regex the search engine refuses, or an
 * anchor it cannot express): the user's to change, answered as a 400 like a syntax error.
 */
export class QueryRefusedError extends AppError<'invalid_query'> {
  constructor(message: string) {
    super('invalid_query', message);
  }
}
