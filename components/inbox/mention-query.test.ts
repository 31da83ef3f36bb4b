import { describe, expect, it } from 'vitest';
import { insertMention, matchPeople, mentionAt } from './mention-query.ts';

describe('composer mention autocomplete', () => {
  it('finds the @query at the caret only where a mention can start', () => {
    expect(mentionAt('ping @bo', 8)).toEqual({ start: 5, query: 'bo' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('mail bob@exa', 12)).toBeNull();
    expect(mentionAt('ping @bob now', 13)).toBeNull();
  });

  it('inserts the handle with one space after it and puts the caret there', () => {
    const at = mentionAt('ping @bo please', 8)!;
    expect(insertMention('ping @bo please', 8, at, 'bob')).toEqual({ text: 'ping @bob please', caret: 10 });
    expect(insertMention('@', 1, mentionAt('@', 1)!, 'dup@a.example')).toEqual({ text: '@dup@a.example ', caret: 15 });
  });

  it('ranks handle prefixes before name or email matches', () => {
    const people = [
      { handle: 'ana', name: 'Ana Lopez', email: 'ana@x.org' },
      { handle: 'bob', name: 'Bob Anders', email: 'bob@x.org' },
      { handle: 'carl', name: '', email: 'carl@x.org' },
    ];
    expect(matchPeople(people, 'an').map((p) => p.handle)).toEqual(['ana', 'bob']);
    expect(matchPeople(people, '').length).toBe(3);
  });
});
