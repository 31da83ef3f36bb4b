import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../../ingest/event.ts';
import { Enricher } from '../enrich.ts';
import { createCustomDocTypePlugin } from './custom-doc-type.ts';

const event = (details: Record<string, unknown>): PicketEvent => ({
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
  details,
});

describe('customDocType (MozDef)', () => {
  it('a /custom/<application> event gets its endpoint as details.type', () => {
    // What the /custom/<application> path tags (server/http/ingest-routes.ts).
    const [e] = new Enricher([createCustomDocTypePlugin()]).enrich([
      event({ endpoint: 'vpn', customendpoint: true, application: 'vpn' }),
    ]);
    expect(e.details.type).toBe('vpn');
  });

  it('leaves other events alone: no customendpoint flag, a false one, or a non-text endpoint', () => {
    const p = createCustomDocTypePlugin();
    for (const d of [
      { endpoint: 'vpn' },
      { endpoint: 'vpn', customendpoint: false },
      { endpoint: 3, customendpoint: true },
    ]) {
      expect((p.onEvent(event({ ...d })) as PicketEvent).details.type).toBeUndefined();
    }
  });
});
