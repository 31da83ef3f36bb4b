import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize.ts';
import { looksLikeCef, parseCefBody, parseCefLine } from './parse-cef.ts';

describe('CEF', () => {
  it('parses the CEF specification example with escapes and a syslog header', () => {
    const line =
      'Sep 19 08:26:10 host CEF:0|Security|threatmanager|1.0|100|detected a \\| in message|10|src=10.0.0.1 act=blocked a \\= dst=1.1.1.1 msg=two\\nlines';
    const r = parseCefLine(line);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      summary: 'detected a | in message',
      severity: 'CRITICAL',
      category: 'cef',
      source: 'Security threatmanager',
      processname: 'threatmanager',
      hostname: 'host',
      details: {
        deviceVendor: 'Security',
        signatureId: '100',
        sourceipaddress: '10.0.0.1',
        destinationipaddress: '1.1.1.1',
        extension: { src: '10.0.0.1', act: 'blocked a =', dst: '1.1.1.1', msg: 'two\nlines' },
      },
    });
  });

  it('maps severities, hosts, users, ports and times', () => {
    const r = parseCefLine(
      'CEF:0|Trend|Deep Security|9.6|4000030|Failed login|High|suser=bob spt=5000 dpt=22 dvchost=fw1 rt=1796551200000 __proto__=x',
    );
    expect(r.ok && r.value).toMatchObject({
      severity: 'ERROR',
      hostname: 'fw1',
      timestamp: 1796551200000,
      details: { username: 'bob', sourceport: '5000', destinationport: '22' },
    });
    const ext = (r.ok && (r.value as { details: { extension: object } }).details.extension) as object;
    expect(Object.getPrototypeOf(ext)).toBe(Object.prototype);
    expect(Object.hasOwn(ext, '__proto__')).toBe(true);
    expect(
      parseCefLine('CEF:0|a|b|c|d|e|3|').ok &&
        (parseCefLine('CEF:0|a|b|c|d|e|3|') as { value: { severity: string } }).value.severity,
    ).toBe('INFO');
  });

  it('reports a broken line by index and keeps the others', () => {
    const items = parseCefBody(
      'CEF:0|a|b|c|d|first|5|\nnot cef at all\nCEF:0|only|three\nCEF:0|a|b|c|d|last|1|src=192.0.2.1\n',
    );
    expect(items.map((i) => i.ok)).toEqual([true, false, false, true]);
    expect(items[1]).toEqual({ ok: false, error: 'cef: the line has no "CEF:" header' });
  });

  it('tells CEF from JSON', () => {
    expect(looksLikeCef('CEF:0|a|b|c|d|e|1|')).toBe(true);
    expect(looksLikeCef('<134>Dec  7 host CEF:0|a|b|c|d|e|1|')).toBe(true);
    expect(looksLikeCef('{"summary":"CEF:0|a"}')).toBe(false);
  });

  it('normalizes to MozDef fields', () => {
    const r = parseCefLine('CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1 dvchost=ids1');
    if (!r.ok) throw new Error(r.error);
    const n = normalizeEvent(r.value, { now: new Date(), retentionDays: 90, maxFutureMinutes: 1440 });
    expect(n.ok && n.event).toMatchObject({
      summary: 'worm stopped',
      severity: 'CRITICAL',
      hostname: 'ids1',
      category: 'cef',
      details: { sourceipaddress: '10.0.0.1' },
    });
  });
});
