// What a code rule module imports: `export default defineCodeRule({...})`. Kept free of other
// imports so the loader can bundle it into each rule module as is.
import type { PicketEvent } from '../../ingest/event.ts';

export type { PicketEvent };

export type CodeRuleSeverity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL' | 'ALERT' | 'EMERGENCY';

/** One group's window, as evaluate() sees it. */
export interface CodeRuleGroup {
  /** The group key: the groupBy values joined by " / " ("" without groupBy). */
  key: string;
  /** The window's events of this group, oldest first (by utctimestamp); the newest is the one just added. */
  events: readonly PicketEvent[];
}

/** What evaluate() returns to raise an alert; null raises nothing. */
export interface CodeRuleResult {
  /** The events the alert is about (default: the whole window); they leave the window with the alert. */
  events?: readonly PicketEvent[];
  /** Replaces the rule's summary template for this alert. */
  summary?: string;
  severity?: CodeRuleSeverity;
  /** Stored with the alert (JSON). */
  details?: Record<string, unknown>;
  /**
   * Keep the alert's events in the window (default: they leave it), for modules that compare each
   * event with the ones before it, e.g. the last known location of a user.
   */
  retain?: boolean;
}

export interface CodeRuleSpec {
  name: string;
  description?: string;
  /** Lucene query selecting the events the rule looks at (same language as /events?q=). */
  query: string;
  groupBy?: string[];
  /** How far back a group's window reaches, e.g. "1h" (1s to 7d). */
  window: string;
  severity: CodeRuleSeverity;
  category: string;
  tags?: string[];
  /** Summary template (same placeholders as other rules) used unless evaluate() returns one. */
  summary: string;
  /** Runs on each accepted event, synchronously; must not keep state outside the window. */
  evaluate(group: CodeRuleGroup): CodeRuleResult | null;
}

/** Marks the default export so the loader knows it was built with defineCodeRule. */
export const CODE_RULE = Symbol.for('picket.codeRule');

export type DefinedCodeRule = CodeRuleSpec & { readonly [CODE_RULE]: true };

export function defineCodeRule(spec: CodeRuleSpec): DefinedCodeRule {
  return { ...spec, [CODE_RULE]: true };
}
