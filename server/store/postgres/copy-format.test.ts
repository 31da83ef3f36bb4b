import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { copyChunks, copyRow } from './copy-format.ts';

function event(i: number, summary: string): PicketEvent {
  return {
    id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    utctimestamp: '2026-12-07T10:00:00.000Z',
    receivedtimestamp: '2026-12-07T10:00:01.000Z',
    category: 'test',
    source: 'unit',
    hostname: 'h',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary,
    tags: ['a'],
    details: { i, text: summary },
  };
}

describe('copyChunks', () => {
  it('encodes exactly the rows, each whole in one chunk, multi-byte text included', () => {
    // ~1.6 KB rows with 2- and 4-byte UTF-8 characters, so chunks end at row boundaries well inside 64 KiB.
    const events = Array.from({ length: 300 }, (_, i) => event(i, `é€😀 ${i} `.repeat(100)));
    const chunks = [...copyChunks(events)];
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(Buffer.isBuffer(c)).toBe(true);
      expect(c.at(-1)).toBe(0x0a); // every chunk ends with a complete row
    }
    expect(Buffer.concat(chunks).toString('utf8')).toBe(events.map(copyRow).join(''));
  });

  it('gives a row longer than a chunk its own chunk, and nothing for no rows', () => {
    const big = event(1, 'x'.repeat(200_000));
    const chunks = [...copyChunks([event(0, 'small'), big, event(2, 'after')])];
    expect(Buffer.concat(chunks).toString('utf8')).toBe(
      [event(0, 'small'), big, event(2, 'after')].map(copyRow).join(''),
    );
    expect([...copyChunks([])]).toEqual([]);
  });
});
