import { describe, expect, it } from 'vitest';
import { parseEventsBody, splitLines, type BodyItem, type ParsedBody } from './parse-body.ts';

function items(r: ParsedBody): BodyItem[] {
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r.items;
}

describe('parseEventsBody', () => {
  it('parses one object', () => {
    expect(items(parseEventsBody('{"summary":"a"}'))).toEqual([{ ok: true, value: { summary: 'a' } }]);
  });

  it('parses a Buffer, whatever the content type says', () => {
    const r = parseEventsBody(Buffer.from('{"summary":"é"}'), 'application/x-www-form-urlencoded');
    expect(items(r)).toEqual([{ ok: true, value: { summary: 'é' } }]);
  });

  it('parses an array; non-object elements are per-item errors at their array position', () => {
    const r = items(parseEventsBody('[{"a":1}, 2, null, [], {"b":2}]'));
    expect(r).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: false, error: 'event must be a JSON object' },
      { ok: false, error: 'event must be a JSON object' },
      { ok: false, error: 'event must be a JSON object' },
      { ok: true, value: { b: 2 } },
    ]);
  });

  it('accepts an empty array as zero events', () => {
    expect(items(parseEventsBody('[]'))).toEqual([]);
  });

  it('parses NDJSON; a bad line in the middle is an error at its index, others are fine', () => {
    const r = items(parseEventsBody('{"a":1}\n{"b":\n{"c":3}\n'));
    expect(r).toHaveLength(3);
    expect(r[0]).toEqual({ ok: true, value: { a: 1 } });
    expect(r[1].ok).toBe(false);
    if (!r[1].ok) expect(r[1].error).toMatch(/^invalid JSON: /);
    expect(r[2]).toEqual({ ok: true, value: { c: 3 } });
  });

  it('counts non-blank lines for indexes and handles CRLF', () => {
    const r = items(parseEventsBody('\r\n{"a":1}\r\n\r\n   \r\nnot json\r\n{"c":3}\r\n', 'text/plain'));
    expect(r.map((i) => i.ok)).toEqual([true, false, true]);
    expect(r[2]).toEqual({ ok: true, value: { c: 3 } });
  });

  it('reports a non-object NDJSON line as a per-item error', () => {
    const r = items(parseEventsBody('{"a":1}\n42\n"x"'));
    expect(r.slice(1)).toEqual([
      { ok: false, error: 'event must be a JSON object' },
      { ok: false, error: 'event must be a JSON object' },
    ]);
  });

  it('honours the NDJSON hint and still falls back to a whole-body parse', () => {
    expect(items(parseEventsBody('{"a":1}\n{"b":2}', 'application/x-ndjson'))).toHaveLength(2);
    const pretty = JSON.stringify({ a: 1, b: { c: 2 } }, null, 2);
    expect(items(parseEventsBody(pretty, 'application/x-ndjson'))).toEqual([
      { ok: true, value: { a: 1, b: { c: 2 } } },
    ]);
  });

  it('strips a UTF-8 BOM (string or bytes), also at the start of a later line', () => {
    expect(items(parseEventsBody('\uFEFF{"a":1}'))).toHaveLength(1);
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"a":1}]')]);
    expect(items(parseEventsBody(buf))).toHaveLength(1);
    expect(items(parseEventsBody('{"a":1}\n\uFEFF{"b":2}')).every((i) => i.ok)).toBe(true);
  });

  it('accepts objects glued together as curl -d @file sends NDJSON', () => {
    const r = items(parseEventsBody('{"a":"}{"}{"b":"x\\"}"}  {"c":[{}]}'));
    expect(r).toEqual([
      { ok: true, value: { a: '}{' } },
      { ok: true, value: { b: 'x"}' } },
      { ok: true, value: { c: [{}] } },
    ]);
  });

  it('accepts pretty-printed objects one after another', () => {
    const body = `${JSON.stringify({ a: 1 }, null, 2)}\n${JSON.stringify({ b: [1, 2] }, null, 2)}\n`;
    expect(items(parseEventsBody(body))).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: true, value: { b: [1, 2] } },
    ]);
  });

  it.each([
    ['empty', ''],
    ['whitespace', ' \r\n\t\n'],
    ['BOM only', '\uFEFF'],
  ])('rejects an %s body', (_, body) => {
    expect(parseEventsBody(body)).toEqual({ ok: false, error: 'empty body' });
  });

  it.each([
    ['garbage', 'hello world'],
    ['truncated object', '{"a":1'],
    ['truncated array', '[{"a":1},'],
    ['form data', 'a=1&b=2'],
    ['lines of garbage', 'x\ny\nz'],
  ])('rejects %s as a whole with the parser message', (_, body) => {
    const r = parseEventsBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^invalid JSON: /);
  });

  it.each([
    ['string', '"hello"'],
    ['number', '42'],
    ['null', 'null'],
    ['true', 'true'],
    ['lines of scalars', '1\n2\n3'],
  ])('rejects a %s scalar body', (_, body) => {
    const r = parseEventsBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/JSON object/);
  });

  it('bounds error messages from huge lines', () => {
    const r = items(parseEventsBody(`{"a":1}\n{"b": ${'x'.repeat(100_000)}}`));
    expect(r[1].ok).toBe(false);
    if (!r[1].ok) expect(r[1].error.length).toBeLessThanOrEqual(200);
  });
});

describe('splitLines', () => {
  it('drops blank lines and CRs, keeps content', () => {
    expect(splitLines('a\r\n\n b \n\r\n\t\nc')).toEqual(['a', ' b ', 'c']);
    expect(splitLines('')).toEqual([]);
  });
});
