import { TRPCError } from '@trpc/server';
import { SavedSearchError } from '../../../searches/saved-searches.ts';
import { StaleVersionError } from '../../error-data.ts';
import { parseQ, parseRange } from '../events/query-input.ts';

/** Service errors as tRPC codes; a stale version is CONFLICT carrying the current record. */
export function asTrpcError(err: unknown): never {
  if (err instanceof SavedSearchError) {
    if (err.code === 'version_conflict') throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: new StaleVersionError(err.current) });
    throw new TRPCError({ code: err.code === 'not_found' ? 'NOT_FOUND' : 'FORBIDDEN', message: err.message });
  }
  throw err;
}

/** A saved search must be runnable: its query parses and its range resolves. */
export function checkRunnable(p: { query?: string; timeFrom?: string; timeTo?: string }, current?: { timeFrom: string; timeTo: string }): void {
  if (p.query !== undefined) parseQ(p.query);
  if (p.timeFrom !== undefined || p.timeTo !== undefined) parseRange(p.timeFrom ?? current?.timeFrom, p.timeTo ?? current?.timeTo);
}

