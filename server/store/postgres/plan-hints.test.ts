import { describe, expect, it } from 'vitest';
import { parseQuery } from '../query/index.ts';
import { avoidIndexOrder } from './plan-hints.ts';
import { SqlBuilder } from './search-sql.ts';

describe('avoidIndexOrder', () => {
  it.each([
    ['"Accepted publickey" AND details.sourceipaddress:1.2.3.4', true],
    ['details.sourceipaddress:1.2.3.4 failed', true],
    ['summary:"GET https" AND hostname:web1', true],
    ['(failed OR accepted) AND category:authentication', true],
    ['details.sourceipaddress:1.2.3.4', false],
    ['category:authentication AND hostname:web1', false],
    ['failed', false],
    ['failed password', false],
    ['', false],
  ])('%s → %s', (q, expected) => {
    expect(avoidIndexOrder(parseQuery(q))).toBe(expected);
  });
});

describe('SqlBuilder: free text and the summary trigram index', () => {
  const sql = (q: string) => new SqlBuilder().condition(parseQuery(q));

  it('lets free text alone use the index', () => {
    expect(sql('qakbot')).toMatch(/^summary ILIKE \$1$/);
    expect(sql('qakbot OR "Failed password"')).not.toContain("(summary || '')");
  });

  it('keeps it out of free text ANDed with another condition, which then narrows the rows', () => {
    expect(sql('"Failed password" AND hostname:db-02')).toContain("(summary || '') ILIKE");
    expect(sql('summary:beacon* AND category:proxy')).toContain("(summary || '') ILIKE");
  });
});
