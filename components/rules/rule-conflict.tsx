import { Button } from '../ui/button';
import { definitionOf, pretty } from './rule-draft';

/** Someone saved the rule since this draft was loaded: show their version, keep ours until the user chooses. */
export function RuleConflict({
  current,
  onUseTheirs,
  onOverwrite,
}: {
  current: Record<string, unknown>;
  onUseTheirs: () => void;
  onOverwrite: () => void;
}) {
  return (
    <section
      role="alert"
      aria-labelledby="conflict-heading"
      className="rounded-lg border border-danger/60 bg-panel p-4"
    >
      <h2 id="conflict-heading" className="mb-1 text-base font-semibold text-danger">
        Not saved: the rule is now at version {String(current.version)}
      </h2>
      <p className="mb-2 text-sm text-muted">
        Someone saved this rule after you opened it. Your draft is kept below; their current version:
      </p>
      <pre
        className="mb-3 max-h-64 overflow-auto rounded-md border border-border bg-bg p-2 text-xs"
        data-testid="conflict-current"
      >
        {pretty(definitionOf(current))}
      </pre>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={onUseTheirs}>
          Discard my draft, load theirs
        </Button>
        <Button variant="danger" onClick={onOverwrite}>
          Save my draft over it
        </Button>
      </div>
    </section>
  );
}
