// Queries the search-engine layout cannot express are the user's to change: a QueryRefusedError
// (invalid_query, 400) naming the feature, never a plain Error that the API would answer as a 500.
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE } from '../../errors/app-error.ts';
import { QueryRefusedError } from '../query-timeout.ts';
import { ANY_FIELD, type QueryNode } from '../query/ast.ts';
import { windowedQuery } from './search-engine-event-store.ts';

const from = new Date('2026-01-01T00:00:00Z');
const to = new Date('2026-01-02T00:00:00Z');

function refusal(node: QueryNode): QueryRefusedError {
  try {
    windowedQuery(node, from, to);
  } catch (err) {
    expect(err).toBeInstanceOf(QueryRefusedError);
    return err as QueryRefusedError;
  }
  throw new Error('the query was compiled');
}

describe('search-engine DSL refusals', () => {
  it('refuses a Sigma keyword search over every field as a 400 naming it', () => {
    const err = refusal({
      type: 'wildcard',
      field: ANY_FIELD,
      parts: [{ kind: 'literal', text: 'Failed password' }],
    } as QueryNode);
    expect(ERROR_TABLE[err.code].status).toBe(400);
    expect(err.message).toMatch(/keyword search over every field .*not supported with the search-engine event store/);
    expect(refusal({ type: 'phrase', field: ANY_FIELD, value: 'x' }).message).toMatch(/keyword search/);
  });

  it('refuses a Sigma fieldref comparison as a 400 naming it', () => {
    expect(refusal({ type: 'fieldRef', field: 'details.a', other: 'details.b', ignoreCase: true }).message).toMatch(
      /Comparing two fields \(Sigma \|fieldref\)/,
    );
  });

  it('refuses a regex on the event id or a timestamp as a 400, not a server error', () => {
    expect(refusal({ type: 'regex', field: 'id', pattern: 'a.*' } as QueryNode).message).toMatch(/the event id/);
    expect(refusal({ type: 'regex', field: 'utctimestamp', pattern: '2026.*' } as QueryNode).message).toMatch(
      /a timestamp/,
    );
  });

  it('still compiles what it can run', () => {
    expect(windowedQuery({ type: 'term', field: 'details.user', value: 'bob' }, from, to)).toHaveProperty('bool');
  });
});
