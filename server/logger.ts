import pino from 'pino';
import pinoPretty from 'pino-pretty';

export type Logger = pino.Logger;

/** `pretty`: coloured one-line records for a person at a terminal; `json`: one JSON object per line for collectors. */
export type LogFormat = 'json' | 'pretty';

/** What PICKET_LOG_FORMAT=auto means for this process: pretty only when stdout is a terminal. */
export function resolveLogFormat(setting: 'auto' | LogFormat, stdoutIsTty = process.stdout.isTTY === true): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTty ? 'pretty' : 'json';
}

export function createLogger(level: string, format: LogFormat = 'json', destination?: NodeJS.WritableStream): Logger {
  const opts = { level, base: { app: 'picket' }, timestamp: pino.stdTimeFunctions.isoTime };
  if (format === 'pretty') {
    // Synchronous: a crash's last lines must reach the terminal before the process exits.
    const pretty = pinoPretty({
      colorize: true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,app',
      destination: destination ?? 1,
    });
    return pino(opts, pretty);
  }
  return destination ? pino(opts, destination) : pino(opts);
}
