// Search over the bundled pick lists: every word must appear in the id or name; exact id first.
import { ATTACK_TECHNIQUES } from './attack-techniques.ts';
import { VERIS_TAGS } from './veris.ts';

export interface CatalogItem {
  id: string;
  name: string;
  group: string;
}

export const CATALOGS = ['attack', 'veris'] as const;
export type CatalogName = (typeof CATALOGS)[number];

const ITEMS: Record<CatalogName, CatalogItem[]> = {
  attack: ATTACK_TECHNIQUES.map((t) => ({ id: t.id, name: t.name, group: t.tactic })),
  veris: VERIS_TAGS.map((t) => ({ id: t.id, name: t.name, group: t.group })),
};

export function searchCatalog(catalog: CatalogName, q: string, limit = 20): CatalogItem[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const items = ITEMS[catalog];
  const hits = words.length
    ? items.filter((i) => words.every((w) => `${i.id} ${i.name} ${i.group}`.toLowerCase().includes(w)))
    : items;
  const exact = q.trim().toLowerCase();
  return [
    ...hits.filter((i) => i.id.toLowerCase() === exact),
    ...hits.filter((i) => i.id.toLowerCase() !== exact),
  ].slice(0, limit);
}
