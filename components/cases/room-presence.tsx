'use client';

import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { onlinePeople } from '@/components/realtime/presence-people';
import { useTRPC, useTRPCClient } from '@/components/realtime/trpc';

/** An activity older than this is over (the client re-sends while typing continues). */
const TYPING_FRESH_MS = 6000;
const TYPING_THROTTLE_MS = 2000;

/**
 * Who else has this case open, from the shell's presence list (same query, kept live by the
 * presence bar), and who is typing where. Names come from other clients: text only.
 */
export function RoomPresence({ page, self }: { page: string; self: { kind: string; id: string } }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.presence.list.queryOptions());
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const here = (list.data ?? []).filter((e) => e.page === page);
  const people = onlinePeople(here, self);
  const typing = here.filter(
    (e) =>
      !(e.identity.kind === self.kind && e.identity.id === self.id) &&
      e.activity &&
      now - Date.parse(e.activity.at) < TYPING_FRESH_MS,
  );
  return (
    <div
      data-testid="room-presence"
      className="flex flex-wrap items-center gap-2 text-xs text-muted"
      aria-live="polite"
    >
      {people.length === 0 ? (
        <span>Only you are viewing this case.</span>
      ) : (
        <>
          <span>Also viewing:</span>
          {people.map((p) => (
            <span
              key={p.key}
              data-viewer={p.name}
              className="inline-flex items-center gap-1 rounded-full border border-border bg-panel px-2 py-0.5 text-fg"
            >
              <span aria-hidden className="size-1.5 rounded-full bg-ok" />
              {p.name}
            </span>
          ))}
        </>
      )}
      {typing.map((e) => (
        <span key={e.connectionId} data-testid="typing" className="italic">
          {e.identity.name} is typing in {e.activity!.what}…
        </span>
      ))}
    </div>
  );
}

/** Reports "typing in <where>" at most every couple of seconds while the user types. */
export function useTypingReport(): (where: string) => void {
  const client = useTRPCClient();
  const last = useRef<{ where: string; at: number } | null>(null);
  return useCallback(
    (where: string) => {
      const now = Date.now();
      if (last.current && last.current.where === where && now - last.current.at < TYPING_THROTTLE_MS) return;
      last.current = { where, at: now };
      client.presence.setActivity.mutate({ what: where }).catch(() => undefined);
    },
    [client],
  );
}
