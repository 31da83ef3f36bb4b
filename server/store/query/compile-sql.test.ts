import { describe, expect, it } from 'vitest';
import { compileMatcher, compileToSql, parseQuery, QuerySyntaxError } from './index.ts';
import { randomQueries } from './test-fixtures.ts';

const sql = (q: string, offset?: number) => compileToSql(parseQuery(q), offset);

describe('compileToSql shapes', () => {
  it.each([
    ['category:authentication', 'category = $1', ['authentication']],
    ['hostname:web-01', 'hostname = $1', ['web-01']],
    ['processid:42', 'processid = $1', ['42']],
    ['severity:warning', 'upper(severity) = $1', ['WARNING']],
    ['tags:sshd', 'tags @> ARRAY[$1]::text[]', ['sshd']],
    ['id:00000000-0000-4000-8000-00000000000A', 'id = $1::uuid', ['00000000-0000-4000-8000-00000000000a']],
    ['failed', 'summary ILIKE $1', ['%failed%']],
    ['summary:"100% a_b\\\\c"', 'summary ILIKE $1', ['%100\\% a\\_b\\\\c%']],
    ['hostname:web*', 'hostname ILIKE $1', ['web%']],
    ['hostname:w\\*e?b\\%*', 'hostname ILIKE $1', ['w*e_b\\%%']],
    ['summary:/fail.*/', 'summary ~* $1', ['(?:fail.*)']],
    ['hostname:/web-0[12]/', 'hostname ~ $1', ['^(?:web-0[12])$']],
    ['*', 'TRUE', []],
    ['NOT *', '(NOT TRUE)', []],
    ['_exists_:hostname', 'TRUE', []],
    ['_exists_:tags', 'cardinality(tags) > 0', []],
    ['category:a OR NOT hostname:b', '(category = $1 OR (NOT hostname = $2))', ['a', 'b']],
    [
      'utctimestamp:[2026-11-20 TO 2026-11-21}',
      '(utctimestamp >= $1::timestamptz AND utctimestamp < $2::timestamptz)',
      ['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ],
    [
      'utctimestamp:2026-11-20',
      '(utctimestamp >= $1::timestamptz AND utctimestamp <= $2::timestamptz)',
      ['2026-11-20T00:00:00.000Z', '2026-11-20T23:59:59.999Z'],
    ],
  ])('%s', (q, expectedSql, params) => {
    expect(sql(q)).toEqual({ sql: expectedSql, params });
  });

  it('matches details terms by GIN-indexable containment, as string, number, boolean and array element', () => {
    expect(sql('details.sourceipaddress:1.2.3.4')).toEqual({
      sql: '(details @> $1::jsonb OR details @> $2::jsonb)',
      params: ['{"sourceipaddress":"1.2.3.4"}', '{"sourceipaddress":["1.2.3.4"]}'],
    });
    expect(sql('sourceport:22').params).toEqual([
      '{"sourceport":"22"}',
      '{"sourceport":["22"]}',
      '{"sourceport":22}',
      '{"sourceport":[22]}',
    ]);
    expect(sql('details.a.b:true').params).toEqual([
      '{"a":{"b":"true"}}',
      '{"a":{"b":["true"]}}',
      '{"a":{"b":true}}',
      '{"a":{"b":[true]}}',
    ]);
    expect(sql(`details.q:"it's \\"x\\""`).params[0]).toBe('{"q":"it\'s \\"x\\""}');
  });

  it('uses the details path as a text[] parameter for wildcards, regexes and ranges', () => {
    const frag = sql('details.username:adm?n');
    expect(frag.params).toEqual(['adm_n', ['username']]);
    expect(frag.sql).toContain("(details #> $2::text[]) #>> '{}'");
    expect(frag.sql).toContain('ILIKE $1');
    expect(sql('details.a.b:[1 TO 5}').params).toEqual(['1', '5', ['a', 'b']]);
    expect(sql('details.a:>=x').sql).toContain('COLLATE "C"');
  });

  it('numbers placeholders from paramOffset', () => {
    expect(sql('category:a hostname:b', 3)).toEqual({ sql: '(category = $4 AND hostname = $5)', params: ['a', 'b'] });
    expect(() => compileToSql(parseQuery('a'), -1)).toThrow(RangeError);
  });
});

// Words the compiler itself writes; anything else in the SQL text would be interpolated user input.
const SQL_VOCABULARY = new Set(
  `TRUE FALSE AND OR NOT ILIKE ARRAY text jsonb uuid timestamptz numeric details tags id utctimestamp
   receivedtimestamp category source hostname processname processid severity summary upper COALESCE false
   CASE WHEN THEN END IN WHERE jsonb_typeof string number boolean array object null EXISTS SELECT FROM unnest AS
   q_el v jsonb_array_elements COLLATE C cardinality`.split(/\s+/),
);
const SQL_CONSTANTS = [
  "'{}'",
  "'string'",
  "'number'",
  "'boolean'",
  "'array'",
  "'object'",
  "'null'",
  "'^-?[0-9]+([.][0-9]+)?$'",
  '"C"',
];

describe('compileToSql never interpolates user text', () => {
  const queries = [
    ...randomQueries(1000, 7),
    ...randomQueries(1000, 11, 0.08),
    `hostname:"'; DROP TABLE events; --"`,
    `details.x:\\'\\;DROP`,
    'details.$1:x',
    'details.a$b:"$1"',
    "summary:/'; DROP TABLE events; --/",
    'details.q:[a\\" TO "b\'"]',
  ];

  it(`holds for ${queries.length} generated and hostile queries`, () => {
    let compiled = 0;
    for (const q of queries) {
      let node: ReturnType<typeof parseQuery>;
      try {
        node = parseQuery(q);
      } catch (err) {
        if (!(err instanceof QuerySyntaxError)) throw new Error(`${JSON.stringify(q)} threw ${String(err)}`);
        continue;
      }
      compiled++;
      const frag = compileToSql(node, 2);
      let rest = frag.sql;
      for (const c of SQL_CONSTANTS) rest = rest.split(c).join(' ');
      expect(rest, q).not.toMatch(/['";]/);
      const foreign = (rest.match(/[A-Za-z_]+/g) ?? []).filter((w) => !SQL_VOCABULARY.has(w));
      expect(foreign, q).toEqual([]);
      const placeholders = new Set((rest.match(/\$\d+/g) ?? []).map((p) => Number(p.slice(1))));
      expect(
        [...placeholders].sort((a, b) => a - b),
        q,
      ).toEqual(frag.params.map((_, i) => i + 3));
      expect(() => compileMatcher(node), q).not.toThrow();
    }
    expect(compiled).toBeGreaterThan(1000);
  });
});
