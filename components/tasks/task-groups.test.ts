import { describe, expect, it } from 'vitest';
import { dueGroup, groupByDue, isOverdue } from './task-groups.ts';

describe('my tasks grouping', () => {
  const now = new Date(2026, 10, 30, 10, 0); // local time, Monday 30 Nov 2026 10:00
  const at = (d: number, h = 12) => new Date(2026, 10, 30 + d, h).toISOString();

  it('sorts due dates into overdue, today, this week, later and none', () => {
    expect(dueGroup(at(0, 9), now)).toBe('Overdue');
    expect(dueGroup(at(0, 23), now)).toBe('Due today');
    expect(dueGroup(at(3), now)).toBe('Due this week');
    expect(dueGroup(at(10), now)).toBe('Later');
    expect(dueGroup(null, now)).toBe('No due date');
  });

  it('keeps group order and item order, leaving out empty groups', () => {
    const items = [
      { dueAt: at(-1) },
      { dueAt: at(10) },
      { dueAt: null },
      { dueAt: at(-2) },
      { dueAt: at(-3), status: 'done' },
    ].map((t) => ({ status: 'open', ...t }));
    expect(groupByDue(items, now).map((g) => [g.group, g.items.length])).toEqual([
      ['Overdue', 2],
      ['Later', 1],
      ['No due date', 1],
      ['Finished', 1],
    ]);
  });

  it('a finished task is never overdue', () => {
    expect(isOverdue({ dueAt: at(-1), status: 'open' }, now)).toBe(true);
    expect(isOverdue({ dueAt: at(-1), status: 'done' }, now)).toBe(false);
  });
});
