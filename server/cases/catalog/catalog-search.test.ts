import { describe, expect, it } from 'vitest';
import { ATTACK_TECHNIQUES } from './attack-techniques.ts';
import { searchCatalog } from './catalog-search.ts';
import { VERIS_TAGS } from './veris.ts';

describe('bundled pick lists', () => {
  it('lists well-formed, unique ATT&CK technique ids across all enterprise tactics', () => {
    const ids = ATTACK_TECHNIQUES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^T\d{4}(\.\d{3})?$/);
    expect(new Set(ATTACK_TECHNIQUES.map((t) => t.tactic)).size).toBe(14);
    expect(ATTACK_TECHNIQUES.filter((t) => !t.id.includes('.')).length).toBeGreaterThan(180);
  });

  it('finds techniques by id (exact first) and by words of the name', () => {
    expect(searchCatalog('attack', 'T1110')[0]).toMatchObject({ id: 'T1110', name: 'Brute Force' });
    expect(searchCatalog('attack', 'password spray').map((i) => i.id)).toEqual(['T1110.003']);
    expect(searchCatalog('attack', 'no such technique')).toEqual([]);
    expect(searchCatalog('attack', '', 5)).toHaveLength(5);
  });

  it('has VERIS action and asset categories and finds them', () => {
    expect(new Set(VERIS_TAGS.map((t) => t.id)).size).toBe(VERIS_TAGS.length);
    expect(searchCatalog('veris', 'hacking brute').map((i) => i.id)).toEqual(['action.Hacking.Brute force']);
    expect(searchCatalog('veris', 'asset.Server')[0].id).toBe('asset.Server');
  });
});
