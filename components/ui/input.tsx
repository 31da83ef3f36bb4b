import { forwardRef, type InputHTMLAttributes, type LabelHTMLAttributes, type SelectHTMLAttributes } from 'react';
import { cn } from './cn';

const FIELD =
  'rounded-md border border-border bg-bg px-2.5 text-sm text-fg placeholder:text-muted focus-visible:outline-2 focus-visible:outline-accent focus-within:outline-2 focus-within:outline-accent';

export const Input = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement>>(function Input(
  { className, ...props },
  ref,
) {
  return <input ref={ref} className={cn(FIELD, 'h-9 w-full', className)} {...props} />;
});

export const Select = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & { compact?: boolean }>(
  function Select({ className, compact, ...props }, ref) {
    return <select ref={ref} className={cn(FIELD, compact ? 'h-8 text-xs' : 'h-9', className)} {...props} />;
  },
);

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor (or nest the control) through props
  return <label className={cn('block text-xs font-semibold text-muted mb-1', className)} {...props} />;
}
