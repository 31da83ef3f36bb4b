import { describe, expect, it } from 'vitest';
import { locateQueryError } from './error-location.ts';
import { parseQuery, QuerySyntaxError } from './index.ts';

function locate(q: string) {
  try {
    parseQuery(q);
  } catch (err) {
    if (err instanceof QuerySyntaxError) return locateQueryError(q, err);
    throw err;
  }
  throw new Error('parsed');
}

describe('locateQueryError', () => {
  it('turns the parser position into offset, line, column and a reason without the position', () => {
    expect(locate('category:')).toEqual({
      message: 'Expected a value after "category:" at position 9',
      reason: 'Expected a value after "category:"',
      offset: 9,
      line: 1,
      column: 10,
    });
    expect(locate('a AND\n  b AND\n  "open')).toMatchObject({
      offset: 16,
      line: 3,
      column: 3,
      reason: 'Unterminated quoted phrase',
    });
    expect(locate('(a')).toMatchObject({ offset: 0, line: 1, column: 1 });
  });
});
