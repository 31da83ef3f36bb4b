import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, TcpFramer } from './tcp-framing.ts';

const msgs = (frames: ReturnType<TcpFramer['push']>) => frames.map((f) => (f.ok ? f.message : `ERR ${f.error}`));

describe('TcpFramer', () => {
  it('splits LF-framed messages across arbitrary chunk boundaries', () => {
    const f = new TcpFramer();
    const wire = Buffer.from('<13>a one\n<13>b two\r\n<13>c thr');
    const out: string[] = [];
    for (let i = 0; i < wire.length; i += 3) out.push(...msgs(f.push(wire.subarray(i, i + 3))));
    expect(out).toEqual(['<13>a one', '<13>b two\r']);
    expect(msgs(f.end())).toEqual(['<13>c thr']);
  });

  it('reads octet-counted frames, including ones holding LFs and multi-byte text', () => {
    const f = new TcpFramer();
    const a = '<13>1 - h app - - - multi\nline';
    const b = '<13>1 - h app - - - héllo';
    const wire = Buffer.from(`${Buffer.byteLength(a)} ${a}${Buffer.byteLength(b)} ${b}`);
    expect(msgs(f.push(wire.subarray(0, 7)))).toEqual([]);
    expect(msgs(f.push(wire.subarray(7)))).toEqual([a, b]);
  });

  it('reports and skips an oversized frame, then goes on', () => {
    const f = new TcpFramer();
    const big = 'x'.repeat(MAX_MESSAGE_BYTES + 1);
    const out = msgs(f.push(Buffer.from(`${big.length} ${big}5 <13>k`)));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^ERR .*over the/);
    expect(out[1]).toBe('<13>k');
    const g = new TcpFramer();
    const lines = msgs(g.push(Buffer.from(`${'y'.repeat(MAX_MESSAGE_BYTES + 10)}`)));
    expect(lines[0]).toMatch(/^ERR /);
    expect(msgs(g.push(Buffer.from('yyy\n<13>next\n')))).toEqual(['<13>next']);
  });
});
