// Extra, typed data on tRPC errors (the `errorFormatter` of init.ts): what the UI needs to act on
// an error without parsing its message. The app code and details come from the same AppError the
// REST sender renders, so both APIs say the same thing.
import type { TRPCDefaultErrorShape } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { AppError, type AppErrorCode, codeForTrpc, ERROR_TABLE, type ErrorDetails } from '../errors/app-error.ts';
import { z } from 'zod';
import { describeIssues } from '../http/v1/validation.ts';
import type { QueryErrorLocation } from '../store/query/error-location.ts';

type QueryInput = 'q' | 'from' | 'to' | 'range';

/** A bad Lucene query (or time bound): where it is wrong, for an inline marker. */
export class QueryInputError extends AppError<'invalid_query' | 'bad_request'> {
  constructor(
    /** Which input was wrong: the query, or a time bound. */
    readonly input: QueryInput,
    readonly location: QueryErrorLocation | null,
    message: string,
  ) {
    super(input === 'q' ? 'invalid_query' : 'bad_request', message, { details: { queryError: { input, location } } });
  }
}

export interface PicketErrorData {
  /** The AppError code (ERROR_TABLE), also for errors tRPC raised itself (input validation). */
  appCode: AppErrorCode;
  details?: ErrorDetails;
  /** Set for invalid queries and time ranges (also in details). */
  queryError?: { input: QueryInput; location: QueryErrorLocation | null };
  /** Set for CONFLICT on a stale version (also in details). */
  current?: unknown;
}

export function formatError({
  shape,
  error,
}: {
  shape: TRPCDefaultErrorShape;
  error: { code: string; cause?: unknown };
}): TRPCDefaultErrorShape & { data: PicketErrorData } {
  const app = error.cause instanceof AppError ? (error.cause as AppError) : undefined;
  const data: TRPCDefaultErrorShape['data'] & PicketErrorData = {
    ...shape.data,
    appCode: app?.code ?? codeForTrpc(error.code),
  };
  if (app?.details) {
    data.details = app.details;
    if (app.details.queryError) data.queryError = app.details.queryError as PicketErrorData['queryError'];
    if (app.details.current !== undefined) data.current = app.details.current;
  }
  // Input the schema refused reads as words ("email: must be …"), as REST's 400s do, not a JSON dump of issues.
  const message = error.cause instanceof z.ZodError ? describeIssues(error.cause) : shape.message;
  // An AppError thrown while a subscription runs never passes the base middleware (the generator runs
  // after it returned): give it the table's code here, so a bad live-tail query is BAD_REQUEST, not 500.
  if (app && data.code === 'INTERNAL_SERVER_ERROR') {
    const { trpc: key, status } = ERROR_TABLE[app.code];
    data.code = key;
    data.httpStatus = status;
    return { ...shape, code: TRPC_ERROR_CODES_BY_KEY[key], message, data };
  }
  return { ...shape, message, data };
}
