import { describe, expect, it } from 'vitest';
import { parseQuery } from '../store/query/index.ts';
import { prefilterOf } from './tail-prefilter.ts';

const pf = (q: string) => prefilterOf(parseQuery(q));

describe('prefilterOf: a necessary keyword-column condition, or null', () => {
  it.each([
    ['category:auth', { column: 'category', values: ['auth'] }],
    ['category:auth AND details.user:bob', { column: 'category', values: ['auth'] }],
    ['hostname:web1 OR hostname:"web2"', { column: 'hostname', values: ['web1', 'web2'] }],
    ['severity:warning AND (category:a OR category:b)', { column: 'severity', values: ['WARNING'] }],
    ['(category:a OR category:b) AND hostname:h', { column: 'hostname', values: ['h'] }],
  ])('%s', (q, want) => expect(pf(q)).toEqual(want));

  it.each([
    '',
    'details.user:bob',
    'NOT category:auth',
    'category:auth OR hostname:x',
    'category:au*',
    'category:auth OR details.x:1',
    'processid:22',
  ])('none for %j (the tail must see every event)', (q) => expect(pf(q)).toBeNull());
});
