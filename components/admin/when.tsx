import { formatTime } from './types';

/** A time as date over clock: keeps table columns narrow so the informative ones get the room. */
export function When({ iso }: { iso: string | null | undefined }) {
  const d = iso ? new Date(iso) : undefined;
  if (!d || Number.isNaN(d.getTime())) return <>{formatTime(iso)}</>;
  return (
    <>
      <div>{d.toLocaleDateString()}</div>
      <div className="text-xs">{d.toLocaleTimeString()}</div>
    </>
  );
}
