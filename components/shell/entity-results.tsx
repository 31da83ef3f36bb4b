'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { Globe, Server, User } from 'lucide-react';
import { useTRPC } from '@/components/realtime/trpc';
import { useDebounced } from '@/components/ui/use-debounced';
import type { EntityKind } from '@/server/entities/entity-kinds';

const ICON = { ip: Globe, user: User, host: Server, domain: Globe } as const;
const LABEL: Record<EntityKind, string> = { ip: 'IP', user: 'User', host: 'Host', domain: 'Domain' };

/**
 * The palette's "Entities" group: IPs, users and hosts seen in the last day whose value starts with
 * what was typed (entities.suggest), each opening its entity page.
 */
export function EntityResults({
  search,
  itemClass,
  groupClass,
  onOpen,
}: {
  search: string;
  itemClass: string;
  groupClass: string;
  onOpen: (href: string) => void;
}) {
  const trpc = useTRPC();
  const prefix = useDebounced(search.trim(), 200);
  const found = useQuery({
    ...trpc.entities.suggest.queryOptions({ prefix }),
    enabled: prefix.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  if (search.trim().length < 2) return null;
  const items = found.data ?? [];
  return (
    <Command.Group
      heading={found.isFetching && items.length === 0 ? 'Entities (searching…)' : 'Entities'}
      className={groupClass}
    >
      {items.map((e) => {
        const Icon = ICON[e.kind];
        // The typed text leads the value so cmdk's own filter keeps these items.
        return (
          <Command.Item
            key={`${e.kind}\n${e.value}`}
            value={`${search} ${e.kind} ${e.value}`}
            onSelect={() => onOpen(e.href)}
            className={itemClass}
          >
            <Icon size={15} className="text-muted" />
            <span className="w-10 text-xs text-muted">{LABEL[e.kind]}</span>
            <span className="min-w-0 flex-1 truncate font-mono">{e.value}</span>
            <span className="text-xs tabular-nums text-muted">{e.count.toLocaleString()}</span>
          </Command.Item>
        );
      })}
    </Command.Group>
  );
}
