/**
 * Ward's error vocabulary (see ../../STYLE notes in src/core/README.md).
 *
 * Expected domain outcomes (an invalid version, an unparsable line) are *values*, not errors.
 * Operational failures throw a WardError with a stable `code`; the CLI maps codes to exit status
 * and the server maps them to HTTP status. Bugs throw BugError and are never caught below the top.
 */
export type WardErrorCode =
  | 'input.invalid' // a file or argument the user gave is malformed
  | 'input.unsupported' // well-formed, but a format/ecosystem Ward does not handle
  | 'not-found'
  | 'conflict'
  | 'source.unavailable' // a remote feed could not be reached (retryable)
  | 'store.failed' // the database refused an operation
  | 'aborted';

export interface WardErrorOptions {
  cause?: unknown;
  /** File the problem was found in, when there is one. */
  file?: string;
  /** 1-based line, when known. */
  line?: number;
  /** Field/JSON path, when known (e.g. `affected[0].ranges[1].events`). */
  field?: string;
  /** Seconds after which a retry may succeed (rate limits). */
  retryAfter?: number;
}

export class WardError extends Error {
  override readonly name: string = 'WardError';
  readonly code: WardErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(code: WardErrorCode, message: string, options: WardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }

  /** "file:line: field: message" — the one-line form the CLI prints. */
  describe(): string {
    const where = [this.file, this.line].filter((part) => part !== undefined).join(':');
    const prefix = [where, this.field].filter((part) => part).join(': ');
    return prefix ? `${prefix}: ${this.message}` : this.message;
  }
}

/** A broken invariant inside Ward itself. Never caught except at the top level. */
export class BugError extends Error {
  override readonly name = 'BugError';
}

export function assertNever(value: never, what = 'value'): never {
  throw new BugError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** A non-fatal problem found while reading input: reported and counted, never silently dropped. */
export interface Problem {
  file: string;
  line?: number;
  field?: string;
  message: string;
  /** 'error' = the item was skipped; 'warning' = it was kept with a caveat. */
  severity: 'error' | 'warning';
}
