// `picket worker`: a process that only consumes the Redis queue (normalize → enrich → store → the
// cluster's alert stream), as many as you like, on any machine. No HTTP; SIGINT/SIGTERM let the
// running batches finish, and anything not acknowledged is redelivered to another worker.
import { createPicket } from '../app.ts';
import type { Config } from '../config.ts';
import { createLogger, resolveLogFormat } from '../logger.ts';
import { stopOnSignals } from '../cli/stop-on-signals.ts';

export async function runWorker(cfg: Config, opts: { concurrency: number }): Promise<void> {
  const log = createLogger(cfg.PICKET_LOG_LEVEL, resolveLogFormat(cfg.PICKET_LOG_FORMAT));
  const picket = await createPicket(cfg, log, { role: 'worker', concurrency: opts.concurrency });
  console.log(`Picket worker ready (concurrency ${opts.concurrency})`);
  stopOnSignals(() => {
    log.info('worker shutting down: finishing running batches');
    return picket.stop();
  });
}
