'use client';

import { Check, Copy } from 'lucide-react';
import { useState } from 'react';
import { Button } from '../ui/button';

/** A secret shown once (generated password, new token) with a copy button. */
export function CopyOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-accent/50 bg-panel-2 p-3">
      <p className="mb-2 text-sm font-medium">{label}</p>
      <div className="flex items-center gap-2">
        <code data-testid="secret" className="min-w-0 flex-1 break-all rounded bg-bg px-2 py-1.5 text-sm">
          {value}
        </code>
        <Button
          variant="secondary"
          size="sm"
          onClick={() =>
            navigator.clipboard?.writeText(value).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? <Check size={14} /> : <Copy size={14} />} {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
      <p className="mt-2 text-xs text-muted">It is shown only this once; store it now.</p>
    </div>
  );
}
