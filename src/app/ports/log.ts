// The logger features and the front door write to: pino as JSON lines in the entries, a
// collector in tests. `extra` is structured context, never a message body a user typed.
export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}
