import { describe, expect, it } from 'vitest';
import { formatQuery, parseQuery, QuerySyntaxError } from './index.ts';

const fmt = (q: string) => formatQuery(parseQuery(q));

// [query, expected AST rendered by formatQuery: `_` = default field, `=` term/phrase, `~` wildcard]
const OK: Array<[string, string]> = [
  ['', '*'],
  ['   \t\n', '*'],
  ['*', '*'],
  ['foo', '_=foo'],
  ['category:x', 'category=x'],
  ['category: x', 'category=x'],
  ['"failed password"', '_="failed password"'],
  ['東京', '_=東京'],
  // precedence: NOT > AND (explicit or implicit) > OR
  ['a b', 'and(_=a, _=b)'],
  ['a OR b', 'or(_=a, _=b)'],
  ['a b OR c', 'or(and(_=a, _=b), _=c)'],
  ['a OR b c', 'or(_=a, and(_=b, _=c))'],
  ['a OR b AND c', 'or(_=a, and(_=b, _=c))'],
  ['a AND b OR c AND d', 'or(and(_=a, _=b), and(_=c, _=d))'],
  ['NOT a b', 'and(not(_=a), _=b)'],
  ['NOT a OR b', 'or(not(_=a), _=b)'],
  ['NOT (a OR b)', 'not(or(_=a, _=b))'],
  ['NOT(a)', 'not(_=a)'],
  ['NOT NOT a', 'not(not(_=a))'],
  ['a AND NOT b', 'and(_=a, not(_=b))'],
  ['a NOT b', 'and(_=a, not(_=b))'],
  ['(a OR b) AND c', 'and(or(_=a, _=b), _=c)'],
  ['a AND (b OR (c AND d))', 'and(_=a, or(_=b, and(_=c, _=d)))'],
  ['(a AND b) AND c', 'and(_=a, _=b, _=c)'],
  ['a OR(b)', 'or(_=a, _=b)'],
  ['a && b || !c', 'or(and(_=a, _=b), not(_=c))'],
  ['-a +b', 'and(not(_=a), _=b)'],
  ['a -category:x', 'and(_=a, not(category=x))'],
  ['ANDROID OR ORACLE NOTICE', 'or(_=ANDROID, and(_=ORACLE, _=NOTICE))'],
  ['and or not', 'and(_=and, _=or, _=not)'],
  ['a\u00a0b', 'and(_=a, _=b)'],
  // field groups
  ['category:(a OR b)', 'or(category=a, category=b)'],
  ['category:(a b)', 'and(category=a, category=b)'],
  ['category:(NOT a)', 'not(category=a)'],
  ['category:(a OR hostname:b)', 'or(category=a, hostname=b)'],
  ['category:(a OR "b c")', 'or(category=a, category="b c")'],
  // field names
  ['sourceipaddress:1.2.3.4', 'details.sourceipaddress=1.2.3.4'],
  ['details.a.b.c:x', 'details.a.b.c=x'],
  ['a.b:x', 'details.a.b=x'],
  ['@timestamp:x', 'details.@timestamp=x'],
  ['source-ip:x', 'details.source-ip=x'],
  ['user_name2:x', 'details.user_name2=x'],
  ['summary:x', 'summary=x'],
  ['tags:ioc:hash', 'tags=ioc:hash'],
  // values
  ['hostname:web-01', 'hostname=web-01'],
  ['a-b', '_=a-b'],
  ['details.url:http://x.y/z?a=1', 'details.url~http://x.y/z?a=1'],
  ['details.url:"http://x.y/z?a=1"', 'details.url="http://x.y/z?a=1"'],
  ['utctimestamp:2026-11-22T08:00:00Z', 'utctimestamp=2026-11-22T08:00:00Z'],
  ['details.path:C\\:\\\\Windows', 'details.path=C:\\Windows'],
  ['details.q:say\\ \\"hi\\"', 'details.q=say "hi"'],
  ['"a \\"b\\" \\\\ c"', '_="a \\"b\\" \\\\ c"'],
  ['x:""', 'details.x=""'],
  ['category:x^2 b^1.5', 'and(category=x, _=b)'],
  // wildcards and exists
  ['hostname:web*', 'hostname~web*'],
  ['details.username:adm?n', 'details.username~adm?n'],
  ['*fail*', '_~*fail*'],
  ['details.w:a\\*b', 'details.w=a*b'],
  ['details.w:a\\*b*', 'details.w~a\\*b*'],
  ['x:*', 'exists(details.x)'],
  ['category:*', 'exists(category)'],
  ['x:**', 'exists(details.x)'],
  ['_exists_:sourceipaddress', 'exists(details.sourceipaddress)'],
  ['_exists_:tags', 'exists(tags)'],
  ['NOT _exists_:details.a', 'not(exists(details.a))'],
  ['-_exists_:a _exists_:b', 'and(not(exists(details.a)), exists(details.b))'],
  // ranges
  ['details.port:[1 TO 5]', 'details.port:[1 TO 5]'],
  ['details.port:{1 TO 5]', 'details.port:{1 TO 5]'],
  ['details.port:[1 TO 5}', 'details.port:[1 TO 5}'],
  ['details.port:[* TO 5]', 'details.port:[* TO 5]'],
  ['details.port:[1 TO *}', 'details.port:[1 TO *]'],
  ['details.port:[* TO *]', 'exists(details.port)'],
  ['details.port:["a b" TO "c"]', 'details.port:[a b TO c]'],
  ['details.port:>=5', 'details.port:[5 TO *]'],
  ['details.port:>5', 'details.port:{5 TO *]'],
  ['details.port:<5', 'details.port:[* TO 5}'],
  ['details.port:<=5', 'details.port:[* TO 5]'],
  ['details.port:>"x y"', 'details.port:{x y TO *]'],
  ['utctimestamp:[now-1h TO now]', 'utctimestamp:[now-1h TO now]'],
  ['utctimestamp:>2026-11-22T08:00:00Z', 'utctimestamp:{2026-11-22T08:00:00Z TO *]'],
  ['utctimestamp:[now-1d/d TO now/d}', 'utctimestamp:[now-1d/d TO now/d}'],
  // regex
  ['summary:/ab+c/', 'summary=/ab+c/'],
  ['x:/a\\/b/', 'details.x=/a/b/'],
  ['x:/a\\:b\\.c/', 'details.x=/a:b\\.c/'],
  ['x:/\\d{1,3}(?:\\.\\d+)*/', 'details.x=/\\d{1,3}(?:\\.\\d+)*/'],
  ['id:00000000-0000-4000-8000-00000000000A', 'id=00000000-0000-4000-8000-00000000000a'],
];

