// Explorer links for indicators: values are attacker-controlled, so they are always quoted and escaped.
import type { IndicatorRecord } from '@/server/cases/case-model';

/** Event fields an indicator of each type is looked up in (MozDef's normalized names). */
export const INDICATOR_FIELDS: Record<IndicatorRecord['type'], readonly string[]> = {
  ip: ['details.sourceipaddress', 'details.destinationipaddress'],
  domain: ['hostname', 'details.hostname'],
  url: ['details.url'],
  hash: ['details.hash'],
  user: ['details.username'],
};

/** A Lucene phrase: inside double quotes only `\` and `"` need escaping. */
export function quoteLucene(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `field:"value"` for each field of the type, OR-ed. */
export function indicatorQuery(type: IndicatorRecord['type'], value: string): string {
  const parts = INDICATOR_FIELDS[type].map((f) => `${f}:${quoteLucene(value)}`);
  return parts.length === 1 ? parts[0] : parts.join(' OR ');
}

/** The explorer URL (its state lives in the URL, so links can be shared); the query is URL-encoded, never spliced. */
export function explorerHref(type: IndicatorRecord['type'], value: string): string {
  return `/events?${new URLSearchParams({ q: indicatorQuery(type, value) }).toString()}`;
}
