'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { IndicatorRecord } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { errorMessage } from './case-format';

const TYPE_LABEL: Record<IndicatorRecord['type'], string> = {
  ip: 'IP',
  domain: 'Domain',
  url: 'URL',
  hash: 'Hash',
  user: 'User',
};

/**
 * Indicators found in the evidence events (IPs, users, hosts/domains, URLs, hashes) that the case
 * does not list yet; "Add" takes one in one click. Refetched when evidence or indicators change.
 */
export function IndicatorSuggestions({
  caseId,
  changeKey,
  canWrite,
  refresh,
}: {
  caseId: string;
  changeKey: string;
  canWrite: boolean;
  refresh: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suggestions = useQuery(trpc.cases.suggestIndicators.queryOptions({ caseId }, { refetchOnWindowFocus: false }));
  const add = useMutation(trpc.cases.addIndicator.mutationOptions());
  const seen = useRef(changeKey);
  useEffect(() => {
    if (seen.current === changeKey) return;
    seen.current = changeKey;
    void queryClient.invalidateQueries({ queryKey: trpc.cases.suggestIndicators.queryKey({ caseId }) });
  }, [changeKey, caseId, queryClient, trpc]);

  if (suggestions.isPending) return <p className="text-xs text-muted">Looking for indicators in the evidence…</p>;
  if (suggestions.isError) {
    return (
      <p role="alert" className="text-xs text-danger">
        Suggestions unavailable: {suggestions.error.message}
      </p>
    );
  }
  if (suggestions.data.length === 0) return null;
  return (
    <section aria-labelledby="suggested-heading" className="rounded-lg border border-dashed border-border p-3">
      <h3 id="suggested-heading" className="text-sm font-semibold">
        Suggested from evidence
      </h3>
      <ul className="mt-2 flex flex-wrap gap-2" data-testid="indicator-suggestions">
        {suggestions.data.map((s) => (
          <li
            key={`${s.type}:${s.value}`}
            className="flex items-center gap-1.5 rounded border border-border bg-panel px-2 py-1 text-xs"
            title={`Found in ${s.field} of ${s.count} evidence item${s.count === 1 ? '' : 's'}`}
          >
            <span className="font-semibold text-muted">{TYPE_LABEL[s.type]}</span>
            <span className="font-mono break-all">{s.value}</span>
            <span className="text-muted">×{s.count}</span>
            {canWrite && (
              <Button
                size="sm"
                variant="secondary"
                disabled={add.isPending}
                aria-label={`Add ${TYPE_LABEL[s.type]} ${s.value} as an indicator`}
                onClick={() =>
                  add.mutate(
                    { caseId, indicator: { type: s.type, value: s.value, note: `Found in ${s.field}` } },
                    { onSuccess: refresh },
                  )
                }
              >
                Add
              </Button>
            )}
          </li>
        ))}
      </ul>
      {add.error && (
        <p role="alert" className="mt-1 text-xs text-danger">
          {errorMessage(add.error)}
        </p>
      )}
    </section>
  );
}
