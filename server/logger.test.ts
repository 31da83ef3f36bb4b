import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, resolveLogFormat } from './logger.ts';

function capture(format: 'json' | 'pretty'): { log: ReturnType<typeof createLogger>; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { log: createLogger('info', format, out), text: () => text };
}

describe('logger', () => {
  it('auto is pretty on a terminal and JSON otherwise; an explicit setting wins', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('json: one parseable object per line with level, time and message', async () => {
    const { log, text } = capture('json');
    log.info({ port: 3000 }, 'listening');
    await new Promise((r) => setImmediate(r));
    const rec = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(rec).toMatchObject({ level: 30, msg: 'listening', port: 3000, app: 'picket' });
  });

  it('pretty: a coloured human line, not JSON, with the fields shown', async () => {
    const { log, text } = capture('pretty');
    log.warn({ port: 3000 }, 'listening');
    await new Promise((r) => setImmediate(r));
    const line = text();
    expect(line).toContain('listening');
    expect(line).toContain('WARN');
    expect(line).toMatch(/\u001b\[\d+m/); // ANSI colour
    // Stripping the colour codes to read the text.
    expect(line.replace(/\u001b\[\d+m/g, '')).toMatch(/port: 3000/);
    expect(() => JSON.parse(line)).toThrow();
  });
});
