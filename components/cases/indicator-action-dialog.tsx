'use client';

import { useMutation } from '@tanstack/react-query';
import { Ban, Eye } from 'lucide-react';
import { useState } from 'react';
import type { CaseKind, IndicatorRecord } from '@/server/cases/case-model';
import type { IndicatorWatchItem } from '@/server/cases/indicator-actions';
import {
  caseReference,
  DURATION_LABEL,
  DURATIONS,
  type IndicatorList,
  type WatchTarget,
} from '@/server/cases/indicator-targets';
import type { BlockDuration } from '@/server/watchlist/watch-values';
import { useTRPC } from '@/components/realtime/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label, Select } from '../ui/input';
import { errorMessage, formatTime } from './case-format';

const LIST_LABEL: Record<IndicatorList, string> = {
  watchlist: 'Add to watchlist',
  blockip: 'Block IP',
  blockfqdn: 'Block domain',
};

/**
 * One IOC action: choose the duration (block lists: MozDef's 1 h … 30 d or permanent, default 24 h;
 * watchlist: optional expiry) and the comment (prefilled with the case reference), then submit.
 * The watchlist service decides; its refusal (private range, already listed) is shown here as is.
 */
export function IndicatorActionDialog({
  list,
  indicator,
  target,
  caseRef,
  onDone,
}: {
  list: IndicatorList;
  indicator: IndicatorRecord;
  target: WatchTarget;
  caseRef: { kind: CaseKind; id: string; summary: string };
  onDone: () => void;
}) {
  const trpc = useTRPC();
  const act = useMutation(trpc.cases.indicatorAction.mutationOptions());
  const [open, setOpen] = useState(false);
  const [duration, setDuration] = useState<BlockDuration | 'never'>(list === 'watchlist' ? 'never' : '1d');
  const [comment, setComment] = useState('');
  const block = list !== 'watchlist';
  const title = `${LIST_LABEL[list]}: ${target.value}`;
  const id = `${list}-${indicator.id}`;

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          act.reset();
          setComment(caseReference(caseRef.kind, caseRef.id, caseRef.summary));
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={block ? 'danger' : 'secondary'} aria-label={`${LIST_LABEL[list]} ${target.value}`}>
          {block ? <Ban size={12} aria-hidden /> : <Eye size={12} aria-hidden />} {LIST_LABEL[list]}
        </Button>
      </DialogTrigger>
      <DialogContent title={title}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            act.mutate(
              {
                caseId: caseRef.id,
                indicatorId: indicator.id,
                list,
                comment,
                ...(duration === 'never' ? {} : { duration }),
              },
              {
                onSuccess: () => {
                  setOpen(false);
                  onDone();
                },
              },
            );
          }}
        >
          {target.fromUrl && <p className="text-sm text-muted">This acts on the URL’s host, {target.value}.</p>}
          <div>
            <Label htmlFor={`${id}-duration`}>{block ? 'Duration' : 'Expires'}</Label>
            <Select
              id={`${id}-duration`}
              value={duration}
              onChange={(e) => setDuration(e.target.value as BlockDuration | 'never')}
            >
              {!block && <option value="never">never</option>}
              {DURATIONS.filter((d) => block || d !== 'permanent').map((d) => (
                <option key={d} value={d}>
                  {d === 'permanent' ? 'permanent' : `${block ? 'for' : 'after'} ${DURATION_LABEL[d]}`}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor={`${id}-comment`}>Comment</Label>
            <Input id={`${id}-comment`} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          {act.error && (
            <p
              role="alert"
              data-testid="indicator-action-error"
              className="rounded-md border border-danger/50 bg-danger/10 p-2 text-sm text-danger"
            >
              {errorMessage(act.error).replace(/^value: /, '')}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="submit" variant={block ? 'danger' : 'primary'} disabled={act.isPending}>
              {act.isPending ? 'Working…' : block ? `Block ${target.value}` : 'Add to watchlist'}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** "on watchlist" / "blocked until …" for the live items an indicator is on. */
export function WatchBadges({ items }: { items: IndicatorWatchItem[] }) {
  if (!items.length) return null;
  return (
    <span className="mt-1 flex flex-wrap gap-1" data-testid="watch-badges">
      {items.map((w) => {
        const via = w.type === 'cidr' ? ` (via ${w.value})` : '';
        const by = `${w.list} item by ${w.createdBy} at ${formatTime(w.createdAt)}${w.expiresAt ? `, expires ${new Date(w.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`;
        return w.list === 'watchlist' ? (
          <Badge key={w.id} tone="accent" title={by}>
            on watchlist{w.expiresAt ? ` until ${formatTime(w.expiresAt)}` : ''}
            {via}
          </Badge>
        ) : (
          <Badge key={w.id} tone="danger" title={by}>
            {w.expiresAt ? `blocked until ${formatTime(w.expiresAt)}` : 'blocked permanently'}
            {via}
          </Badge>
        );
      })}
    </span>
  );
}
