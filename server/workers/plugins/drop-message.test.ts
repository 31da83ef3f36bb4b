import { describe, expect, it } from 'vitest';
import type { DropFilterView } from '../../drop-filters/drop-filters.ts';
import { DropFilterSet } from '../../drop-filters/drop-filters.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createDropMessagePlugin } from './drop-message.ts';

const event = (over: Partial<PicketEvent>): PicketEvent => ({
  id: 'e',
  utctimestamp: '2026-01-01T00:00:00.000Z',
  receivedtimestamp: '2026-01-01T00:00:00.000Z',
  category: 'UNKNOWN',
  source: 'UNKNOWN',
  hostname: 'h',
  processname: 'UNKNOWN',
  processid: 'UNKNOWN',
  severity: 'INFO',
  summary: 's',
  tags: [],
  details: {},
  ...over,
});
const filter = (id: string, query: string, enabled = true): DropFilterView => ({
  id,
  name: id,
  query,
  enabled,
  version: 1,
  createdAt: '',
  updatedAt: '',
  updatedBy: null,
});

describe('dropMessage on admin drop filters', () => {
  it('drops what an enabled filter matches (MozDef: the ELB health checker) and nothing else', () => {
    const set = new DropFilterSet();
    set.replace([
      filter('elb', 'details.http_user_agent:"ELB-HealthChecker/1.0"'),
      filter('off', 'hostname:h', false),
      filter('noisy', 'category:noise AND hostname:web*'),
    ]);
    const en = new Enricher([createDropMessagePlugin(set)]);
    const out = en.enrich([
      event({ id: 'elb', details: { http_user_agent: 'ELB-HealthChecker/1.0' } }),
      event({ id: 'browser', details: { http_user_agent: 'Mozilla/5.0' } }),
      event({ id: 'noise', category: 'noise', hostname: 'web3' }),
      event({ id: 'noise-elsewhere', category: 'noise', hostname: 'db1' }),
    ]);
    expect(out.map((e) => e.id)).toEqual(['browser', 'noise-elsewhere']);
    expect(en.pluginHealth()[0].health.dropped).toBe(2);
    expect(set.matches(event({ details: { http_user_agent: 'ELB-HealthChecker/1.0' } }))).toBe('elb');
  });

  it('no enabled filter: every event passes', () => {
    const set = new DropFilterSet();
    set.replace([filter('off', '*', false)]);
    expect(new Enricher([createDropMessagePlugin(set)]).enrich([event({})])).toHaveLength(1);
  });
});
