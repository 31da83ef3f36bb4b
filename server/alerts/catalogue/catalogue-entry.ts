/**
 * One rule of the shipped catalogue. `key` is stable across releases: the seeder creates a rule once
 * per key and never overwrites or re-creates it, so upgrades do not duplicate and local edits survive.
 * `rule` is raw rule JSON, validated by parseRuleDefinition when the catalogue is built.
 */
export interface CatalogueEntry {
  key: string;
  rule: Record<string, unknown>;
}
