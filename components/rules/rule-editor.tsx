'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTRPC, useTRPCClient } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ErrorText, Loading } from '../ui/states';
import {
  definitionOf,
  newDraft,
  parseDraftJson,
  pretty,
  type Draft,
  type RuleDetail,
  type TestResult,
} from './rule-draft';
import { CodeRuleView } from './code-rule-view';
import { RuleActions } from './rule-actions';
import { RuleConflict } from './rule-conflict';
import { RuleExceptions } from './rule-exceptions';
import { RuleForm } from './rule-form';
import { RuleHistory } from './rule-history';
import { RuleJsonView } from './rule-json-view';
import { RuleTestPanel } from './rule-test-panel';
import { useDebounced } from '@/components/ui/use-debounced';

export interface RuleAbilities {
  /** rules:write (admins): create, edit, enable, clone, delete. */
  canWrite: boolean;
  /** alerts:write (analysts): exceptions. */
  canExceptions: boolean;
}

/** /rules/new and /rules/{id}: form and JSON views of one draft, test, save (versioned), history, exceptions. */
export function RuleEditor({ id, abilities }: { id?: string; abilities: RuleAbilities }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const router = useRouter();
  const stored = useQuery({ ...trpc.rules.get.queryOptions({ id: id ?? '' }), enabled: !!id });
  const [draft, setDraft] = useState<Draft>(() => (id ? {} : newDraft()));
  const [saved, setSaved] = useState<{ version: number; json: string }>();
  const [jsonText, setJsonText] = useState(() => (id ? '' : pretty(newDraft())));
  const [jsonError, setJsonError] = useState<string>();
  const [view, setView] = useState<'form' | 'json'>('form');
  const [conflict, setConflict] = useState<Record<string, unknown>>();
  const [testResult, setTestResult] = useState<TestResult>();
  // A blank new rule is not "wrong" yet: its problems show once the user has edited it or tried to save.
  const [touched, setTouched] = useState(!!id);
  const dirty = saved ? pretty(draft) !== saved.json : true;

  function load(rec: Record<string, unknown> & { version: number }) {
    const d = definitionOf(rec);
    setDraft(d);
    setJsonText(pretty(d));
    setJsonError(undefined);
    setSaved({ version: rec.version, json: pretty(d) });
  }
  // The stored rule replaces the draft on first load, and later only while nothing is edited.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the stored rule changes, reading the draft state as it is then.
  useEffect(() => {
    if (stored.data && (!saved || (!dirty && stored.data.version !== saved.version))) load(stored.data);
  }, [stored.data]);

  function editForm(d: Draft) {
    setTouched(true);
    setDraft(d);
    setJsonText(pretty(d));
    setJsonError(undefined);
  }
  function editJson(text: string) {
    setTouched(true);
    setJsonText(text);
    const r = parseDraftJson(text);
    if ('error' in r) setJsonError(r.error);
    else setJsonError(undefined), setDraft(r.draft);
  }

  // Our own enable/disable: the new version becomes the base, unsaved edits stay.
  function afterToggle(rec: { version: number; enabled: boolean } & Record<string, unknown>) {
    if (!dirty) return load(rec);
    editForm({ ...draft, enabled: rec.enabled });
    setSaved((s) => (s ? { version: rec.version, json: pretty({ ...JSON.parse(s.json), enabled: rec.enabled }) } : s));
  }

  const checked = useDebounced(draft, 300);
  const validation = useQuery({
    ...trpc.rules.validate.queryOptions({ rule: checked }),
    placeholderData: keepPreviousData,
  });

  const invalidate = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.rules.list.queryKey() }),
      id && qc.invalidateQueries({ queryKey: trpc.rules.versions.queryKey({ id }) }),
    ]);
  const save = useMutation({
    mutationFn: (version?: number) =>
      id
        ? client.rules.update.mutate({ id, version: version ?? saved!.version, rule: draft })
        : client.rules.create.mutate({ rule: draft }),
    onSuccess: async (rec) => {
      setConflict(undefined);
      if (!id) return router.push(`/rules/${rec.id}`);
      load(rec);
      qc.setQueryData(trpc.rules.get.queryKey({ id }), (old: RuleDetail | undefined) =>
        old ? { ...old, ...rec } : old,
      );
      await invalidate();
    },
    onError: (err) => {
      const data = (err as { data?: { code?: string; current?: Record<string, unknown> } }).data;
      if (data?.code === 'CONFLICT' && data.current) setConflict(data.current);
    },
  });

  if (id && stored.isPending) return <Loading label="Loading rule…" />;
  if (id && stored.isError) return <ErrorText error={stored.error} />;
  const readOnly = !abilities.canWrite;
  const code = (stored.data as Record<string, unknown> | undefined)?.type === 'code';
  const title = id ? String((stored.data as Record<string, unknown> | undefined)?.name ?? 'Rule') : 'New rule';
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/rules" className="text-xs text-muted">
            ← Rules
          </Link>
          <h1 className="flex items-center gap-2 text-xl font-semibold">
            {title}
            {saved && <Badge>v{saved.version}</Badge>}
            {saved && dirty && !readOnly && <Badge tone="accent">Unsaved changes</Badge>}
          </h1>
        </div>
        {!readOnly && (
          <div className="flex items-center gap-2">
            {id && stored.data && <RuleActions rule={stored.data} onChanged={afterToggle} />}
            {!code && (
              <Button
                onClick={() => (setTouched(true), save.mutate(undefined))}
                disabled={save.isPending || !!jsonError || (!!saved && !dirty)}
              >
                {save.isPending ? 'Saving…' : id ? 'Save new version' : 'Create rule'}
              </Button>
            )}
          </div>
        )}
      </div>
      {draft.enabled === false && typeof draft.disabledReason === 'string' && (
        <p
          role="note"
          className="rounded-md border border-border bg-panel-2 px-3 py-2 text-sm"
          data-testid="rule-disabled-reason"
        >
          <strong>Off:</strong> {draft.disabledReason}
        </p>
      )}
      {readOnly && (
        <p role="note" className="rounded-md border border-border bg-panel-2 px-3 py-2 text-sm">
          Read-only: editing, enabling and deleting rules needs the admin role (rules:write). You can still change the
          draft here and <strong>test</strong> it against past events; nothing is saved.
        </p>
      )}
      {conflict && saved && (
        <RuleConflict
          current={conflict}
          onUseTheirs={() => (load(conflict as Record<string, unknown> & { version: number }), setConflict(undefined))}
          onOverwrite={() => save.mutate(Number(conflict.version))}
        />
      )}
      {!conflict && <ErrorText error={save.error} />}
      {touched && validation.data && !validation.data.ok && (
        <p
          role="status"
          className="rounded-md border border-danger/50 px-3 py-2 font-mono text-xs text-danger"
          data-testid="rule-problem"
        >
          {validation.data.message}
        </p>
      )}
      {code && stored.data ? (
        <CodeRuleView rule={stored.data} />
      ) : (
        <section className="rounded-lg border border-border bg-panel p-4">
          <div role="tablist" aria-label="Editor view" className="mb-4 flex gap-1">
            {(['form', 'json'] as const).map((v) => (
              <Button
                key={v}
                role="tab"
                aria-selected={view === v}
                size="sm"
                variant={view === v ? 'primary' : 'secondary'}
                onClick={() => setView(v)}
              >
                {v === 'form' ? 'Form' : 'JSON'}
              </Button>
            ))}
          </div>
          {view === 'form' ? (
            <fieldset disabled={!!jsonError} className="disabled:opacity-60">
              {jsonError && (
                <p className="mb-2 text-sm text-danger">Fix the JSON first: the form shows the last valid rule.</p>
              )}
              <RuleForm
                draft={draft}
                onChange={editForm}
                validation={validation.data}
                previewEvents={testResult?.alerts[0]?.events}
              />
            </fieldset>
          ) : (
            <RuleJsonView text={jsonText} error={jsonError} onText={editJson} />
          )}
        </section>
      )}
      <RuleTestPanel draft={draft} onResult={setTestResult} />
      {id && stored.data && (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
          <RuleExceptions rule={stored.data} canEdit={abilities.canExceptions} />
          <RuleHistory id={id} version={stored.data.version} />
        </div>
      )}
    </div>
  );
}
