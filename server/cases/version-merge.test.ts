import { describe, expect, it } from 'vitest';
import { bumpFieldVersions, planMerge } from './version-merge.ts';

const current = { summary: 'b', description: 'x', tags: ['a'] };

describe('planMerge', () => {
  it('applies an edit based on the current version', () => {
    expect(planMerge(current, {}, 3, 3, { summary: 'c' })).toEqual({
      kind: 'apply',
      changed: ['summary'],
      merged: false,
    });
  });

  it('merges a stale edit whose fields did not change since its base', () => {
    expect(planMerge(current, { summary: 3 }, 4, 2, { description: 'y' })).toEqual({
      kind: 'apply',
      changed: ['description'],
      merged: true,
    });
  });

  it('refuses a stale edit of a field changed after its base', () => {
    expect(planMerge(current, { summary: 3 }, 4, 2, { summary: 'mine', description: 'y' })).toEqual({
      kind: 'conflict',
      fields: ['summary'],
    });
  });

  it('treats sending the stored value as no change, and compares arrays by value', () => {
    expect(planMerge(current, { summary: 3, tags: 4 }, 4, 1, { summary: 'b', tags: ['a'] })).toEqual({
      kind: 'apply',
      changed: [],
      merged: true,
    });
  });

  it('refuses a base version from the future', () => {
    expect(planMerge(current, {}, 2, 5, { summary: 'c' }).kind).toBe('conflict');
  });

  it('records the version at which fields changed', () => {
    expect(bumpFieldVersions({ a: 1 }, ['b'], 7)).toEqual({ a: 1, b: 7 });
  });
});
