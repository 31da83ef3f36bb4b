'use client';

import { useState } from 'react';
import type { PicketEvent } from '@/server/ingest/event';
import { checkEntity, entityKindOfField } from '@/server/entities/entity-kinds';
import { EntityLink } from '../entities/entity-link';
import { Button } from '../ui/button';

/** Events shown before "Show all": an alert of hundreds should not push the console away. */
const FIRST = 10;

/** Flattens details into "a.b.c" → text pairs so every value shows as plain text. */
export function flatten(value: unknown, prefix: string, out: Array<[string, string]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
  }
}

/** A field's value, linked to its entity page when the field names an IP, user, host or domain. */
export function EntityValue({ field, value }: { field: string; value: string }) {
  const kind = entityKindOfField(field);
  const entity = kind ? checkEntity(kind, value) : null;
  return entity?.ok ? (
    <EntityLink kind={entity.kind} value={entity.value}>
      {value}
    </EntityLink>
  ) : (
    value
  );
}

/**
 * An alert's (or a back-test's) events. Every field is attacker-controlled log text: it is
 * rendered as React text children only, never as HTML.
 */
export function EventList({ events: all, total }: { events: readonly PicketEvent[]; total?: number }) {
  const [more, setMore] = useState(false);
  const events = more ? all : all.slice(0, FIRST);
  if (all.length === 0) return <p className="text-sm text-muted">No events stored for this alert.</p>;
  return (
    <div className="space-y-2" data-testid="alert-events">
      {events.map((e) => {
        const fields: Array<[string, string]> = [];
        flatten(e.details, 'details', fields);
        return (
          <div key={e.id} className="rounded-md border border-border bg-bg p-2 text-xs" data-event-id={e.id}>
            <div className="mb-1 flex flex-wrap gap-x-3 gap-y-0.5">
              <span className="font-mono text-muted">{new Date(e.utctimestamp).toLocaleString()}</span>
              <span className="font-semibold">{e.category}</span>
              <span className="text-muted">{e.hostname && <EntityLink kind="host" value={e.hostname} />}</span>
              <span className="min-w-0 break-all">{e.summary}</span>
            </div>
            {fields.length > 0 && (
              <dl className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-3 font-mono">
                {fields.slice(0, 40).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-muted">{k}</dt>
                    <dd className="min-w-0 break-all">
                      <EntityValue field={k} value={v} />
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </div>
        );
      })}
      {all.length > events.length && (
        <Button size="sm" variant="secondary" onClick={() => setMore(true)}>
          Show all {all.length} loaded events
        </Button>
      )}
      {(total ?? all.length) > events.length && (
        <p className="text-xs text-muted">
          Showing {events.length} of {total ?? all.length} events.
        </p>
      )}
    </div>
  );
}
