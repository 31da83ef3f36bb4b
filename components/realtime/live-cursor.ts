// Cursors are the server's "<epoch>.<seq>" event ids (server/realtime/bus.ts encodeCursor).

/**
 * True when `cursor` comes after `last` and should be delivered. Within one epoch sequence numbers
 * only grow, so an equal or smaller one is a duplicate; a different epoch means the server's
 * sequence restarted and the item (a resync) must get through.
 */
export function isNewer(cursor: string, last: string | undefined): boolean {
  if (last === undefined) return true;
  const [epoch, seq] = split(cursor);
  const [lastEpoch, lastSeq] = split(last);
  return epoch !== lastEpoch || seq > lastSeq;
}

function split(cursor: string): [string, number] {
  const dot = cursor.lastIndexOf('.');
  return [cursor.slice(0, dot), Number(cursor.slice(dot + 1))];
}
