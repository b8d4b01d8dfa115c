/**
 * Request pacing for rate-limited feeds: a sliding-window limiter (at most N requests in any
 * window of W ms, the form NVD states its limit in) and the HTTP `Retry-After` header
 * (RFC 9110 §10.2.3: delay-seconds or an HTTP-date). Pure arithmetic over a given clock.
 */
export class SlidingWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #sent: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.#limit = Math.max(1, limit);
    this.#windowMs = windowMs;
  }

  /** Milliseconds to wait before the next request may go out at time `now`. */
  delay(now: number): number {
    while (this.#sent.length > 0 && (this.#sent[0] ?? 0) <= now - this.#windowMs) this.#sent.shift();
    if (this.#sent.length < this.#limit) return 0;
    return (this.#sent[0] ?? now) + this.#windowMs - now;
  }

  /** Records a request sent at `now`. */
  record(now: number): void {
    this.#sent.push(now);
  }
}

/** Seconds to wait per a Retry-After value, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
