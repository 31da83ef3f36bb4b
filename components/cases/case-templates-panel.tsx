'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { markLabel, PAP_MARKS, TLP_MARKS, type Pap, type Tlp } from '@/server/cases/case-marks';
import { CASE_KINDS, SEVERITIES, type CaseKind, type Severity } from '@/server/cases/case-model';
import type { AppRouter } from '@/server/trpc/router';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Input, Label, Select } from '../ui/input';
import { Table, TBody, Td, Th, THead, Tr } from '../ui/table';
import { Empty, ErrorText, Loading } from '../ui/states';
import { TEXTAREA } from './versioned-text';

type Template = inferRouterOutputs<AppRouter>['cases']['templates'][number];
type Draft = {
  name: string;
  kind: CaseKind;
  severity: Severity;
  tlp: Tlp;
  pap: Pap;
  description: string;
  tags: string;
  tasks: string;
};

const EMPTY: Draft = {
  name: '',
  kind: 'incident',
  severity: 'medium',
  tlp: 'amber',
  pap: 'amber',
  description: '',
  tags: '',
  tasks: '',
};
const lines = (v: string) =>
  v
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Admin: case templates (tasks, severity, marks, VERIS tags, description skeleton) offered when opening a case. */
export function CaseTemplatesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.cases.templates.queryOptions());
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const remove = useMutation(trpc.cases.deleteTemplate.mutationOptions());
  const reload = () => void queryClient.invalidateQueries({ queryKey: trpc.cases.templates.queryKey() });

  return (
    <section aria-labelledby="templates-heading" className="space-y-3">
      <div className="flex items-center justify-between">
        <h2 id="templates-heading" className="text-lg font-semibold">
          Case templates
        </h2>
        {editing === null && <Button onClick={() => setEditing('new')}>New template</Button>}
      </div>
      <p className="text-sm text-muted">
        Chosen when opening an incident or investigation: it starts with the template&apos;s severity, marks, VERIS
        tags, description and tasks.
      </p>
      {editing !== null && (
        <TemplateForm
          template={editing === 'new' ? null : editing}
          onDone={() => (setEditing(null), reload())}
          onCancel={() => setEditing(null)}
        />
      )}
      {list.isPending ? (
        <Loading label="Loading templates…" />
      ) : list.isError ? (
        <ErrorText error={list.error} />
      ) : list.data.length === 0 ? (
        <Empty>No templates yet.</Empty>
      ) : (
        <Table data-testid="case-templates">
          <THead>
            <tr>
              <Th>Name</Th>
              <Th>For</Th>
              <Th>Severity</Th>
              <Th>Marks</Th>
              <Th>Tasks</Th>
              <Th className="text-right">Actions</Th>
            </tr>
          </THead>
          <TBody>
            {list.data.map((t) => (
              <Tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="text-xs">{t.kind}</Td>
                <Td className="text-xs">{t.severity}</Td>
                <Td className="font-mono text-xs">
                  {markLabel('TLP', t.tlp)} {markLabel('PAP', t.pap)}
                </Td>
                <Td className="text-xs">{t.tasks.length}</Td>
                <Td className="text-right">
                  <div className="flex justify-end gap-1">
                    <Button
                      size="sm"
                      variant="secondary"
                      aria-label={`Edit template ${t.name}`}
                      onClick={() => setEditing(t)}
                    >
                      Edit
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete template ${t.name}`}
                      disabled={remove.isPending}
                      onClick={() => remove.mutate({ id: t.id }, { onSuccess: reload })}
                    >
                      Delete
                    </Button>
                  </div>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      <ErrorText error={remove.error} />
    </section>
  );
}

function TemplateForm({
  template,
  onDone,
  onCancel,
}: {
  template: Template | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const create = useMutation(trpc.cases.createTemplate.mutationOptions());
  const update = useMutation(trpc.cases.updateTemplate.mutationOptions());
  const [d, setD] = useState<Draft>(
    template ? { ...template, tags: template.tags.join('\n'), tasks: template.tasks.join('\n') } : EMPTY,
  );
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const busy = create.isPending || update.isPending;
  return (
    <form
      aria-label={template ? `Edit template ${template.name}` : 'New template'}
      className="grid gap-3 rounded-lg border border-border bg-panel p-3 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const body = {
          name: d.name,
          kind: d.kind,
          severity: d.severity,
          tlp: d.tlp,
          pap: d.pap,
          description: d.description,
          tags: lines(d.tags),
          tasks: lines(d.tasks),
        };
        if (template) update.mutate({ id: template.id, version: template.version, ...body }, { onSuccess: onDone });
        else create.mutate(body, { onSuccess: onDone });
      }}
    >
      <div>
        <Label htmlFor="tpl-name">Name</Label>
        <Input id="tpl-name" required maxLength={200} value={d.name} onChange={(e) => set('name', e.target.value)} />
      </div>
      <div className="grid grid-cols-4 gap-2">
        <div>
          <Label htmlFor="tpl-kind">For</Label>
          <Select id="tpl-kind" value={d.kind} onChange={(e) => set('kind', e.target.value as CaseKind)}>
            {CASE_KINDS.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="tpl-severity">Severity</Label>
          <Select id="tpl-severity" value={d.severity} onChange={(e) => set('severity', e.target.value as Severity)}>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="tpl-tlp">TLP</Label>
          <Select id="tpl-tlp" value={d.tlp} onChange={(e) => set('tlp', e.target.value as Tlp)}>
            {TLP_MARKS.map((m) => (
              <option key={m} value={m}>
                {markLabel('TLP', m)}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="tpl-pap">PAP</Label>
          <Select id="tpl-pap" value={d.pap} onChange={(e) => set('pap', e.target.value as Pap)}>
            {PAP_MARKS.map((m) => (
              <option key={m} value={m}>
                {markLabel('PAP', m)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <div>
        <Label htmlFor="tpl-description">Description skeleton (Markdown)</Label>
        <textarea
          id="tpl-description"
          rows={5}
          className={TEXTAREA}
          value={d.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </div>
      <div className="grid grid-cols-2 gap-2">
        <div>
          <Label htmlFor="tpl-tasks">Tasks (one per line)</Label>
          <textarea
            id="tpl-tasks"
            rows={5}
            className={TEXTAREA}
            value={d.tasks}
            onChange={(e) => set('tasks', e.target.value)}
          />
        </div>
        <div>
          <Label htmlFor="tpl-tags">VERIS tags (one per line)</Label>
          <textarea
            id="tpl-tags"
            rows={5}
            className={TEXTAREA}
            value={d.tags}
            onChange={(e) => set('tags', e.target.value)}
          />
        </div>
      </div>
      <div className="flex items-center justify-end gap-2 md:col-span-2">
        <ErrorText error={create.error ?? update.error} />
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={busy || !d.name.trim()}>
          {busy ? 'Saving…' : 'Save template'}
        </Button>
      </div>
    </form>
  );
}
