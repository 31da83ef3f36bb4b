import { describe, expect, it } from 'vitest';
import { isStatementCancel, QueryTimeoutError, rethrowQueryTimeout } from './query-timeout.ts';

describe('rethrowQueryTimeout', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('answers query_canceled, and a cancel that landed while a regex compiled, as the time limit', () => {
    expect(isStatementCancel(pgError('57014', 'canceling statement due to statement timeout'))).toBe(true);
    expect(isStatementCancel(pgError('2201B', 'invalid regular expression: operation cancelled'))).toBe(true);
    expect(() =>
      rethrowQueryTimeout(1800)(pgError('2201B', 'invalid regular expression: operation cancelled')),
    ).toThrow(QueryTimeoutError);
  });

  it('passes every other error through, an invalid regex included', () => {
    const bad = pgError('2201B', 'invalid regular expression: parentheses () not balanced');
    expect(isStatementCancel(bad)).toBe(false);
    expect(() => rethrowQueryTimeout(1800)(bad)).toThrow(bad);
    expect(isStatementCancel(new Error('operation cancelled'))).toBe(false);
  });
});
