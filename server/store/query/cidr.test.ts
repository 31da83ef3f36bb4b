import { describe, expect, it } from 'vitest';
import { parseV4 as strictV4 } from '../../net/ip.ts';
import { cidrTerm, V4_SQL_RE } from './cidr.ts';

describe('CIDR terms', () => {
  it('the fast IPv4 parser accepts exactly what the SQL side pre-filters with', () => {
    const re = new RegExp(V4_SQL_RE);
    const cases = [
      '1.2.3.4',
      '0.0.0.0',
      '255.255.255.255',
      '256.1.1.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '1..3.4',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.04',
      'a.b.c.d',
      '1.2.3.-1',
      '1.2.3.4/8',
      '',
      '0.01.1.1',
    ];
    for (const c of cases) expect(strictV4(c) >= 0, JSON.stringify(c)).toBe(re.test(c));
  });

  it('match addresses inside the network only, per family', () => {
    const t = cidrTerm('10.0.0.0/8')!;
    expect(['10.0.0.1', '10.255.255.255', '11.0.0.0', '::ffff:10.0.0.1', '010.0.0.1'].map(t.contains)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    const host = cidrTerm('192.168.1.77/24')!; // host bits are masked off
    expect(host.contains('192.168.1.1')).toBe(true);
    const v6 = cidrTerm('2001:db8::/32')!;
    expect(['2001:db8::1', '2001:db9::1', '10.0.0.1'].map(v6.contains)).toEqual([true, false, false]);
    expect(cidrTerm('10.0.0.0/33')).toBeNull();
    expect(cidrTerm('not/8')).toBeNull();
    expect(cidrTerm('::ffff:10.0.0.0/104')).toBeNull();
  });
});