// [query, message pattern, position]
const ERRORS: Array<[string, RegExp, number]> = [
  ['category:', /^Expected a value after "category:" at position 9$/, 9],
  ['category:   ', /Expected a value after "category:"/, 12],
  ['category: AND x', /Expected a value after "category:"/, 10],
  ['category:)', /Expected a value after "category:"/, 9],
  ['a AND', /Expected a clause after "AND" at position 5/, 5],
  ['a OR', /Expected a clause after "OR"/, 4],
  ['a ||  ', /Expected a clause after "\|\|"/, 6],
  ['a AND OR b', /Expected a clause after "AND" but found "OR"/, 6],
  ['AND a', /Unexpected "AND"/, 0],
  ['OR', /Unexpected "OR"/, 0],
  ['a OR OR b', /Expected a clause after "OR" but found "OR"/, 5],
  ['NOT', /Expected a clause after "NOT"/, 3],
  ['a !', /Expected a clause after "!"/, 3],
  ['-', /Expected a clause after "-"/, 1],
  ['- a', /Expected a clause right after "-"/, 1],
  ['(a', /Missing "\)" to close the "\(" at position 0/, 0],
  ['x ((a)', /Missing "\)"/, 2],
  ['(a OR (b)', /Missing "\)"/, 0],
  ['a)', /Unbalanced "\)" at position 1/, 1],
  ['(a))', /Unbalanced "\)"/, 3],
  ['()', /Empty group/, 0],
  ['x:( )', /Empty group/, 2],
  ['"abc', /Unterminated quoted phrase starting at position 0/, 0],
  ['x:"abc', /Unterminated quoted phrase/, 2],
  ['x:/abc', /Unterminated regular expression/, 2],
  ['x:[1 TO', /Expected an upper bound/, 7],
  ['x:[1 5]', /Expected "TO"/, 5],
  ['x:[1 to 5]', /Expected "TO"/, 5],
  ['x:[1 TO 5', /Expected "\]" or "\}"/, 9],
  ['x:[ TO 5]', /Expected a lower bound/, 4],
  ['x:[1 TO ]', /Expected an upper bound/, 8],
  ['x:[a* TO b]', /Wildcards are not allowed/, 3],
  ['x:>', /Expected a value after ">"/, 3],
  ['x:>=*', /Expected a value after ">=", not "\*"/, 4],
  ['id:nope', /Invalid UUID "nope" for id/, 3],
  ['id:0000000-0000-4000-8000-00000000000a', /Invalid UUID/, 3],
  ['id:[a TO b]', /Only exact values/, 3],
  ['utctimestamp:yesterday', /Invalid time "yesterday".* for utctimestamp/, 13],
  ['utctimestamp:[now-1h TO tomorrow]', /Invalid time "tomorrow"/, 13],
  ['utctimestamp:2026-13-01', /out of range/, 13],
  ['receivedtimestamp:web*', /not supported on receivedtimestamp/, 18],
  ['x:/a(?=b)/', /Unsupported regular expression \/a\(\?=b\)\/ \(only \(\?:\.\.\.\) groups/, 2],
  ['x:/\\bword/', /escape \\b is not supported/, 2],
  ['x:/(a)\\1/', /escape \\1/, 2],
  ['x:/[[:alpha:]]/', /POSIX bracket classes/, 2],
  ['x:/[]a]/', /must be escaped/, 2],
  ['x:/a{300}/', /repetition counts above 255/, 2],
  ['x:/(/', /Unsupported regular expression/, 2],
  ['x:/a**/', /Unsupported regular expression/, 2],
  ['details:x', /Field "details" needs a sub-field/, 0],
  ['a..b:x', /Invalid field name "a\.\.b"/, 0],
  ['details.:x', /Invalid field name/, 0],
  ['a~', /Fuzzy and proximity searches/, 1],
  ['"a b"~2', /Fuzzy and proximity/, 5],
  ['a^', /Expected a number after "\^"/, 2],
  ['x\\', /Dangling escape/, 1],
  ['_exists_:', /Expected a field name after "_exists_:"/, 9],
  ['_exists_:a*', /Invalid field name after "_exists_:"/, 10],
  ['a ]', /Expected a value/, 2],
  ['a\u0000b', /Invalid character U\+0000/, 1],
  ['x:"a\ud800"', /Invalid character U\+D800/, 4],
];

describe('parseQuery', () => {
  it.each(OK)('%j → %s', (q, expected) => {
    expect(fmt(q)).toBe(expected);
  });

  it.each(ERRORS)('rejects %j', (q, message, position) => {
    let err: unknown;
    try {
      parseQuery(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QuerySyntaxError);
    const e = err as QuerySyntaxError;
    expect(e.message).toMatch(message);
    expect(e.position).toBe(position);
    expect(e.message).toContain(`at position ${position}`);
  });

  it('keeps the raw date text so relative dates resolve when the query runs', () => {
    expect(parseQuery('utctimestamp:>now-15m')).toEqual({
      type: 'range',
      field: 'utctimestamp',
      lower: { value: 'now-15m', inclusive: false },
      upper: null,
    });
  });

  it('splits wildcard values into literal and wildcard parts', () => {
    expect(parseQuery('hostname:we\\*b?01*')).toEqual({
      type: 'wildcard',
      field: 'hostname',
      parts: [{ kind: 'literal', text: 'we*b' }, { kind: 'one' }, { kind: 'literal', text: '01' }, { kind: 'any' }],
    });
  });
});

describe('parseQuery limits', () => {
  const errorOf = (q: string) => {
    try {
      parseQuery(q);
    } catch (e) {
      return e as QuerySyntaxError;
    }
    throw new Error('expected a QuerySyntaxError');
  };

  it('rejects queries over 10,000 characters', () => {
    const e = errorOf('a '.repeat(5001));
    expect(e).toBeInstanceOf(QuerySyntaxError);
    expect(e.message).toMatch(/too long \(10002 characters/);
    expect(parseQuery('a'.repeat(10_000))).toEqual({ type: 'term', field: null, value: 'a'.repeat(10_000) });
  });

  it('accepts 50 levels of nesting and rejects 51', () => {
    expect(fmt(`${'('.repeat(50)}a${')'.repeat(50)}`)).toBe('_=a');
    expect(errorOf(`${'('.repeat(51)}a${')'.repeat(51)}`).message).toMatch(/deeper than 50 levels at position 50/);
  });

  it('counts prefix operators as nesting instead of overflowing the stack', () => {
    expect(errorOf(`${'NOT '.repeat(2000)}a`)).toBeInstanceOf(QuerySyntaxError);
    expect(errorOf(`${'-'.repeat(9000)}a`)).toBeInstanceOf(QuerySyntaxError);
    expect(errorOf(`${'('.repeat(9999)}`)).toBeInstanceOf(QuerySyntaxError);
    expect(errorOf(`x:${'('.repeat(9990)}`)).toBeInstanceOf(QuerySyntaxError);
  });

  it('keeps long flat chains flat', () => {
    const node = parseQuery(Array(2000).fill('a').join(' OR '));
    expect(node.type === 'or' && node.children.length).toBe(2000);
  });
});
