import Link from 'next/link';
import type { ReactNode } from 'react';

export function Panel({
  title,
  href,
  linkLabel,
  children,
  className,
}: {
  title: string;
  href?: string;
  linkLabel?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section aria-label={title} className={`min-w-0 rounded-lg border border-border bg-panel p-4 ${className ?? ''}`}>
      <header className="mb-2 flex items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {href && (
          <Link href={href} className="text-xs text-accent hover:underline">
            {linkLabel ?? 'Open in explorer →'}
          </Link>
        )}
      </header>
      {children}
    </section>
  );
}
