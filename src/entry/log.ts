// The logger entries hand the app: pino, as JSON lines on stdout (errors included, so one
// stream holds the whole story); LOG_LEVEL picks the level.
import { pino } from 'pino';
import type { Logger } from '../app/ports/index.js';

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  const p = pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, formatters: { level: (label) => ({ level: label }) } });
  return {
    debug: (msg, extra) => p.debug(extra ?? {}, msg),
    info: (msg, extra) => p.info(extra ?? {}, msg),
    warn: (msg, extra) => p.warn(extra ?? {}, msg),
    error: (msg, extra) => p.error(extra ?? {}, msg),
  };
}
