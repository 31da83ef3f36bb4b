'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SEVERITIES, type CaseKind, type Severity } from '@/server/cases/case-model';
import { useTRPC } from '@/components/realtime/trpc';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Input, Label, Select } from '../ui/input';
import { errorMessage, KIND_LABEL, KIND_PATH } from './case-format';
import { TEXTAREA } from './versioned-text';

/** "New incident" / "New investigation": the essentials, then straight into the room. */
export function NewCaseDialog({ kind }: { kind: CaseKind }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.cases.create.mutationOptions());
  const templates = useQuery(trpc.cases.templates.queryOptions());
  const [templateId, setTemplateId] = useState('');
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [description, setDescription] = useState('');
  const title = `New ${KIND_LABEL[kind].one.toLowerCase()}`;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus size={16} /> {title}
        </Button>
      </DialogTrigger>
      <DialogContent title={title}>
        <form
          className="space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            // A template fills severity and description from its own unless the form changed them.
            const tpl = templates.data?.find((t) => t.id === templateId);
            create.mutate(
              {
                kind,
                summary,
                severity,
                description: description || tpl?.description || '',
                ...(tpl ? { templateId: tpl.id } : {}),
              },
              { onSuccess: (c) => router.push(`${KIND_PATH[kind]}/${c.id}`) },
            );
          }}
        >
          <div>
            <Label htmlFor="new-summary">Summary</Label>
            <Input
              id="new-summary"
              required
              maxLength={500}
              value={summary}
              onChange={(e) => setSummary(e.target.value)}
              placeholder="e.g. SSH brute force against bastion1"
              autoFocus
            />
          </div>
          {(templates.data ?? []).some((t) => t.kind === kind) && (
            <div>
              <Label htmlFor="new-template">Template</Label>
              <Select
                id="new-template"
                value={templateId}
                onChange={(e) => {
                  setTemplateId(e.target.value);
                  const tpl = templates.data?.find((t) => t.id === e.target.value);
                  if (tpl) setSeverity(tpl.severity);
                }}
              >
                <option value="">None</option>
                {(templates.data ?? [])
                  .filter((t) => t.kind === kind)
                  .map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name}
                    </option>
                  ))}
              </Select>
              {templateId && (
                <p className="mt-1 text-xs text-muted">
                  Its tasks, VERIS tags, TLP/PAP marks and description skeleton are added.
                </p>
              )}
            </div>
          )}
          <div>
            <Label htmlFor="new-severity">Severity</Label>
            <Select id="new-severity" value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              {SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          </div>
          <div>
            <Label htmlFor="new-description">Description</Label>
            <textarea
              id="new-description"
              rows={4}
              className={TEXTAREA}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              placeholder="What is known so far"
            />
          </div>
          {create.error && (
            <p role="alert" className="text-sm text-danger">
              {errorMessage(create.error)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button type="submit" disabled={create.isPending || !summary.trim()}>
              {create.isPending ? 'Creating…' : `Create ${KIND_LABEL[kind].one.toLowerCase()}`}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
