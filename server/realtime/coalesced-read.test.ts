import { describe, expect, it } from 'vitest';
import { CoalescedReads } from './coalesced-read.ts';

/** A store whose reads take a snapshot of `committed` when they start and answer when released. */
function slowStore() {
  let committed = 0;
  let runs = 0;
  const gates: Array<() => void> = [];
  return {
    commit: () => ++committed,
    get runs() {
      return runs;
    },
    read: () => {
      runs++;
      const snapshot = committed;
      return new Promise<number>((resolve) => gates.push(() => resolve(snapshot)));
    },
    /** Lets the oldest pending read answer. */
    release: async () => {
      await new Promise((r) => setImmediate(r));
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('CoalescedReads', () => {
  it('serves every call that arrives during a read from one later read, never from the earlier snapshot', async () => {
    const store = slowStore();
    const reads = new CoalescedReads<number>();
    const first = reads.read('case-1', store.read);
    await new Promise((r) => setImmediate(r));
    store.commit(); // a change commits while the first read runs; the clients told about it ask now
    const waiting = Array.from({ length: 50 }, () => reads.read('case-1', store.read));
    await store.release();
    expect(await first).toBe(0);
    expect(store.runs).toBe(2);
    await store.release();
    expect(await Promise.all(waiting)).toEqual(Array(50).fill(1));
    expect(store.runs).toBe(2);
    expect(reads.size).toBe(0);
  });

  it('keeps different keys apart and runs a lone call at once', async () => {
    const store = slowStore();
    const reads = new CoalescedReads<number>();
    const a = reads.read('a', store.read);
    const b = reads.read('b', store.read);
    await new Promise((r) => setImmediate(r));
    expect(store.runs).toBe(2);
    await store.release();
    await store.release();
    expect([await a, await b]).toEqual([0, 0]);
  });

  it('rejects only the calls a failed read serves; the ones waiting get the next read', async () => {
    const reads = new CoalescedReads<string>();
    let fail = true;
    let release: () => void = () => undefined;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const failing = fail;
        fail = false;
        release = () => (failing ? reject(new Error('connection lost')) : resolve('ok'));
      });
    const first = reads.read('k', run);
    await new Promise((r) => setImmediate(r));
    const second = reads.read('k', run);
    release();
    await expect(first).rejects.toThrow('connection lost');
    await new Promise((r) => setImmediate(r));
    release();
    expect(await second).toBe('ok');
    expect(reads.size).toBe(0);
  });
});
