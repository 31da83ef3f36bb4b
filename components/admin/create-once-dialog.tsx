'use client';

import { Plus } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../ui/button';
import { Dialog, DialogContent, DialogTrigger } from '../ui/dialog';
import { Select } from '../ui/input';
import { ErrorText } from '../ui/states';
import type { Role } from './types';

/**
 * A "New …" dialog whose result holds a secret shown once (a token, a generated password): the
 * form, then what was created. Closing calls `onClose`, which forgets it.
 */
export function CreateOnceDialog<T>(props: {
  noun: string;
  title: string;
  created: T | undefined;
  renderCreated: (created: T) => ReactNode;
  pending: boolean;
  error: unknown;
  onSubmit: (form: FormData) => void;
  onClose: () => void;
  /** The form's fields. */
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const onOpenChange = (o: boolean) => {
    setOpen(o);
    if (!o) props.onClose();
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    props.onSubmit(new FormData(e.currentTarget));
  };
  const noun = props.noun.charAt(0).toUpperCase() + props.noun.slice(1);
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus size={15} /> New {props.noun}
        </Button>
      </DialogTrigger>
      <DialogContent title={props.created ? `${noun} created` : props.title}>
        {props.created ? (
          <div className="space-y-3">
            {props.renderCreated(props.created)}
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={submit} className="space-y-3">
            {props.children}
            <ErrorText error={props.error} />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={props.pending}>
                {props.pending ? 'Creating…' : `Create ${props.noun}`}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The role picker of a create form (viewer preselected). */
export function RoleSelect({ id, roles }: { id: string; roles: readonly Role[] }) {
  return (
    <Select id={id} name="role" defaultValue="viewer" className="w-full">
      {roles.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </Select>
  );
}
