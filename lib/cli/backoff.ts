import { setTimeout as delay } from 'node:timers/promises'

/** How to retry what DynamoDB left unprocessed. */
export interface RetryOptions {
  /** Attempts in all, the first included. Default 8. */
  readonly maxAttempts?: number
  /** The first back-off's ceiling. Default 50 ms. */
  readonly baseDelayMs?: number
  /** No back-off is longer. Default 5 s. */
  readonly maxDelayMs?: number
  /** Waits; tests pass one that records the delays. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  /** A number in [0, 1); default `Math.random`. */
  readonly random?: () => number
}

/** `RetryOptions` with every default applied. */
export type ResolvedRetryOptions = Required<RetryOptions>

/** The defaults of `RetryOptions`, checked. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = {
    maxAttempts: options.maxAttempts ?? 8,
    baseDelayMs: options.baseDelayMs ?? 50,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    sleep:
      options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal })),
    random: options.random ?? Math.random,
  }
  if (!Number.isSafeInteger(resolved.maxAttempts) || resolved.maxAttempts < 1) {
    throw new TypeError('retry.maxAttempts must be a positive integer')
  }
  return resolved
}

/**
 * The wait before retry number `retry` (1 for the first): exponential
 * back-off with full jitter, a random time up to `baseDelayMs × 2^(retry−1)`,
 * capped at `maxDelayMs`, so many writers that were throttled together do
 * not retry together.
 *
 * @example
 * backoffDelay(3, resolveRetryOptions({ random: () => 0.5 })) // 100
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1))
  return Math.floor(options.random() * ceiling)
}
