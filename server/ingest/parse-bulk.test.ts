import { describe, expect, it } from 'vitest';
import { bulkResponse, parseBulkBody, type BulkItem } from './parse-bulk.ts';

function ok(body: string | Buffer): BulkItem[] {
  const r = parseBulkBody(body);
  if (!r.ok) throw new Error(`expected ok, got ${r.error}`);
  return r.items;
}

const lines = (...l: unknown[]): string =>
  `${l.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n')}\n`;

describe('parseBulkBody', () => {
  it('parses index/create/update/delete pairs', () => {
    const body = lines(
      { index: { _index: 'events', _type: 'event' } },
      { summary: 'a' },
      { create: { _index: 'events', _id: 'x1' } },
      { summary: 'b' },
      { update: { _index: 'events', _id: 7 } },
      { doc: { summary: 'c' } },
      { delete: { _index: 'events', _id: 'x2' } },
      { index: {} },
      { summary: 'd' },
    );
    expect(ok(body)).toEqual([
      { action: 'index', index: 'events', doc: { summary: 'a' } },
      { action: 'create', index: 'events', id: 'x1', doc: { summary: 'b' } },
      { action: 'update', index: 'events', id: '7', doc: { summary: 'c' } },
      { action: 'delete', index: 'events', id: 'x2' },
      { action: 'index', doc: { summary: 'd' } },
    ]);
  });

  it('handles CRLF, blank lines, a BOM and a missing final newline', () => {
    const body = Buffer.from('\uFEFF{"index":{}}\r\n\r\n{"a":1}\r\n{"index":{}}\r\n{"b":2}');
    expect(ok(body).map((i) => i.doc)).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('a bad document line in the middle is an item error, the rest is fine', () => {
    const r = ok(lines({ index: {} }, { a: 1 }, { index: {} }, '{"b":', { index: {} }, { c: 3 }));
    expect(r).toHaveLength(3);
    expect(r[0]).toEqual({ action: 'index', doc: { a: 1 } });
    expect(r[1].error).toMatch(/^invalid JSON: /);
    expect(r[2]).toEqual({ action: 'index', doc: { c: 3 } });
  });

  it('a bad action line is an item error and its document is skipped', () => {
    const r = ok(lines('{"index":', { a: 1 }, { index: {} }, { b: 2 }));
    expect(r).toHaveLength(2);
    expect(r[0].error).toMatch(/action line/);
    expect(r[1]).toEqual({ action: 'index', doc: { b: 2 } });
  });

  it('a bad action line followed by a valid action does not swallow it', () => {
    const r = ok(lines({ bogus: {} }, { delete: { _id: '1' } }, { index: {} }, { b: 2 }));
    expect(r.map((i) => [i.action, i.error === undefined])).toEqual([
      ['index', false],
      ['delete', true],
      ['index', true],
    ]);
  });

  it('reports a missing document line and an update without doc', () => {
    const r = ok(lines({ update: { _id: '1' } }, { script: 'x' }, { index: {} }));
    expect(r[0].error).toMatch(/doc/);
    expect(r[1].error).toMatch(/missing document line/);
  });

  it('passes non-object documents through (the normalizer rejects them)', () => {
    expect(ok(lines({ index: {} }, 42))[0]).toEqual({ action: 'index', doc: 42 });
  });

  it.each([
    ['empty', '', 'empty body'],
    ['blank', '\n\r\n  \n', 'empty body'],
    ['plain NDJSON events', lines({ summary: 'a' }, { summary: 'b' }), /no valid bulk action line/],
    ['garbage', 'hello\nworld', /no valid bulk action line/],
    ['scalar', '42', /no valid bulk action line/],
    ['action with two keys', lines({ index: {}, create: {} }, { a: 1 }), /no valid bulk action line/],
  ])('rejects a %s body as a whole', (_, body, error) => {
    const r = parseBulkBody(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(error);
  });
});

describe('bulkResponse', () => {
  it('builds the ES-shaped answer keyed by action', () => {
    const items: BulkItem[] = [
      { action: 'index', doc: {} },
      { action: 'create', index: 'mozdef', doc: {} },
      { action: 'index', doc: {} },
      { action: 'index', error: 'invalid JSON: x' },
      { action: 'update', id: 'u', doc: {} },
      { action: 'delete', id: 'd' },
    ];
    const res = bulkResponse(
      items,
      [
        { ok: true, id: 'id-1' },
        { ok: true, id: 'id-2' },
        { ok: false, error: 'event must be a JSON object' },
        { ok: false, error: 'ignored: the parse error wins' },
        { ok: true, id: 'u' },
        { ok: false, error: 'events are append-only' },
      ],
      12.6,
    );
    expect(res).toEqual({
      took: 13,
      errors: true,
      items: [
        { index: { _index: 'events', _id: 'id-1', status: 201, result: 'created' } },
        { create: { _index: 'mozdef', _id: 'id-2', status: 201, result: 'created' } },
        {
          index: {
            _index: 'events',
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'event must be a JSON object' },
          },
        },
        {
          index: {
            _index: 'events',
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'invalid JSON: x' },
          },
        },
        { update: { _index: 'events', _id: 'u', status: 200, result: 'updated' } },
        {
          delete: {
            _index: 'events',
            _id: 'd',
            status: 400,
            error: { type: 'mapper_parsing_exception', reason: 'events are append-only' },
          },
        },
      ],
    });
  });

  it('says errors: false when everything was created', () => {
    const res = bulkResponse([{ action: 'index', doc: {} }], [{ ok: true, id: 'a' }], 0);
    expect(res.errors).toBe(false);
    expect(JSON.parse(JSON.stringify(res))).toEqual({
      took: 0,
      errors: false,
      items: [{ index: { _index: 'events', _id: 'a', status: 201, result: 'created' } }],
    });
  });

  it('reports an item without a result as a server error', () => {
    const res = bulkResponse([{ action: 'index', doc: {} }], [], 1);
    expect(res.items[0].index?.status).toBe(500);
    expect(res.errors).toBe(true);
  });
});
