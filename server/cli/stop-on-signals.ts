/**
 * Long-running roles (`picket start`, `picket worker`) stop cleanly on the first SIGINT/SIGTERM and
 * exit at once on a second one (an operator who pressed Ctrl-C twice means it).
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  let signals = 0;
  const onSignal = () => {
    if (++signals > 1) process.exit(130);
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
