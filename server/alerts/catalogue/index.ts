// MozDef's alert catalogue, ported as rule data, one file per family. Seeded at start by stable key
// (see catalogue-entry.ts). Fields follow Picket's enrichment: the sshd plugin sets details.username,
// details.sourceipaddress, details.success and details.authmethod (and category "authentication"
// when the shipper left it unset).
import { parseRuleDefinition, type RuleDefinition } from '../rule-definition.ts';
import { AUTH_CODE_RULES } from './auth-code.ts';
import { AUTH_LDAP_RULES } from './auth-ldap.ts';
import { AUTH_SSH_RULES } from './auth-ssh.ts';
import { AUTH_WEB_RULES } from './auth-web.ts';
import type { CatalogueEntry } from './catalogue-entry.ts';
import { CLOUD_PROXY_RULES } from './cloud-proxy.ts';
import { HOST_RULES } from './host.ts';
import { NETWORK_RULES } from './network.ts';

const RAW: CatalogueEntry[] = [
  ...AUTH_SSH_RULES,
  ...AUTH_LDAP_RULES,
  ...AUTH_WEB_RULES,
  ...AUTH_CODE_RULES,
  ...CLOUD_PROXY_RULES,
  ...HOST_RULES,
  ...NETWORK_RULES,
];

/**
 * Shipped threshold and cardinality rules group repeated crossings into one open alert unless the
 * entry says otherwise (docs/rules.md, "Grouping repeated alerts"); rules people write opt in.
 */
function withDefaultGrouping(rule: Record<string, unknown>): Record<string, unknown> {
  const groups = (rule.type === 'threshold' || rule.type === 'cardinality') && !Object.hasOwn(rule, 'grouping');
  return groups ? { ...rule, grouping: { enabled: true } } : rule;
}

/** The catalogue, validated like any rule (a broken entry fails loudly in tests, not silently at start). */
export const CATALOGUE: ReadonlyArray<{ key: string; rule: RuleDefinition }> = RAW.map(({ key, rule }) => {
  const r = parseRuleDefinition(withDefaultGrouping(rule));
  if (!r.ok) throw new Error(`catalogue rule ${key} is invalid: ${r.message}`);
  return { key, rule: r.rule };
});
