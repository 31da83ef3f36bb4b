import { describe, expect, it } from 'vitest';
import { assertLiteralAllowed, ForbiddenTargetError, resolveAllowed } from './outbound-guard.ts';

describe('outbound guard', () => {
  it('refuses literal loopback, private, link-local, ULA, unspecified and mapped addresses', () => {
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '100.64.0.1',
      '[::1]',
      '::',
      'fd12::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '[::ffff:169.254.169.254]',
      '64:ff9b::a9fe:a9fe',
    ]) {
      expect(() => assertLiteralAllowed(ip), ip).toThrow(ForbiddenTargetError);
    }
    for (const ok of ['8.8.8.8', '[2606:4700::1111]', 'hooks.example.org'])
      expect(() => assertLiteralAllowed(ok), ok).not.toThrow();
  });

  it('checks every address a name resolves to', async () => {
    await expect(resolveAllowed('localhost')).rejects.toThrow(/localhost resolves to .* private, loopback/);
    await expect(resolveAllowed('127.0.0.1')).rejects.toThrow(ForbiddenTargetError);
    await expect(resolveAllowed('9.9.9.9')).resolves.toBe('9.9.9.9');
  });
});
