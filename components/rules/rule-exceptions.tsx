'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label } from '../ui/input';
import { ErrorText } from '../ui/states';
import type { RuleDetail } from './rule-draft';
import { DEFAULT_EXPIRY, ExpirySelect, expiryText, expiryToIso } from '../alerts/exception-expiry';

/** "Never alert when …" queries of a rule. Analysts may add and remove them (alerts:write). */
export function RuleExceptions({ rule, canEdit }: { rule: RuleDetail; canEdit: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const [query, setQuery] = useState('');
  const [comment, setComment] = useState('');
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.rules.get.queryKey({ id: rule.id }) });
  const add = useMutation({
    mutationFn: () =>
      client.rules.addException.mutate({
        ruleId: rule.id,
        query: query.trim(),
        comment,
        expiresAt: expiryToIso(expiry),
      }),
    onSuccess: () => (setQuery(''), setComment(''), setExpiry(DEFAULT_EXPIRY), refresh()),
  });
  const remove = useMutation({
    mutationFn: (exceptionId: string) => client.rules.removeException.mutate({ ruleId: rule.id, exceptionId }),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="exceptions-heading" className="rounded-lg border border-border bg-panel p-4">
      <h2 id="exceptions-heading" className="mb-1 text-base font-semibold">
        Exceptions
      </h2>
      <p className="mb-3 text-sm text-muted">
        Events matching any of these do not feed this rule until the exception expires.
      </p>
      {rule.exceptions.length === 0 ? (
        <p className="mb-3 text-sm text-muted">None yet. Marking an alert false positive offers to add one.</p>
      ) : (
        <ul className="mb-3 divide-y divide-border rounded-md border border-border" aria-label="Exceptions">
          {rule.exceptions.map((x) => (
            <li
              key={x.id}
              className="flex items-start gap-3 px-3 py-2 text-sm"
              data-exception={x.query}
              data-expired={x.expiresAt !== null && Date.parse(x.expiresAt) <= Date.now()}
            >
              <div className="min-w-0 flex-1">
                <code className="break-all">{x.query}</code>
                <div className="text-xs text-muted">
                  {x.comment ? `${x.comment} · ` : ''}
                  {x.createdBy} · {new Date(x.createdAt).toLocaleString()} ·{' '}
                  <span data-testid="exception-expiry">{expiryText(x.expiresAt)}</span>
                </div>
              </div>
              {canEdit && (
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={`Remove exception ${x.query}`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(x.id)}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <div className="min-w-60 flex-1">
            <Label htmlFor="exc-query">Never alert when</Label>
            <Input
              id="exc-query"
              className="font-mono"
              required
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="details.sourceipaddress:10.0.0.0/8"
            />
          </div>
          <div className="min-w-40">
            <Label htmlFor="exc-comment">Why</Label>
            <Input id="exc-comment" value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <ExpirySelect id="exc-expiry" value={expiry} onChange={setExpiry} />
          <Button type="submit" size="md" variant="secondary" disabled={add.isPending}>
            Add exception
          </Button>
        </form>
      )}
      <ErrorText error={add.error ?? remove.error} />
    </section>
  );
}
