/**
 * The one error type of runlens. `code` is stable (tests and clients match on it), `status` is the HTTP status
 * where one applies, and `message` says what was wrong in words a user can act on.
 */
export class RunlensError extends Error {
  readonly code: RunlensErrorCode;
  readonly status: number;
  /** Where the problem is: e.g. `{ index: 3, field: "value" }` for a bad point in a batch. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: RunlensErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'RunlensError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }

  toJSON(): { error: { code: string; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** The catalogue of error codes, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  FILTER_SYNTAX: 400,
  BAD_CURSOR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type RunlensErrorCode = keyof typeof ERROR_STATUS;

export function isRunlensError(e: unknown): e is RunlensError {
  return e instanceof RunlensError;
}
