'use client';

import * as D from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from './cn';

export const Dialog = D.Root;
export const DialogTrigger = D.Trigger;
export const DialogClose = D.Close;

/** A centred modal with a title; Radix handles focus trapping, Escape and aria wiring. */
export function DialogContent({
  title,
  description,
  children,
  className,
}: {
  title: string;
  description?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <D.Portal>
      <D.Overlay className="fixed inset-0 z-40 bg-black/50" />
      <D.Content
        className={cn(
          'fixed left-1/2 top-[12vh] z-50 w-[min(520px,calc(100vw-2rem))] -translate-x-1/2 rounded-xl border border-border bg-panel p-5 text-fg shadow-2xl',
          className,
        )}
        {...(description ? {} : { 'aria-describedby': undefined })}
      >
        <div className="mb-3 flex items-start justify-between gap-4">
          <D.Title className="text-base font-semibold">{title}</D.Title>
          <D.Close className="rounded p-1 text-muted hover:bg-panel-2 hover:text-fg" aria-label="Close">
            <X size={16} />
          </D.Close>
        </div>
        {description && <D.Description className="mb-3 text-sm text-muted">{description}</D.Description>}
        {children}
      </D.Content>
    </D.Portal>
  );
}
