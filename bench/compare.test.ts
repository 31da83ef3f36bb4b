import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRegression, judge, readBaseline, recordBaseline, type BaselineFile } from './compare.ts';

const recorded = (ratio: number, direction: 'higher' | 'lower') => ({
  ratio,
  direction,
  recordedAt: '2026-12-07T05:00:00Z',
  loadAvg1m: 1,
  command: 'npm run bench',
});
const base: BaselineFile = {
  about: '',
  ratios: {
    'ingest-single': recorded(0.4, 'higher'),
    'search-term': recorded(1.2, 'lower'),
    'live-update@20clients': recorded(2, 'lower'),
  },
};

describe('bench comparison step', () => {
  it('flags a throughput ratio more than 10 % below the recorded one, not one within 10 %', () => {
    expect(judge({ bench: 'ingest-single', ratio: 0.35 }, base)).toMatchObject({ regressed: true, change: -0.125 });
    expect(judge({ bench: 'ingest-single', ratio: 0.37 }, base)?.regressed).toBe(false);
    expect(judge({ bench: 'ingest-single', ratio: 0.6 }, base)?.regressed).toBe(false);
  });

  it('flags a latency ratio more than 10 % above the recorded one, keyed per client count where a bench reports several', () => {
    expect(judge({ bench: 'search-term', ratio: 1.5 }, base)?.regressed).toBe(true);
    expect(judge({ bench: 'search-term', ratio: 1.0 }, base)?.regressed).toBe(false);
    expect(judge({ bench: 'live-update', clients: 20, ratio: 2.5 }, base)?.regressed).toBe(true);
    expect(judge({ bench: 'live-update', clients: 2, ratio: 9 }, base)).toMatchObject({
      key: 'live-update@2clients',
      regressed: false,
    });
    const v = judge({ bench: 'search-term', ratio: 1.5 }, base)!;
    expect(describeRegression(v)).toMatch(/^search-term: ratio 1.5 is 20 % worse than the recorded 1.2/);
  });

  it('skips lines without a usable ratio and benches it does not know', () => {
    expect(judge({ bench: 'rss', serverPeakRssMb: 300 }, base)).toBeUndefined();
    expect(judge({ bench: 'search-load', ratio: null }, base)).toBeUndefined();
    expect(judge({ bench: 'something-new', ratio: 0.5 }, base)).toBeUndefined();
  });

  it('--record rewrites the entries of the benches that ran and keeps the others', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-')), 'baseline.json');
    fs.writeFileSync(file, JSON.stringify(base));
    const v = judge({ bench: 'ingest-single', ratio: 0.5 }, readBaseline(file))!;
    recordBaseline(file, readBaseline(file), [v], 'npm run bench -- --only ingest-single');
    const after = readBaseline(file);
    expect(after.ratios['ingest-single']).toMatchObject({
      ratio: 0.5,
      direction: 'higher',
      command: 'npm run bench -- --only ingest-single',
    });
    expect(after.ratios['search-term']).toEqual(base.ratios['search-term']);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
