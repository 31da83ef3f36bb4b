import { describe, expect, it } from 'vitest';
import { inputLabel } from './ingest-routes.ts';

describe('ingest input labels (metrics)', () => {
  it('are the canonical known paths; a client-chosen part never becomes a label', () => {
    expect(['/events', '/events/', '/api/events', '/nxlog/', '/_bulk/'].map(inputLabel)).toEqual([
      '/events',
      '/events',
      '/api/events',
      '/nxlog',
      '/_bulk',
    ]);
    expect(inputLabel('/custom/anything-a-client-chose')).toBe('/custom');
    expect(inputLabel('/cef')).toBe('/cef');
  });
});
