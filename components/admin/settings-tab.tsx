'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTRPC } from '../realtime/trpc';
import { staleCurrent } from '../realtime/trpc-conflict';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Label, Select } from '../ui/input';
import { ErrorText, Loading } from '../ui/states';
import { QueuePanel } from './queue-panel';
import { formatTime, type SettingsView } from './types';

type Policy = SettingsView['oauthNewUserRole'];

const POLICY_LABEL: Record<Policy, string> = {
  viewer: 'Create them as viewer',
  analyst: 'Create them as analyst',
  none: 'Refuse them (an admin creates users first)',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-b border-border py-2.5 last:border-b-0">
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="text-right text-sm font-medium">{children}</dd>
    </div>
  );
}

export function SettingsTab() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const [policy, setPolicy] = useState<Policy>();
  const [conflict, setConflict] = useState<SettingsView>();
  const [saved, setSaved] = useState(false);
  const data = settings.data;
  useEffect(() => {
    if (data && policy === undefined) setPolicy(data.oauthNewUserRole);
  }, [data, policy]);

  const save = useMutation(
    trpc.settings.update.mutationOptions({
      onMutate: () => {
        setConflict(undefined);
        setSaved(false);
      },
      onSuccess: (fresh) => {
        qc.setQueryData(trpc.settings.get.queryKey(), fresh);
        setSaved(true);
      },
      onError: (err) => {
        const current = staleCurrent<SettingsView>(err);
        if (current) {
          setConflict(current);
          qc.setQueryData(trpc.settings.get.queryKey(), current);
        }
      },
    }),
  );

  if (settings.isPending) return <Loading label="Loading settings…" />;
  if (!data) return <ErrorText error={settings.error} />;

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (policy) save.mutate({ oauthNewUserRole: policy, version: conflict?.version ?? data!.version });
  }
  const dirty = policy !== undefined && policy !== data.oauthNewUserRole;

  return (
    <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section aria-labelledby="sign-in-heading" className="rounded-xl border border-border bg-panel p-5">
        <h2 id="sign-in-heading" className="text-lg font-semibold">
          Sign-in
        </h2>
        <p className="mt-1 mb-4 text-sm text-muted">
          What happens when someone signs in through GitHub, Google or single sign-on for the first time.
        </p>
        <form onSubmit={onSubmit} className="space-y-3">
          <div>
            <Label htmlFor="oauth-policy">New OAuth users</Label>
            <Select
              id="oauth-policy"
              value={policy ?? data.oauthNewUserRole}
              onChange={(e) => (setPolicy(e.target.value as Policy), setSaved(false))}
              className="w-full max-w-sm"
            >
              {(Object.keys(POLICY_LABEL) as Policy[]).map((p) => (
                <option key={p} value={p}>
                  {POLICY_LABEL[p]}
                </option>
              ))}
            </Select>
            <p className="mt-1.5 text-xs text-muted">
              {data.oauthNewUserRoleSource === 'environment' ? (
                <>
                  Not set here yet: <code>PICKET_OAUTH_DEFAULT_ROLE</code> from the environment applies. Saving stores
                  it in the database.
                </>
              ) : (
                <>
                  Last changed {formatTime(data.updatedAt)} by {data.updatedBy ?? 'system'}.
                </>
              )}{' '}
              Existing users keep their role.
            </p>
          </div>
          {conflict && (
            <div role="alert" className="rounded-md border border-accent/50 bg-panel-2 p-2.5 text-sm">
              Someone else changed the settings first: new OAuth users are now{' '}
              <strong>{POLICY_LABEL[conflict.oauthNewUserRole].toLowerCase()}</strong>. Save again to apply your choice
              over theirs.
            </div>
          )}
          {save.error && !conflict && <ErrorText error={save.error} />}
          <div className="flex items-center gap-3">
            <Button type="submit" disabled={save.isPending || (!dirty && !conflict)}>
              {save.isPending ? 'Saving…' : 'Save'}
            </Button>
            {saved && (
              <span role="status" className="text-sm text-ok">
                Saved. The change is in the audit log.
              </span>
            )}
          </div>
        </form>
      </section>
      <section aria-labelledby="facts-heading" className="rounded-xl border border-border bg-panel p-5">
        <h2 id="facts-heading" className="text-lg font-semibold">
          This instance
        </h2>
        <p className="mt-1 mb-2 text-sm text-muted">Set by the environment at start; read-only here.</p>
        <dl>
          <Fact label="Version">{data.facts.version}</Fact>
          <Fact label="Database">
            {data.facts.database === 'embedded' ? 'Embedded Postgres' : 'External Postgres (DATABASE_URL)'}
          </Fact>
          <Fact label="Event retention">{data.facts.retentionDays} days</Fact>
          <Fact label="OAuth providers">
            {data.facts.oauthProviders.length ? (
              <span className="flex flex-wrap justify-end gap-1">
                {data.facts.oauthProviders.map((p) => (
                  <Badge key={p}>{p}</Badge>
                ))}
              </span>
            ) : (
              <span className="text-muted">none configured</span>
            )}
          </Fact>
        </dl>
      </section>
      <QueuePanel />
    </div>
  );
}
