// The one error type: a stable code says what went wrong, so the CLI maps codes (not class
// names) to exit codes and the log can be searched by code. Expected outcomes are values,
// never errors; these are for bad input at the edges, and for infrastructure.

export const errorCodes = [
  /** A command line that cannot be understood (exit 2). */
  'USAGE',
  /** An environment variable missing or malformed. */
  'CONFIG',
  /** A plan, directory or calendar file with mistakes. */
  'PLAN_FILE',
  'UNKNOWN_PLAN',
  /** An argument or value of the wrong shape (a date, a format, a file). */
  'BAD_INPUT',
  /** Lark's request failed verification or decryption. */
  'LARK_SIGNATURE',
  'LARK_PAYLOAD',
  /** Lark's API answered with an error. */
  'LARK_API',
  /** Writing an export was given up. */
  'EXPORT_ABORTED',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class DubanError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DubanError';
  }
}

export function isDubanError(e: unknown, code?: ErrorCode): e is DubanError {
  return e instanceof DubanError && (code === undefined || e.code === code);
}
