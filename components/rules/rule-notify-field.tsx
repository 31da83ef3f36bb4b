'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../realtime/trpc';
import { Badge } from '../ui/badge';
import { ErrorText } from '../ui/states';
import { list, withField, type Draft } from './rule-draft';

const KIND: Record<string, string> = { webhook: 'webhook', slack: 'Slack/Mattermost', email: 'email' };

/**
 * The rule's `notify` list: which channels each of its alerts is sent to (once per channel). None
 * picked: the rule raises alerts without sending them anywhere. Channel ids the list no longer
 * knows (a deleted channel) stay visible so they can be unticked.
 */
export function RuleNotifyField({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const trpc = useTRPC();
  const options = useQuery(trpc.notifications.channelOptions.queryOptions());
  const picked = list(draft.notify);
  const set = (ids: string[]) => onChange(withField(draft, 'notify', ids.length ? ids : undefined));
  const known = options.data ?? [];
  const unknown = picked.filter((id) => !known.some((c) => c.id === id));
  return (
    <fieldset className="md:col-span-2" aria-describedby="rule-notify-help">
      <legend className="mb-1 text-xs font-semibold text-muted">Notify channels</legend>
      <p id="rule-notify-help" className="mb-2 text-xs text-muted">
        Each alert of this rule is sent once to every channel ticked here. None ticked: alerts are raised but not sent.
        Admins manage channels under Admin → Notifications.
      </p>
      {options.isPending ? (
        <p className="text-sm text-muted">Loading channels…</p>
      ) : options.isError ? (
        <ErrorText error={options.error} />
      ) : known.length === 0 && unknown.length === 0 ? (
        <p className="text-sm text-muted">No notification channels exist yet.</p>
      ) : (
        <ul className="flex flex-wrap gap-x-5 gap-y-1.5">
          {known.map((c) => (
            <li key={c.id}>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-[var(--accent)]"
                  checked={picked.includes(c.id)}
                  onChange={(e) => set(e.target.checked ? [...picked, c.id] : picked.filter((id) => id !== c.id))}
                />
                {c.name} <span className="text-xs text-muted">({KIND[c.kind] ?? c.kind})</span>
                {!c.enabled && <Badge>disabled</Badge>}
              </label>
            </li>
          ))}
          {unknown.map((id) => (
            <li key={id}>
              <label className="flex items-center gap-2 text-sm text-muted">
                <input
                  type="checkbox"
                  className="size-4"
                  checked
                  onChange={() => set(picked.filter((x) => x !== id))}
                />
                deleted channel <code className="text-xs">{id.slice(0, 8)}…</code>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
