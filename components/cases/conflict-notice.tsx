'use client';

import { Button } from '../ui/button';

/**
 * Someone else changed what this user was editing. Both texts are shown (theirs as saved now, the
 * user's draft kept intact) and the user decides; nothing is dropped without a click.
 */
export function ConflictNotice({
  what,
  theirs,
  mine,
  busy,
  onUseTheirs,
  onOverwrite,
}: {
  what: string;
  theirs: string;
  mine: string;
  busy?: boolean;
  onUseTheirs: () => void;
  onOverwrite: () => void;
}) {
  return (
    <div
      role="alert"
      data-testid="conflict"
      className="mt-2 rounded-md border border-amber-500/60 bg-amber-500/10 p-3 text-sm"
    >
      <p className="font-semibold">Someone else changed the {what} while you were editing.</p>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        <div>
          <p className="text-xs font-semibold text-muted">Theirs (saved now)</p>
          <p
            data-testid="conflict-theirs"
            className="mt-0.5 whitespace-pre-wrap break-words rounded border border-border bg-panel p-2"
          >
            {theirs || '(empty)'}
          </p>
        </div>
        <div>
          <p className="text-xs font-semibold text-muted">Yours (not saved yet)</p>
          <p
            data-testid="conflict-mine"
            className="mt-0.5 whitespace-pre-wrap break-words rounded border border-border bg-panel p-2"
          >
            {mine || '(empty)'}
          </p>
        </div>
      </div>
      <div className="mt-2 flex gap-2">
        <Button size="sm" variant="secondary" disabled={busy} onClick={onUseTheirs}>
          Use theirs
        </Button>
        <Button size="sm" disabled={busy} onClick={onOverwrite}>
          Overwrite with mine
        </Button>
      </div>
    </div>
  );
}

/** Why a control is missing: viewers read, analysts and admins write. */
export function ReadOnlyNote({
  children = 'Read only: your role (viewer) may not change cases.',
}: {
  children?: string;
}) {
  return (
    <p data-testid="read-only" className="text-xs text-muted">
      {children}
    </p>
  );
}
