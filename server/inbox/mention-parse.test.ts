import { describe, expect, it } from 'vitest';
import { addedMentions, excerptAround, handlesFor, parseMentions, splitMentions } from './mention-parse.ts';

describe('mention parsing', () => {
  it('finds handles at word starts, lower-cased and distinct, ignoring email addresses and code', () => {
    expect(parseMentions('@Ana please ask @bob.smith, and @ana again. Mail bob@example.org')).toEqual([
      'ana',
      'bob.smith',
    ]);
    expect(parseMentions('(@carol) @dave@corp.example: done.')).toEqual(['carol', 'dave@corp.example']);
    expect(parseMentions('ran `sudo -u @root` and\n```\nuser @eve logged in\n```\nthen @frank')).toEqual(['frank']);
    expect(parseMentions('no mentions @ all, a@b, @-x, @')).toEqual([]);
    expect(parseMentions('end of sentence @gina.')).toEqual(['gina']);
  });

  it('an edit notifies only mentions it adds', () => {
    expect(addedMentions('@ana and @bob', '@ana earlier')).toEqual(['bob']);
    expect(addedMentions('@ana', null)).toEqual(['ana']);
    expect(addedMentions('@ana', '@ANA')).toEqual([]);
  });

  it('splits text into text and mention pieces', () => {
    expect(splitMentions('hi @ana, see x@y.z')).toEqual(['hi ', { handle: 'ana', raw: '@ana' }, ', see x@y.z']);
  });

  it('excerpts around the mention', () => {
    const long = `${'a '.repeat(200)}@ana look here ${'b '.repeat(200)}`;
    const e = excerptAround(long, 'ana', 60);
    expect(e).toContain('@ana look here');
    expect(e.length).toBeLessThanOrEqual(62);
    expect(excerptAround('short\n\nnote @ana', 'ana')).toBe('short note @ana');
  });

  it('uses the local part unless two users share it', () => {
    expect(
      handlesFor([{ email: 'ana@a.org' }, { email: 'bob@a.org' }, { email: 'Bob@b.org' }]).map((u) => u.handle),
    ).toEqual(['ana', 'bob@a.org', 'bob@b.org']);
  });
});
