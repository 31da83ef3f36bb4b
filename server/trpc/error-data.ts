// Extra, typed data on tRPC errors (the `errorFormatter` of init.ts): what the UI needs to act on
// an error without parsing its message.
import type { TRPCDefaultErrorShape } from '@trpc/server';
import { z } from 'zod';
import { describeIssues } from '../http/v1/validation.ts';
import type { QueryErrorLocation } from '../store/query/error-location.ts';

/** A bad Lucene query (or time bound): where it is wrong, for an inline marker. */
export class QueryInputError extends Error {
  constructor(
    /** Which input was wrong: the query, or a time bound. */
    readonly input: 'q' | 'from' | 'to' | 'range',
    readonly location: QueryErrorLocation | null,
    message: string,
  ) {
    super(message);
    this.name = 'QueryInputError';
  }
}

/** An edit based on an old version: the client gets the current record to merge or reload. */
export class StaleVersionError extends Error {
  constructor(readonly current: unknown) {
    super('this record was changed by someone else: reload it and apply your change again');
    this.name = 'StaleVersionError';
  }
}

export interface PicketErrorData {
  /** Set for invalid queries and time ranges. */
  queryError?: { input: QueryInputError['input']; location: QueryErrorLocation | null };
  /** Set for CONFLICT on a stale version. */
  current?: unknown;
}

export function formatError({ shape, error }: { shape: TRPCDefaultErrorShape; error: { cause?: unknown } }): TRPCDefaultErrorShape & { data: PicketErrorData } {
  const cause = error.cause;
  const data: TRPCDefaultErrorShape['data'] & PicketErrorData = { ...shape.data };
  if (cause instanceof QueryInputError) data.queryError = { input: cause.input, location: cause.location };
  // Any cause carrying `current` (StaleVersionError here, the cases feature's conflicts) is a version conflict.
  const current = (cause as { current?: unknown } | undefined)?.current;
  if (current !== undefined) data.current = current;
  // Input the schema refused reads as words ("email: must be …"), as REST's 400s do, not a JSON dump of issues.
  const message = cause instanceof z.ZodError ? describeIssues(cause) : shape.message;
  return { ...shape, message, data };
}
