'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Search } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { INDICATOR_TYPES, type CaseKind, type IndicatorRecord } from '@/server/cases/case-model';
import { listsFor, watchTarget } from '@/server/cases/indicator-targets';
import { useTRPC } from '@/components/realtime/trpc';
import { useInvalidateOnChange } from '@/components/realtime/use-live-topic';
import { IndicatorActionDialog, WatchBadges } from './indicator-action-dialog';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty } from '../ui/states';
import { authorLabel, errorMessage, formatTime } from './case-format';
import { ReadOnlyNote } from './conflict-notice';
import { explorerHref } from './lucene-query';
import { IndicatorSuggestions } from './indicator-suggestions';
import { UnlistButton } from './unlist-button';

const TYPE_LABEL: Record<IndicatorRecord['type'], string> = {
  ip: 'IP',
  domain: 'Domain',
  url: 'URL',
  hash: 'Hash',
  user: 'User',
};

/**
 * IOCs. Values are text (a URL indicator is never a clickable link); "Search events" opens the
 * explorer with a quoted query. Analysts can put an IOC on the watchlist or a block list in one
 * click; the badges come from the watchlist itself and follow its realtime topic.
 */
export function IndicatorsSection({
  caseRef,
  indicators,
  evidenceCount,
  canWrite,
  refresh,
}: {
  caseRef: { kind: CaseKind; id: string; summary: string };
  indicators: IndicatorRecord[];
  evidenceCount: number;
  canWrite: boolean;
  refresh: () => void;
}) {
  const caseId = caseRef.id;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusKey = trpc.cases.indicatorStatus.queryKey({ caseId });
  const status = useQuery(trpc.cases.indicatorStatus.queryOptions({ caseId }, { refetchOnWindowFocus: false }));
  // Any watchlist change may concern one of these values: refetch just this case's status.
  useInvalidateOnChange('watchlist', { changed: () => [statusKey], resync: [statusKey] });
  // A new indicator may already be listed: refetch when the count changes (not on mount).
  const count = indicators.length;
  const seen = useRef(count);
  useEffect(() => {
    if (seen.current === count) return;
    seen.current = count;
    void queryClient.invalidateQueries({ queryKey: trpc.cases.indicatorStatus.queryKey({ caseId }) });
  }, [count, caseId, queryClient, trpc]);
  const itemsOf = new Map((status.data ?? []).map((x) => [x.indicatorId, x.items]));

  return (
    <section aria-labelledby="indicators-heading" className="space-y-3">
      <h2 id="indicators-heading" className="sr-only">
        Indicators <span className="text-sm font-normal text-muted">({indicators.length})</span>
      </h2>
      {canWrite ? <AddIndicator caseId={caseId} refresh={refresh} /> : <ReadOnlyNote />}
      <IndicatorSuggestions
        caseId={caseId}
        changeKey={`${evidenceCount}:${indicators.length}`}
        canWrite={canWrite}
        refresh={refresh}
      />
      {status.isError && (
        <p role="alert" className="text-xs text-danger">
          Watchlist status unavailable: {status.error.message}
        </p>
      )}
      {indicators.length === 0 ? (
        <Empty>No indicators yet.</Empty>
      ) : (
        <Table data-testid="indicators">
          <THead>
            <tr>
              <Th className="w-20">Type</Th>
              <Th>Value</Th>
              <Th>Note</Th>
              <Th>Added</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </THead>
          <TBody>
            {indicators.map((i) => {
              const target = watchTarget(i.type, i.value);
              const items = itemsOf.get(i.id) ?? [];
              // A list already holding this exact value offers nothing more (a covering CIDR does not count).
              const listed = new Set(
                items.filter((w) => w.type !== 'cidr' || target?.type === 'cidr').map((w) => w.list),
              );
              return (
                <Tr key={i.id} data-indicator={i.value}>
                  <Td className="text-xs font-semibold text-muted">{TYPE_LABEL[i.type]}</Td>
                  <Td className="text-xs">
                    <span className="font-mono break-all">{i.value}</span>
                    <WatchBadges items={items} />
                  </Td>
                  <Td className="text-xs whitespace-pre-wrap">{i.note}</Td>
                  <Td className="text-xs whitespace-nowrap text-muted">
                    {authorLabel(i.addedBy)}
                    <br />
                    {formatTime(i.addedAt)}
                  </Td>
                  <Td className="text-right">
                    <div className="flex flex-wrap items-center justify-end gap-1.5">
                      {/* A plain link: the explorer is a full page, and prefetching it would hit the ingest endpoint's GET. */}
                      <a
                        href={explorerHref(i.type, i.value)}
                        className="inline-flex items-center gap-1 text-xs text-accent underline"
                        aria-label={`Search events for ${i.value}`}
                      >
                        <Search size={12} aria-hidden /> Search events
                      </a>
                      {canWrite &&
                        target &&
                        listsFor(target)
                          .filter((list) => !listed.has(list))
                          .map((list) => (
                            <IndicatorActionDialog
                              key={list}
                              list={list}
                              indicator={i}
                              target={target}
                              caseRef={caseRef}
                              onDone={refresh}
                            />
                          ))}
                      {canWrite &&
                        items.map((w) => (
                          <UnlistButton key={w.id} caseId={caseId} indicatorId={i.id} item={w} onDone={refresh} />
                        ))}
                    </div>
                  </Td>
                </Tr>
              );
            })}
          </TBody>
        </Table>
      )}
    </section>
  );
}

function AddIndicator({ caseId, refresh }: { caseId: string; refresh: () => void }) {
  const trpc = useTRPC();
  const add = useMutation(trpc.cases.addIndicator.mutationOptions());
  const [type, setType] = useState<IndicatorRecord['type']>('ip');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  return (
    <form
      aria-label="Add indicator"
      className="flex flex-wrap items-end gap-2 rounded-lg border border-border bg-panel p-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim())
          add.mutate(
            { caseId, indicator: { type, value, note } },
            { onSuccess: () => (setValue(''), setNote(''), refresh()) },
          );
      }}
    >
      <div>
        <Label htmlFor="indicator-type">Type</Label>
        <Select
          id="indicator-type"
          compact
          value={type}
          onChange={(e) => setType(e.target.value as IndicatorRecord['type'])}
        >
          {INDICATOR_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </Select>
      </div>
      <div className="min-w-48 flex-1">
        <Label htmlFor="indicator-value">Value</Label>
        <Input
          id="indicator-value"
          className="h-8 font-mono text-xs"
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <div className="min-w-48 flex-1">
        <Label htmlFor="indicator-note">Note</Label>
        <Input id="indicator-note" className="h-8 text-xs" value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      <Button type="submit" size="sm" disabled={add.isPending || !value.trim()}>
        Add indicator
      </Button>
      {add.error && (
        <p role="alert" className="w-full text-xs text-danger">
          {errorMessage(add.error)}
        </p>
      )}
    </form>
  );
}
