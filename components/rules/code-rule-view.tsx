'use client';

import { Badge } from '../ui/badge';
import { str } from './rule-draft';

/**
 * A code rule read-only: its logic is a TypeScript file an operator deployed on the server (never
 * edited here, since code from the browser would run on the server). The text is rendered as text.
 */
export function CodeRuleView({ rule }: { rule: Record<string, unknown> }) {
  const source = rule.moduleSource as { text: string } | { error: string } | undefined;
  return (
    <section aria-labelledby="code-rule-heading" className="space-y-3 rounded-lg border border-border bg-panel p-4">
      <h2 id="code-rule-heading" className="flex items-center gap-2 text-base font-semibold">
        Code rule <Badge>{str(rule.module)}</Badge>
      </h2>
      <p className="text-sm text-muted">
        This rule&apos;s query, window and logic live in the module <code>{str(rule.module)}</code> in the server&apos;s
        code rules directory. Change the file there, then disable and enable the rule to load it again. You can enable,
        disable, clone or delete the rule and test it below.
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {(['severity', 'category', 'summary', 'suppress'] as const).map((k) =>
          rule[k] === undefined ? null : (
            <div key={k} className="contents">
              <dt className="text-muted">{k}</dt>
              <dd className="font-mono text-xs">{str(rule[k])}</dd>
            </div>
          ),
        )}
      </dl>
      {source && 'error' in source ? (
        <p role="alert" className="rounded-md border border-danger/50 px-3 py-2 font-mono text-xs text-danger">
          {source.error}
        </p>
      ) : (
        // A named region (the source has no heading of its own), focusable because it scrolls: a keyboard user must reach the rest.
        // biome-ignore lint/a11y/useSemanticElements: a <section> cannot keep the source's whitespace as <pre> does
        <pre
          role="region"
          aria-label="Module source"
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region needs keyboard access (WCAG 2.1.1)
          tabIndex={0}
          className="max-h-[32rem] overflow-auto rounded-md border border-border bg-panel-2 p-3 font-mono text-xs"
        >
          {source?.text ?? ''}
        </pre>
      )}
    </section>
  );
}
