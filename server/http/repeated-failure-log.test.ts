import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger.ts';
import { RepeatedFailureLog } from './repeated-failure-log.ts';

describe('RepeatedFailureLog', () => {
  it('logs a repeated failure once, with the count held back when it changes or after a quiet spell', () => {
    const lines: Array<{ repeatsSincePrevious: number }> = [];
    const log = { error: (o: { repeatsSincePrevious: number }) => lines.push(o) } as unknown as Logger;
    let t = 0;
    const r = new RepeatedFailureLog(log, 'ingest failed', 1000, () => t);
    const down = new Error('Connection is closed.');
    for (let i = 0; i < 500; i++) {
      r.report(down);
      t += 10;
    }
    expect(lines).toHaveLength(1);
    r.report(new Error('something else'));
    expect(lines.map((l) => l.repeatsSincePrevious)).toEqual([0, 499]);
    t += 5000;
    r.report(new Error('something else'));
    expect(lines).toHaveLength(3);
  });
});
