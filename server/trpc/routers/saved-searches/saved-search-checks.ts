import { parseQ, parseRange } from '../events/query-input.ts';

/** A saved search must be runnable: its query parses and its range resolves. */
export function checkRunnable(
  p: { query?: string; timeFrom?: string; timeTo?: string },
  current?: { timeFrom: string; timeTo: string },
): void {
  if (p.query !== undefined) parseQ(p.query);
  if (p.timeFrom !== undefined || p.timeTo !== undefined)
    parseRange(p.timeFrom ?? current?.timeFrom, p.timeTo ?? current?.timeTo);
}
