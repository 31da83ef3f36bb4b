/**
 * Wraps a reload (of a list, of plugins) announced on the bus: a call while one runs causes exactly
 * one more run after it, and its promise settles after that run, so a caller always waits for a load
 * that started after its call. `load` must not throw (it logs and keeps the previous state).
 */
export function coalescedReload(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
