'use client';

import { Button } from '../ui/button';
import { Dialog, DialogContent } from '../ui/dialog';

/**
 * Bulk false positive asks first: one click on "all N matching" takes thousands of alerts out of
 * the queue, and unlike the single-alert dialog it adds no exception, so the rule keeps firing.
 */
export function BulkFalsePositiveDialog({
  count,
  busy,
  onConfirm,
  onClose,
}: {
  count: number;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const what = `${count} alert${count === 1 ? '' : 's'}`;
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent title={`Mark ${what} as false positive?`}>
        <p className="text-sm text-muted">
          They leave the open queue and the audit log records who did it. No exception is added, so their rules keep
          alerting: to stop one, mark a single alert as a false positive and add an exception there.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={busy} onClick={onConfirm}>
            Mark {what} as false positive
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
