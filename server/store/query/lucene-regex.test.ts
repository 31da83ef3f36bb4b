import { describe, expect, it } from 'vitest';
import { toLuceneRegex } from './lucene-regex.ts';

describe('toLuceneRegex', () => {
  it('anchors free text only where the pattern says so', () => {
    expect(toLuceneRegex('fail.*', false)).toBe('.*(fail.*).*');
    expect(toLuceneRegex('^fail|ed$', false)).toBe('(fail).*|.*(ed)');
    expect(toLuceneRegex('web-0[12]', true)).toBe('(web\\-0[12])');
  });

  it('keeps Lucene-only operators literal and drops lazy quantifiers', () => {
    expect(toLuceneRegex('a&b~c<d>@#"', true)).toBe('(a\\&b\\~c\\<d\\>\\@\\#\\")');
    expect(toLuceneRegex('a+?b*?(?:c|)', true)).toBe('(a+b*(c|""))');
  });

  it('writes escapes as literal characters and keeps class escapes', () => {
    expect(toLuceneRegex('\\d+\\.\\u0041\\t[\\w-]', true)).toBe('(\\d+\\.A\\\t[\\w\\-])');
  });

  it('adds the other case inside classes for case-insensitive patterns', () => {
    expect(toLuceneRegex('[a-z]+', true, true)).toBe('([a-zA-Z]+)');
    expect(toLuceneRegex('[^Q0-9]', true, true)).toBe('([^Q0-9q])');
    expect(toLuceneRegex('[!-~]', true, true)).toBe('([\\!-\\~A-Za-z])');
  });

  it('refuses anchors in the middle of a pattern instead of changing their meaning', () => {
    expect(() => toLuceneRegex('a^b', false)).toThrow(/not supported/);
    expect(() => toLuceneRegex('(a$)b', false)).toThrow(/not supported/);
  });
});
