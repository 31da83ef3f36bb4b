// In-process tRPC callers for people a test creates, and what the bus said meanwhile: the
// session-signed-in shape the UI's calls take, without a browser.
import type { Identity, Role } from '../server/auth/permissions.ts';
import type { SequencedChange } from '../server/realtime/bus.ts';
import { createCallerFactory } from '../server/trpc/init.ts';
import { appRouter } from '../server/trpc/router.ts';
import type { TestServer } from './server-harness.ts';

const makeCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof makeCaller>;

/** A caller acting as `identity`, signed in by session unless told otherwise. */
export function callerFor(s: TestServer, identity: Identity, via: 'session' | 'token' = 'session'): Caller {
  return makeCaller({
    identity,
    via,
    ip: '127.0.0.1',
    log: s.picket.log,
    services: s.picket.trpcServices,
  });
}

export interface Person {
  id: string;
  email: string;
  caller: Caller;
}

/** Creates each user and a caller signed in as them, keyed as given. */
export async function createPeople<K extends string>(
  s: TestServer,
  list: ReadonlyArray<readonly [K, string, Role]>,
): Promise<Record<K, Person>> {
  const people = {} as Record<K, Person>;
  for (const [key, email, role] of list) {
    const { user } = await s.picket.users.create({ email, role }, 'system');
    const identity: Identity = { kind: 'user', id: user.id, name: email, role, ingestOnly: false };
    people[key] = { id: user.id, email, caller: callerFor(s, identity) };
  }
  return people;
}

/** Bus messages on a topic while `fn` runs (and 50 ms after, for the publish after commit). */
export async function heard(s: TestServer, topic: string, fn: () => Promise<unknown>): Promise<SequencedChange[]> {
  const got: SequencedChange[] = [];
  const off = s.picket.bus.subscribe(topic, (c) => got.push(c));
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 50));
  } finally {
    off();
  }
  return got;
}
