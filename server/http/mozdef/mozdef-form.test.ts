import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/app-error.ts';
import { formFields, mozdefComment, mozdefDuration, pluginChecked, readObjectBody } from './mozdef-form.ts';
import { mozdefDate } from './mozdef-incident-routes.ts';
import { watchTypeOf } from './mozdef-watch-routes.ts';

describe('MozDef form-field bodies', () => {
  it('reads a list of one-key objects (later fields win) or one object, into a Map', () => {
    const f = formFields([{ ipaddress: '1.2.3.4' }, { duration: '1d' }, { ipaddress: '5.6.7.8', comment: 'c' }]);
    expect([...f]).toEqual([
      ['ipaddress', '5.6.7.8'],
      ['duration', '1d'],
      ['comment', 'c'],
    ]);
    expect(formFields({ fqdn: 'a.example' }).get('fqdn')).toBe('a.example');
    const proto = formFields(JSON.parse('[{"__proto__": {"x": 1}}]'));
    expect(proto.get('__proto__')).toEqual({ x: 1 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    for (const bad of [null, 'x', 3, [1], [[]]]) expect(() => formFields(bad)).toThrow(AppError);
  });

  it('reads a JSON object body through its own keys; says which fault a body has', async () => {
    const read = (body: string) => readObjectBody(new Request('http://x/', { method: 'POST', body }));
    const ok = await read('{"alert": "a", "__proto__": {"x": 1}}');
    if (!ok.ok) throw new Error('expected an object body');
    expect(ok.body.keys()).toEqual(['alert', '__proto__']);
    expect(ok.body.get('alert')).toBe('a');
    expect(ok.body.get('__proto__')).toEqual({ x: 1 });
    expect(ok.body.get('toString')).toBeUndefined();
    expect(await read('  ')).toEqual({ ok: false, fault: 'empty' });
    expect(await read('{"cut')).toEqual({ ok: false, fault: 'json' });
    expect(await read('[{"a": 1}]')).toEqual({ ok: false, fault: 'shape' });
    await expect(read('x'.repeat(1024 * 1024 + 1))).rejects.toThrow(AppError);
  });

  it('takes the plugin checkbox by MozDef plugin name or endpoint name; absent is an error', () => {
    expect(pluginChecked(new Map([['IPBlockList', true]]), ['IPBlockList', 'blockip'])).toBe(true);
    expect(pluginChecked(new Map([['blockip', 'on']]), ['IPBlockList', 'blockip'])).toBe(true);
    expect(pluginChecked(new Map([['IPBlockList', false]]), ['IPBlockList', 'blockip'])).toBe(false);
    expect(() => pluginChecked(new Map(), ['IPBlockList', 'blockip'])).toThrow(/IPBlockList/);
  });

  it("maps MozDef's durations (default one hour) and refuses unknown ones", () => {
    expect([undefined, '12hr', '1w', '30d', '1D'].map(mozdefDuration)).toEqual(['1h', '12h', '7d', '30d', '1d']);
    expect(() => mozdefDuration('5d')).toThrow(/duration/);
  });

  it('folds reference and requester into the comment', () => {
    expect(mozdefComment('scan', 'INC-1', 'a@b.c')).toBe('scan — reference: INC-1 — requested by: a@b.c');
    expect(mozdefComment(undefined, '', undefined)).toBe('');
  });

  it("reads MozDef's incident dates (yyyy-mm-dd hh:mm am/pm, UTC) and ISO, nothing else", () => {
    expect(mozdefDate('2015-10-21 2:30 pm')).toBe('2015-10-21T14:30:00.000Z');
    expect(mozdefDate('2015-10-21 12:05 AM')).toBe('2015-10-21T00:05:00.000Z');
    expect(mozdefDate('2015-10-21 12:05 pm')).toBe('2015-10-21T12:05:00.000Z');
    expect(mozdefDate('2015-10-21T14:30:00+02:00')).toBe('2015-10-21T12:30:00.000Z');
    for (const bad of ['2015-10-21', '2015-02-30 1:00 pm', '2015-10-21 13:00 pm', '2015-10-21 2:60 pm', 'yesterday'])
      expect(mozdefDate(bad), bad).toBeNull();
  });

  it('types a watch term by its look', () => {
    expect(
      [
        '198.51.100.1',
        '2001:db8::1',
        '198.51.100.0/24',
        'd41d8cd98f00b204e9800998ecf8427e',
        'evil.example.com',
        'alice',
        'bob smith',
      ].map(watchTypeOf),
    ).toEqual(['ip', 'ip', 'cidr', 'hash', 'domain', 'username', 'username']);
  });
});
