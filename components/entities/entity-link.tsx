import Link from 'next/link';
import type { ReactNode } from 'react';
import { cn } from '@/components/ui/cn';
import { entityHref, type EntityKind } from '@/server/entities/entity-kinds';

/**
 * A value (IP, user, host, domain) linking to its entity page. The value is attacker-chosen log
 * text: it is rendered as text and percent-encoded into the path, never interpreted.
 */
export function EntityLink({
  kind,
  value,
  className,
  children,
}: {
  kind: EntityKind;
  value: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <Link
      href={entityHref(kind, value)}
      className={cn('text-accent underline-offset-2 hover:underline', className)}
      title={`Open the ${kind} page for ${value.slice(0, 200)}`}
      data-entity-kind={kind}
    >
      {children ?? value}
    </Link>
  );
}
