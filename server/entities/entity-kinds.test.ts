import { describe, expect, it } from 'vitest';
import { parseQuery } from '../store/query/index.ts';
import { matchEvent } from '../store/query/match-event.ts';
import { checkEntity, entityHref, entityKindOfField, entityQuery } from './entity-kinds.ts';

describe('entity kinds', () => {
  it('validates kinds and values, normalizing IPs', () => {
    expect(checkEntity('ip', '::ffff:10.1.2.3')).toEqual({ ok: true, kind: 'ip', value: '10.1.2.3' });
    expect(checkEntity('ip', '2001:DB8::1')).toEqual({ ok: true, kind: 'ip', value: '2001:db8::1' });
    expect(checkEntity('ip', '10.1.2')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not an IP address/),
    });
    expect(checkEntity('planet', 'earth')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/kind must be one of/),
    });
    expect(checkEntity('user', '')).toMatchObject({ ok: false });
    expect(checkEntity('user', 'a\nb')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/control characters/),
    });
    expect(checkEntity('user', 'x'.repeat(513))).toMatchObject({ ok: false });
    expect(checkEntity('user', '__proto__')).toEqual({ ok: true, kind: 'user', value: '__proto__' });
  });

  it('builds one exact query that stays a literal whatever the value', () => {
    const value = 'a" OR category:* \\ (x)';
    const q = parseQuery(entityQuery('user', value));
    expect(matchEvent(q, { details: { user: value } } as never)).toBe(true);
    expect(matchEvent(q, { details: { user: 'a' } } as never)).toBe(false);
    expect(matchEvent(q, { category: 'anything', details: {} } as never)).toBe(false);
    const ip = parseQuery(entityQuery('ip', '10.1.2.3'));
    expect(matchEvent(ip, { details: { destinationipaddress: '10.1.2.3' } } as never)).toBe(true);
    expect(matchEvent(ip, { details: { 'x-forwarded-for': '10.1.2.3' } } as never)).toBe(false);
  });

  it('encodes values into entity paths and maps fields to kinds', () => {
    expect(entityHref('user', '../../admin?x=1#y')).toBe('/entity/user/..%2F..%2Fadmin%3Fx%3D1%23y');
    expect(entityKindOfField('details.sourceipaddress')).toBe('ip');
    expect(entityKindOfField('details.username')).toBe('user');
    expect(entityKindOfField('details.hostname')).toBe('host');
    expect(entityKindOfField('details.fqdn')).toBe('domain');
    expect(entityKindOfField('details.port')).toBeNull();
  });
});
