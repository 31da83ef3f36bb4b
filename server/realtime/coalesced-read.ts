/**
 * Identical reads requested together share one run, and no caller is answered from a run that
 * started before its call: a call while a run for its key is in flight waits for the next run,
 * which starts when that one ends and serves every call that arrived meanwhile. So when one change
 * makes N live clients refetch the same thing at once, the database answers twice, not N times,
 * and each client still sees everything committed before it asked (as coalescedReload does for
 * reloads). A failed run rejects the calls it serves; the next call starts afresh.
 */
export class CoalescedReads<T> {
  private readonly slots = new Map<string, { running: Promise<T>; next?: Promise<T> }>();

  read(key: string, run: () => Promise<T>): Promise<T> {
    const slot = this.slots.get(key);
    if (!slot) return this.start(key, run);
    const after = () => this.start(key, run);
    return (slot.next ??= slot.running.then(after, after));
  }

  /** Keys with a run in flight (for tests: nothing is kept once the runs end). */
  get size(): number {
    return this.slots.size;
  }

  private start(key: string, run: () => Promise<T>): Promise<T> {
    const slot: { running: Promise<T>; next?: Promise<T> } = {
      running: Promise.resolve().then(run),
    };
    this.slots.set(key, slot);
    const release = () => {
      // With calls waiting, their run (chained on this one) takes the slot over; otherwise free it.
      if (this.slots.get(key) === slot && slot.next === undefined) this.slots.delete(key);
    };
    slot.running.then(release, release);
    return slot.running;
  }
}
