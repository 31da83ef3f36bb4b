import { describe, expect, it } from 'vitest';
import { AlertBacklog } from './alert-backlog.ts';

describe('alert backlog', () => {
  it('lets batches through under the limit and holds them past it until the queue goes to a write', async () => {
    const b = new AlertBacklog(10);
    b.add(4);
    b.add(0); // a deadman firing still counts
    expect(b.size).toBe(5);
    expect(b.below()).toBeUndefined();
    b.add(6);
    const waiting = b.below();
    expect(waiting).toBeInstanceOf(Promise);
    let released = false;
    void waiting!.then(() => (released = true));
    await Promise.resolve();
    expect(released).toBe(false);
    b.taken();
    await waiting;
    expect(released).toBe(true);
    expect(b.size).toBe(0);
    expect(b.below()).toBeUndefined();
  });

  it('releases everyone when the engine stops', async () => {
    const b = new AlertBacklog(1);
    b.add(5);
    const waits = [b.below(), b.below()];
    b.release();
    await Promise.all(waits);
    expect(b.size).toBe(5);
  });
});
